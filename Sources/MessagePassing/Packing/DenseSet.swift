/// A set of dense-coded values held in one 64-bit word: a plain set to read and write, and a
/// canonical, allocation-free value to store, compare and encode. It iterates in ascending code
/// order, so anything built from it comes out in a fixed order.
///
/// Encoded in JSON as the array of its elements in ascending order.
public struct DenseSet<Element: DenseCode>: Hashable, Sendable, Sequence {
    /// The most elements a set can hold: codes `0 ..< 64`.
    public static var capacity: Int { 64 }

    /// Bit c is set when the element with code c is a member.
    public var bits: UInt64

    /// The empty set.
    @inlinable
    public init() { bits = 0 }

    /// The set with exactly these bits.
    @inlinable
    public init(bits: UInt64) { self.bits = bits }

    /// The set of `members`.
    @inlinable
    public init<S: Sequence>(_ members: S) where S.Element == Element {
        self.init(bits: 0)
        for member in members { insert(member) }
    }

    /// The number of members.
    @inlinable
    public var count: Int { bits.nonzeroBitCount }
    /// Whether the set has no member.
    @inlinable
    public var isEmpty: Bool { bits == 0 }

    /// Whether `element` is a member.
    @inlinable
    public func contains(_ element: Element) -> Bool { bits & (1 << UInt64(element.denseCode)) != 0 }

    /// Adds `element`.
    ///
    /// - Precondition: its code is below 64.
    @inlinable
    public mutating func insert(_ element: Element) {
        precondition(element.denseCode >= 0 && element.denseCode < Self.capacity, "DenseSet: code \(element.denseCode) out of 0..<64")
        self = DenseSet(bits: bits | 1 << UInt64(element.denseCode))
    }

    /// Removes `element`.
    @inlinable
    public mutating func remove(_ element: Element) { self = DenseSet(bits: bits & ~(1 << UInt64(element.denseCode))) }

    /// The members in ascending code order.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(remaining: bits) }

    /// Iterates the members in ascending code order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var remaining: UInt64

        @inlinable
        init(remaining: UInt64) { self.remaining = remaining }

        /// The next member, lowest code first.
        @inlinable
        public mutating func next() -> Element? {
            guard remaining != 0 else { return nil }
            let code = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            return Element.withDenseCode(code)
        }
    }
}

extension DenseSet: Codable where Element: Codable {
    /// Decodes the array of elements.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Element].self))
    }

    /// Encodes the elements in ascending order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}

extension DenseSet: CustomStringConvertible where Element: CustomStringConvertible {
    /// `{a, c}`.
    public var description: String { "{" + map(\.description).joined(separator: ", ") + "}" }
}
