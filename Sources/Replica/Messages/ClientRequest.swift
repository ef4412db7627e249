import Crypto

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
        // SHA-256 of "R" (domain separation from batches and states), client:u32, timestamp:u64 and the
        // operation as a blob (length:u32, bytes), all big-endian: hashed from a stack buffer and the
        // operation's own bytes, with no array in between.
        var hash = SHA256()
        var header: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &header) { raw in
            raw[0] = 0x52
            raw.storeBytes(of: client.number.bigEndian, toByteOffset: 1, as: UInt32.self)
            raw.storeBytes(of: timestamp.bigEndian, toByteOffset: 5, as: UInt64.self)
            raw.storeBytes(of: UInt32(operation.count).bigEndian, toByteOffset: 13, as: UInt32.self)
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[0..<17]))
        }
        operation.withUnsafeBytes { hash.update(bufferPointer: $0) }
        digest = Digest(words: hash.finalize().withUnsafeBytes { Digest.words(of: $0) })
    }

    /// The key replicas de-duplicate by (§4.1: the timestamp orders one client's requests).
    public var key: RequestKey { RequestKey(client: client, timestamp: timestamp) }
}
