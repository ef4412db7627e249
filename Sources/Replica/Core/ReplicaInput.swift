/// One input to the state machine: what the write-ahead log records, so that replaying the log through a
/// fresh `PBFTStateMachine` rebuilds exactly the state it had — the machine is deterministic — and a
/// restarted replica never contradicts what it sent before (Castro & Liskov, TOCS 2002 §4.6: a replica's
/// log must survive a restart for it to stay correct).
public enum ReplicaInput: Hashable, Sendable {
    /// A protocol message authenticated as coming from the replica given.
    case message(ProtocolMessage, from: ReplicaID)
    /// A client's request.
    case request(ClientRequest)
    /// A timer's expiry.
    case timer(ReplicaTimer)
    /// The first record of a compacted log: the replica restarts from its stable checkpoint (OSDI '99
    /// §4.3), as `PBFTStateMachine.compactedLog(_:)` wrote it; valid only as a fresh machine's first input.
    case restore(LogCheckpoint)
}

extension PBFTStateMachine {
    /// Handles `input` as `receive(_:from:)`, `receive(request:)`, `timerFired(_:)` or `restore(from:)` would.
    ///
    /// - Returns: the actions to perform, in order.
    public mutating func apply(_ input: ReplicaInput) -> [ReplicaAction] {
        switch input {
        case .message(let message, let sender): receive(message, from: sender)
        case .request(let request): receive(request: request)
        case .timer(let timer): timerFired(timer)
        case .restore(let checkpoint): restore(from: checkpoint)
        }
    }
}
