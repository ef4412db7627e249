import MessagePassing
import ProtocolSpecs

/// What one replica has received: for each message content, the distinct senders it came from.
///
/// Quorum steps are judged against it ("prepared after 2 matching PREPAREs from distinct backups"),
/// so a replica that acts on messages it never received diverges even when the messages exist.
struct Evidence {
    /// Content key → senders. Keys pack the type with view, sequence number and digest (or state).
    private var senders: [UInt64: ReplicaSet] = [:]
    /// The NEW-VIEW contents received, with their senders, in order of receipt.
    private(set) var newViews: [(sender: ReplicaID, content: NewViewContent)] = []

    static func key(_ type: TraceFormat.MessageType, view: Int = 0, seq: Int = 0, item: Int = 0) -> UInt64 {
        let code: UInt64
        switch type {
        case .prePrepare: code = 1
        case .prepare: code = 2
        case .commit: code = 3
        case .checkpoint: code = 4
        case .viewChange: code = 5
        case .newView: code = 6
        }
        return code << 56 | UInt64(view) << 48 | UInt64(seq) << 40 | UInt64(truncatingIfNeeded: item) & 0xFF_FFFF_FFFF
    }

    /// The senders from which a message with content `key` was received.
    @inline(__always)
    func senders(of key: UInt64) -> ReplicaSet { senders[key] ?? ReplicaSet() }

    /// Records that `content` arrived from `sender`.
    mutating func record(_ message: TraceMessage, from sender: ReplicaID, binding: SpecBinding) {
        switch message {
        case .prePrepare(let view, let seq, let digest):
            senders[Self.key(.prePrepare, view: view.number, seq: seq.number, item: binding.digestIndex[digest]!), default: ReplicaSet()]
                .insert(sender)
        case .prepare(let view, let seq, let digest):
            senders[Self.key(.prepare, view: view.number, seq: seq.number, item: binding.digestIndex[digest]!), default: ReplicaSet()]
                .insert(sender)
        case .commit(let view, let seq, let digest):
            senders[Self.key(.commit, view: view.number, seq: seq.number, item: binding.digestIndex[digest]!), default: ReplicaSet()]
                .insert(sender)
        case .checkpoint(let seq, let state):
            senders[Self.key(.checkpoint, seq: seq.number, item: binding.stateIndex[state]!), default: ReplicaSet()].insert(sender)
        case .viewChange(let content):
            senders[Self.key(.viewChange, view: content.view.number), default: ReplicaSet()].insert(sender)
        case .newView(let content):
            if !newViews.contains(where: { $0.sender == sender && $0.content.hasSameProposal(as: content) }) {
                newViews.append((sender, content))
            }
        }
    }
}
