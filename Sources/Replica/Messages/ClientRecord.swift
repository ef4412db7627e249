/// A client's last executed request and the result sent back (Castro & Liskov, OSDI '99 §4.1: replicas
/// keep the last reply to each client, to re-send it and to discard old requests).
public struct ClientRecord: Hashable, Sendable {
    /// The client.
    public let client: ClientID
    /// The timestamp of its last executed request.
    public let timestamp: UInt64
    /// The result of that request.
    public let result: [UInt8]

    /// `client`'s last executed request, at `timestamp`, with `result`.
    public init(client: ClientID, timestamp: UInt64, result: [UInt8]) {
        self.client = client
        self.timestamp = timestamp
        self.result = result
    }
}
