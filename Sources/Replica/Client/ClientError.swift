/// Why a client cannot submit a request.
public enum ClientError: Error, Equatable, Sendable {
    /// A request is outstanding; PBFT clients have one at a time (Castro & Liskov, OSDI '99 §4.1).
    case requestOutstanding(timestamp: UInt64)
    /// The client node does not host this client.
    case notHosted(ClientID)
}
