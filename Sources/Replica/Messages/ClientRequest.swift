/// A client's REQUEST⟨o, t, c⟩ (Castro & Liskov, OSDI '99 §4.1): operation `o`, timestamp `t`, client `c`.
/// Timestamps order one client's requests; replicas execute each (client, timestamp) at most once.
public struct ClientRequest: Hashable, Sendable {
    /// The client that sent it.
    public let client: ClientID
    /// The client's timestamp: larger for every new request of that client.
    public let timestamp: UInt64
    /// The operation for the replicated service, opaque to the protocol.
    public let operation: [UInt8]
    /// SHA-256 of the canonical encoding (client, timestamp, operation).
    public let digest: Digest

    /// A request of `client` with `timestamp` for `operation`.
    public init(client: ClientID, timestamp: UInt64, operation: [UInt8]) {
        self.client = client
        self.timestamp = timestamp
        self.operation = operation
        var writer = ByteWriter(capacity: 17 + operation.count)
        writer.write(UInt8(0x52))  // "R": domain separation from batches and states
        writer.write(client.number)
        writer.write(timestamp)
        writer.writeBlob(operation)
        digest = .hashing(writer.bytes)
    }

    /// The key replicas de-duplicate by (§4.1: the timestamp orders one client's requests).
    public var key: RequestKey { RequestKey(client: client, timestamp: timestamp) }
}
