import MessagePassing

/// One replica of Bracha's reliable broadcast: which value it broadcast (the sender only), echoed
/// and declared ready for, and what it delivered (Bracha 1987, Fig. 1). Plain values: the compact
/// encoding is derived from `ReliableBroadcast.visitFields(of:with:)`.
///
/// A correct replica echoes at most once, is ready at most once and — the property `AtMostOnce`
/// checks — delivers at most once; `delivered` is a set so that a rule that broke this would show.
public struct BroadcastReplica: Hashable, Sendable, Codable {
    /// The value this replica broadcast as the sender (INITIAL sent), if any.
    public internal(set) var broadcast: BroadcastValue?
    /// The value of the ECHO this replica sent, if any.
    public internal(set) var echoed: BroadcastValue?
    /// The value of the READY this replica sent, if any.
    public internal(set) var readied: BroadcastValue?
    /// The values this replica delivered (accepted, in Bracha's words).
    public internal(set) var delivered: DenseSet<BroadcastValue>

    /// A replica that has done nothing.
    public init() {
        broadcast = nil
        echoed = nil
        readied = nil
        delivered = DenseSet()
    }
}
