/// A sequence number the primary assigns to a request batch (Castro & Liskov, OSDI '99 §4.2); 0 names the
/// genesis checkpoint, before any execution.
public struct SequenceNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number; 1 is the first batch ordered.
    public let number: UInt64

    /// Sequence number `number`.
    public init(_ number: UInt64) { self.number = number }

    /// The genesis checkpoint: nothing executed.
    public static let genesis = SequenceNumber(0)

    /// The next sequence number.
    public var next: SequenceNumber { SequenceNumber(number + 1) }

    /// The sequence number `count` later.
    ///
    /// - Parameter count: how many numbers to advance.
    public func advanced(by count: UInt64) -> SequenceNumber { SequenceNumber(number + count) }

    /// Whether a checkpoint is taken after executing this number: a positive multiple of `interval`
    /// (§4.3).
    ///
    /// - Parameter interval: K, at least 1.
    public func isCheckpoint(every interval: UInt64) -> Bool { number > 0 && number % interval == 0 }

    /// Orders sequence numbers numerically.
    public static func < (a: SequenceNumber, b: SequenceNumber) -> Bool { a.number < b.number }

    /// `s1`, `s2`, ….
    public var description: String { "s\(number)" }
}
