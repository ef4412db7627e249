/// A view number (Castro & Liskov, OSDI '99 §4.1): the configurations of the replica set are numbered
/// by consecutive views, and view v's primary is replica v mod |R|.
public struct ViewNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number, 0 for the initial view.
    public let number: UInt64

    /// View `number`.
    public init(_ number: UInt64) { self.number = number }

    /// View 0, where the system starts.
    public static let initial = ViewNumber(0)

    /// The view after this one: the target of a view change (§4.4).
    public var next: ViewNumber { ViewNumber(number + 1) }

    /// The primary of this view among `replicaCount` replicas: replica v mod n (§4.1).
    ///
    /// - Parameter replicaCount: n, at least 1.
    public func primary(among replicaCount: Int) -> ReplicaID {
        ReplicaID(Int(number % UInt64(replicaCount)))
    }

    /// Orders views by number.
    public static func < (a: ViewNumber, b: ViewNumber) -> Bool { a.number < b.number }

    /// `v0`, `v1`, ….
    public var description: String { "v\(number)" }
}
