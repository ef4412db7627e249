/// An event of the simulated cluster: a delivery or a timer expiry.
enum SimulationEvent: Sendable {
    case message(ProtocolMessage, from: ReplicaID, to: ReplicaID)
    /// A protocol message sealed by its sender's `Authenticator`, opened at delivery.
    case sealed(Envelope, to: ReplicaID)
    case request(ClientRequest, to: ReplicaID)
    /// A client request to the replica that runs as twins, for its second instance.
    case twinRequest(ClientRequest)
    case reply(ClientReply)
    case replicaTimer(ReplicaID, ReplicaTimer, generation: Int)
    /// A timer of the second instance of the replica that runs as twins.
    case twinTimer(ReplicaTimer, generation: Int)
    case clientTimer(ClientID, generation: Int)
    case crash(ReplicaID)
    case recover(ReplicaID)
}
