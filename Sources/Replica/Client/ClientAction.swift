/// What a client state machine asks its host to do (Castro & Liskov, OSDI '99 §4.1).
public enum ClientAction: Hashable, Sendable {
    /// Send `request` to each of `replicas`.
    case send(ClientRequest, to: [ReplicaID])
    /// Start (or restart) the retransmission timer.
    case setTimer(after: Duration)
    /// Stop the retransmission timer.
    case cancelTimer
    /// f + 1 replicas replied `result` to `request`: it is done.
    case completed(ClientRequest, result: [UInt8])
}
