/// What one frame carries: a connection's greeting, a protocol message between replicas (Castro & Liskov,
/// OSDI '99 §4.2–4.4), or a client's request or a replica's reply (§4.1).
public enum WireMessage: Hashable, Sendable {
    /// The first frame on a connection: who opened it. Authenticated like a normal-case message.
    case hello(PeerIdentity)
    /// A protocol message from the frame's sender, a replica.
    case protocolMessage(ProtocolMessage)
    /// A client's request.
    case request(ClientRequest)
    /// A replica's reply to a client.
    case reply(ClientReply)
}
