/// (client, timestamp): what identifies a request for de-duplication (Castro & Liskov, OSDI '99 §4.1).
public struct RequestKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The client.
    public let client: ClientID
    /// The client's timestamp.
    public let timestamp: UInt64

    /// The key of `client`'s request with `timestamp`.
    public init(client: ClientID, timestamp: UInt64) {
        self.client = client
        self.timestamp = timestamp
    }

    /// Orders by client, then timestamp.
    public static func < (a: RequestKey, b: RequestKey) -> Bool { (a.client, a.timestamp) < (b.client, b.timestamp) }

    /// `c3@7`.
    public var description: String { "\(client)@\(timestamp)" }
}
