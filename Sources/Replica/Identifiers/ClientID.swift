/// The identity of a client (Castro & Liskov, OSDI '99 §4.1): requests are de-duplicated and replies
/// matched by (client, timestamp).
public struct ClientID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The client's number in the cluster configuration.
    public let number: UInt32

    /// Client `number`.
    public init(_ number: UInt32) { self.number = number }

    /// Orders clients by number.
    public static func < (a: ClientID, b: ClientID) -> Bool { a.number < b.number }

    /// `c0`, `c1`, ….
    public var description: String { "c\(number)" }
}
