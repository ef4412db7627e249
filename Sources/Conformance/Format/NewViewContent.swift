import MessagePassing
import ProtocolSpecs

/// What a NEW-VIEW says (and what a `new-view` event records): the view, min-s with its state, and O,
/// the digests for min-s + 1 … max-s; optionally V, the replicas whose VIEW-CHANGEs it was built from.
public struct NewViewContent: Hashable, Sendable {
    /// The view entered.
    public var view: View
    /// min-s: the latest stable checkpoint in V.
    public var checkpoint: SequenceNumber
    /// The state digest of min-s (`nil` for genesis).
    public var state: String?
    /// O: one digest per sequence number min-s + 1, min-s + 2, … (the null digest where V had no
    /// certificate).
    public var proposals: [String]
    /// V's senders, if logged.
    public var viewChanges: [ReplicaID]?

    /// A NEW-VIEW content.
    public init(view: View, checkpoint: SequenceNumber, state: String?, proposals: [String], viewChanges: [ReplicaID]? = nil) {
        self.view = view
        self.checkpoint = checkpoint
        self.state = state
        self.proposals = proposals
        self.viewChanges = viewChanges
    }

    /// Whether two contents say the same about the view (V aside).
    public func hasSameProposal(as other: NewViewContent) -> Bool {
        view == other.view && checkpoint == other.checkpoint && state == other.state && proposals == other.proposals
    }

    /// `v1, h=0, O=[1:req1 2:null]`.
    public var summary: String {
        let entries = proposals.enumerated().map { "\(checkpoint.number + $0.offset + 1):\($0.element)" }
        return "\(view), h=\(checkpoint.number), O=[\(entries.joined(separator: " "))]"
    }
}
