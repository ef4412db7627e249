/// A message between replicas (Castro & Liskov, OSDI '99 §4.2–4.4), plus the two of state transfer
/// (§4.3). Client requests and replies are separate (`ClientRequest`, `ClientReply`).
public enum ProtocolMessage: Hashable, Sendable {
    /// The primary assigns a sequence number to a batch.
    case prePrepare(PrePrepare)
    /// A backup has accepted the PRE-PREPARE.
    case prepare(SlotVote)
    /// The sender is prepared.
    case commit(SlotVote)
    /// The sender's checkpoint state.
    case checkpoint(CheckpointVote)
    /// The sender moves to a new view.
    case viewChange(ViewChange)
    /// The new primary's announcement.
    case newView(NewView)
    /// A lagging replica asks for a checkpoint's state.
    case fetchState(StateFetch)
    /// The answer: a checkpoint's full state.
    case state(CheckpointSnapshot)

    /// The message's name in the bftcheck trace format, and an id unique per correct sender derived from
    /// the content (`PP.v0.s1.<digest>`), or `nil` for state transfer, which the format does not have.
    ///
    /// A correct replica sends at most one message per (type, view, sequence number), so naming by
    /// content needs no identifier on the wire; the digest keeps an equivocating sender's two messages
    /// apart.
    public var traceID: String? {
        switch self {
        case .prePrepare(let m): "PP.\(m.view).\(m.sequence).\(m.batch.digest.hex.prefix(16))"
        case .prepare(let m): "P.\(m.view).\(m.sequence).\(m.digest.hex.prefix(16))"
        case .commit(let m): "C.\(m.view).\(m.sequence).\(m.digest.hex.prefix(16))"
        case .checkpoint(let m): "CP.\(m.sequence).\(m.stateDigest.hex.prefix(16))"
        case .viewChange(let m): "VC.\(m.view)"
        case .newView(let m): "NV.\(m.view)"
        case .fetchState, .state: nil
        }
    }
}
