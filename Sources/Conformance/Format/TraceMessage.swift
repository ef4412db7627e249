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
        case .viewChange(let content):
            "VIEW-CHANGE(\(content.view), h=\(content.checkpoint.number), P=[\(content.prepared.map(\.summary).joined(separator: " "))])"
        case .newView(let content): "NEW-VIEW(\(content.summary))"
        }
    }
}
