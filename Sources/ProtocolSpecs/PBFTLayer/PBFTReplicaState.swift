import MessagePassing

/// One replica's local state in the layer port of PBFT (`PBFTLayer`): plain values — a view, a
/// stable checkpoint, a ledger from slots to digests. What it has sent is on the network, not here;
/// the compact encoding is derived from `PBFTLayer.visitFields(of:with:)` (Castro & Liskov §4.2–4.4).
public struct PBFTReplicaState: Hashable, Sendable, Codable {
    /// The view the replica is in, or is changing to (Castro & Liskov §4.4).
    public var view: View
    /// Whether it sent VIEWCHANGE(`view`) and waits for NEWVIEW(`view`): it then takes part only in
    /// checkpoints and view changes (Castro & Liskov §4.4).
    public var isAwaitingNewView: Bool
    /// h: the last stable checkpoint (Castro & Liskov §4.3); 0 is genesis.
    public var stableCheckpoint: SequenceNumber
    /// The state of its stable checkpoint when its spec judges a trace (hashed, or as the
    /// implementation named it): what later states are folded from once the log below it is
    /// discarded. Always `LedgerState.genesis` in a model-checked spec, whose ledger holds
    /// everything (and which never packs this field).
    public var stableState: LedgerState
    /// The last sequence number its log reported executing, when its spec judges a trace (a
    /// trace's `executed` events, `PBFTLayer.Input.execute`); a model-checked replica executes as it
    /// commits (`executedCount`) and never moves it (nor packs it).
    public var executedThrough: SequenceNumber
    /// Whether it committed two different digests at one slot (across views): recorded so that
    /// Agreement sees it.
    public var hasConflictingCommit: Bool
    /// The digest committed at each slot (committed-local, §4.2), or obtained with a stable
    /// checkpoint by state transfer (§4.3). Execution is in slot order: the executed ledger is the
    /// longest gap-free prefix. A slot, once filled, never changes.
    public var ledger: DenseMap<SequenceNumber, Digest>

    /// A replica in view 0 at genesis.
    public init() {
        view = View(0)
        isAwaitingNewView = false
        stableCheckpoint = .genesis
        stableState = .genesis
        executedThrough = .genesis
        hasConflictingCommit = false
        ledger = DenseMap()
    }

    /// The number of slots executed: the length of the gap-free prefix of the ledger. Every slot up
    /// to the stable checkpoint is executed (a stable checkpoint's state fills the ledger up to it,
    /// `PBFTLayer.adopting(_:state:into:)`), so the count starts there: a ledger whose entries up to h were discarded
    /// (Castro & Liskov §4.3's garbage collection) counts the same.
    public var executedCount: Int {
        stableCheckpoint.number + ledger.consecutiveCount(from: SequenceNumber(stableCheckpoint.number + 1))
    }

    /// The ledger's slots 1 … `count`: what the invariants compare, and the result a reply carries
    /// (Castro & Liskov §4.3).
    public func ledgerPrefix(_ count: Int) -> DenseMap<SequenceNumber, Digest> {
        var prefix = DenseMap<SequenceNumber, Digest>()
        for (slot, digest) in ledger where slot.number <= count { prefix[slot] = digest }
        return prefix
    }
}
