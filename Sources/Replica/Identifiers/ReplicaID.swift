/// The identity of one replica: its index in the cluster configuration, 0 ..< n.
///
/// The primary of view v is the replica with index v mod |R| (Castro & Liskov, OSDI '99 §4.1); that is
/// the one place where replica symmetry breaks (`ViewNumber.primary(among:)`).
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index in the configuration, 0 ..< n.
    public let index: Int

    /// The replica with configuration index `index`.
    ///
    /// - Parameter index: 0 ..< n; the configuration checks the upper bound.
    public init(_ index: Int) {
        precondition(index >= 0, "replica index \(index) is negative")
        self.index = index
    }

    /// Orders replicas by index.
    public static func < (a: ReplicaID, b: ReplicaID) -> Bool { a.index < b.index }

    /// The name traces use: `r0`, `r1`, ….
    public var description: String { "r\(index)" }
}
