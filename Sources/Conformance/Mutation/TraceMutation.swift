/// The ways the mutation suite alters a valid trace; the oracle must reject each mutant at a known
/// event (Docs/conformance.md lists them with the divergence each produces).
public enum TraceMutation: String, CaseIterable, Sendable {
    /// A receive that a later step needs is removed: the step lacks its evidence.
    case dropReceive = "drop-receive"
    /// A receive is moved before its send (in a merged file; with per-replica files, before an event
    /// its send depends on, closing a causal cycle).
    case receiveBeforeSend = "receive-before-send"
    /// A correct replica's PRE-PREPARE, PREPARE or COMMIT carries another digest.
    case changeDigest = "change-digest"
    /// A replica becomes prepared (and would send COMMIT) before it has its PREPAREs.
    case tooFewPrepares = "too-few-prepares"
    /// A replica executes seq n + 1 before seq n.
    case executeOutOfOrder = "execute-out-of-order"
    /// A replica receives a message claiming a correct sender that never sent it.
    case forgedSender = "forged-sender"
    /// A correct replica's log is cut short while others still receive what it sent later.
    case truncatedLog = "truncated-log"
    /// A replica's log goes on after its last explainable event with events no step explains.
    case trailingEvents = "trailing-events"

    /// One line on what the mutation does.
    public var summary: String {
        switch self {
        case .dropReceive: "remove a receive a later step needs"
        case .receiveBeforeSend: "move a receive before its send"
        case .changeDigest: "change the digest of a correct replica's message"
        case .tooFewPrepares: "become prepared (send COMMIT) before the quorum of PREPAREs arrives"
        case .executeOutOfOrder: "execute two sequence numbers in the wrong order"
        case .forgedSender: "receive a message claiming a correct sender that never sent it"
        case .truncatedLog: "cut a correct replica's log short"
        case .trailingEvents: "append events after the last explainable one"
        }
    }
}
