import MessagePassing
import ProtocolSpecs

/// The content of a protocol message as an implementation logs it (Docs/trace-format.md,
/// "Messages"). Digests, checkpoint states and results are the implementation's own strings.
public enum TraceMessage: Hashable, Sendable {
    /// ⟨PRE-PREPARE, v, n, d⟩.
    case prePrepare(view: View, seq: SequenceNumber, digest: String)
    /// ⟨PREPARE, v, n, d⟩.
    case prepare(view: View, seq: SequenceNumber, digest: String)
    /// ⟨COMMIT, v, n, d⟩.
    case commit(view: View, seq: SequenceNumber, digest: String)
    /// ⟨CHECKPOINT, n, state digest⟩.
    case checkpoint(seq: SequenceNumber, state: String)
    /// ⟨VIEW-CHANGE, v, h, state of h, prepared certificates⟩.
    case viewChange(ViewChangeContent)
    /// ⟨NEW-VIEW, v, V, O⟩.
    case newView(NewViewContent)

    /// The message's type.
    public var type: TraceFormat.MessageType {
        switch self {
        case .prePrepare: .prePrepare
        case .prepare: .prepare
        case .commit: .commit
        case .checkpoint: .checkpoint
        case .viewChange: .viewChange
        case .newView: .newView
        }
    }

    /// E.g. `PREPARE(v0, 1, req1)`.
    public var summary: String {
        switch self {
        case .prePrepare(let view, let seq, let digest): "PRE-PREPARE(\(view), \(seq.number), \(digest))"
        case .prepare(let view, let seq, let digest): "PREPARE(\(view), \(seq.number), \(digest))"
        case .commit(let view, let seq, let digest): "COMMIT(\(view), \(seq.number), \(digest))"
        case .checkpoint(let seq, let state): "CHECKPOINT(\(seq.number), \(state))"
        case .viewChange(let content): "VIEW-CHANGE(\(content.view), h=\(content.checkpoint.number), P=[\(content.prepared.map(\.summary).joined(separator: " "))])"
        case .newView(let content): "NEW-VIEW(\(content.summary))"
        }
    }
}

/// A prepared certificate as a VIEW-CHANGE carries it: the replica prepared `digest` at `seq` in
/// `view` (the PRE-PREPARE and quorum − 1 matching PREPAREs, Castro & Liskov §4.4).
public struct PreparedClaim: Hashable, Sendable {
    /// The sequence number.
    public var seq: SequenceNumber
    /// The view it was prepared in.
    public var view: View
    /// The digest.
    public var digest: String

    /// A claim.
    public init(seq: SequenceNumber, view: View, digest: String) {
        self.seq = seq
        self.view = view
        self.digest = digest
    }

    /// `2=req1@v0`.
    public var summary: String { "\(seq.number)=\(digest)@\(view)" }
}

/// What a VIEW-CHANGE says: the view it moves to, the sender's stable checkpoint and its state, and
/// for each sequence number above it the certificate of the highest view the sender prepared in.
public struct ViewChangeContent: Hashable, Sendable {
    /// The view the sender moves to.
    public var view: View
    /// h, the sender's last stable checkpoint.
    public var checkpoint: SequenceNumber
    /// The state digest of checkpoint h (`nil` for genesis, h = 0).
    public var state: String?
    /// The prepared certificates P, by ascending sequence number.
    public var prepared: [PreparedClaim]

    /// A VIEW-CHANGE content.
    public init(view: View, checkpoint: SequenceNumber, state: String?, prepared: [PreparedClaim]) {
        self.view = view
        self.checkpoint = checkpoint
        self.state = state
        self.prepared = prepared
    }
}

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
