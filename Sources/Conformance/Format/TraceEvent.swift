import MessagePassing
import ProtocolSpecs

/// One line of a replica's log: who, its position in that replica's log, and what happened
/// (Docs/trace-format.md, "Events").
public struct TraceEvent: Hashable, Sendable {
    /// What happened.
    public enum Body: Hashable, Sendable {
        /// The replica sent `message` under id `msg` to the replicas `to`.
        case send(msg: String, to: [ReplicaID], message: TraceMessage)
        /// The replica received message `msg` from `from`, with the content it saw (if logged).
        case receive(msg: String, from: ReplicaID, message: TraceMessage?)
        /// The replica accepted a client request.
        case request(digest: String)
        /// The replica pre-prepared `digest` at (`view`, `seq`): the primary assigned it, a backup
        /// accepted the primary's PRE-PREPARE.
        case prePrepared(view: View, seq: SequenceNumber, digest: String)
        /// The replica is prepared at (`view`, `seq`, `digest`).
        case prepared(view: View, seq: SequenceNumber, digest: String)
        /// The replica committed (`view`, `seq`, `digest`) locally.
        case committed(view: View, seq: SequenceNumber, digest: String)
        /// The replica executed `digest` at `seq`, with `result` (the reply it sends).
        case executed(seq: SequenceNumber, digest: String, result: String?)
        /// The replica took a checkpoint of its state after executing `seq`.
        case checkpointTaken(seq: SequenceNumber, state: String)
        /// Checkpoint `seq` with `state` became stable at the replica.
        case checkpointStable(seq: SequenceNumber, state: String)
        /// The replica started a view change to `view`.
        case viewChangeStarted(view: View)
        /// The replica entered a new view: the new primary on sending NEW-VIEW, a backup on accepting it.
        case newViewEntered(NewViewContent)

        /// The kind, as written in the `event` field.
        public var kind: TraceFormat.EventKind {
            switch self {
            case .send: .send
            case .receive: .receive
            case .request: .request
            case .prePrepared: .prePrepared
            case .prepared: .prepared
            case .committed: .committed
            case .executed: .executed
            case .checkpointTaken: .checkpoint
            case .checkpointStable: .checkpointStable
            case .viewChangeStarted: .viewChange
            case .newViewEntered: .newView
            }
        }
    }

    /// The replica that logged the event.
    public var replica: ReplicaID
    /// Its position in that replica's log: 1, 2, 3, … without gaps.
    public var lsn: Int
    /// What happened.
    public var body: Body
    /// Where it was read from (or will be written to).
    public var location: TraceLocation

    /// An event.
    public init(replica: ReplicaID, lsn: Int, body: Body, location: TraceLocation) {
        self.replica = replica
        self.lsn = lsn
        self.body = body
        self.location = location
    }

    /// A one-line rendering with replica names from `header`, e.g. `r1 #7 recv r0.3 from r0:
    /// PRE-PREPARE(v0, 1, req1)`.
    public func summary(_ header: TraceHeader) -> String {
        "\(header.name(of: replica)) #\(lsn) " + body.summary(header)
    }
}

extension TraceEvent.Body {
    /// What happened, e.g. `recv r0.3 from r0: PRE-PREPARE(v0, 1, req1)`.
    public func summary(_ header: TraceHeader) -> String {
        switch self {
        case .send(let msg, let to, let message):
            return "send \(msg) to [\(to.map(header.name(of:)).joined(separator: " "))]: \(message.summary)"
        case .receive(let msg, let from, let message):
            return "recv \(msg) from \(header.name(of: from))" + (message.map { ": \($0.summary)" } ?? "")
        case .request(let digest): return "request \(digest)"
        case .prePrepared(let view, let seq, let digest): return "pre-prepared \(view) seq \(seq.number) \(digest)"
        case .prepared(let view, let seq, let digest): return "prepared \(view) seq \(seq.number) \(digest)"
        case .committed(let view, let seq, let digest): return "committed \(view) seq \(seq.number) \(digest)"
        case .executed(let seq, let digest, let result):
            return "executed seq \(seq.number) \(digest)" + (result.map { " -> \($0)" } ?? "")
        case .checkpointTaken(let seq, let state): return "checkpoint seq \(seq.number) state \(state)"
        case .checkpointStable(let seq, let state): return "checkpoint-stable seq \(seq.number) state \(state)"
        case .viewChangeStarted(let view): return "view-change to \(view)"
        case .newViewEntered(let content): return "new-view \(content.summary)"
        }
    }
}
