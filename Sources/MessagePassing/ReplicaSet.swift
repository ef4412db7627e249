/// A set of replicas as a 64-bit bitset: a canonical, allocation-free value whose iteration order is
/// always ascending, so actions built from it are produced in a fixed order.
///
/// Encoded in JSON as the sorted array of ids, e.g. `["r1", "r3"]`.
public struct ReplicaSet: Hashable, Sendable, Codable, Sequence, CustomStringConvertible {
    /// The most replicas a set can hold.
    public static let capacity = 64

    /// Bit i is set when replica i is a member.
    public private(set) var bits: UInt64

    /// The empty set.
    public init() { bits = 0 }

    /// The set with exactly these bits.
    public init(bits: UInt64) { self.bits = bits }

    /// The set of `members`.
    public init<S: Sequence>(_ members: S) where S.Element == ReplicaID {
        bits = 0
        for member in members { insert(member) }
    }

    /// Replicas `r0` … `r(count − 1)`.
    public static func first(_ count: Int) -> ReplicaSet {
        precondition(count >= 0 && count <= capacity, "ReplicaSet: \(count) replicas out of 0...\(capacity)")
        return ReplicaSet(bits: count == capacity ? ~0 : (UInt64(1) << UInt64(count)) &- 1)
    }

    /// The number of members.
    public var count: Int { bits.nonzeroBitCount }
    /// Whether the set has no member.
    public var isEmpty: Bool { bits == 0 }

    /// Whether `replica` is a member.
    public func contains(_ replica: ReplicaID) -> Bool { bits & (1 << UInt64(replica.index)) != 0 }

    /// Adds `replica`.
    public mutating func insert(_ replica: ReplicaID) { bits |= 1 << UInt64(replica.index) }

    /// Removes `replica`.
    public mutating func remove(_ replica: ReplicaID) { bits &= ~(1 << UInt64(replica.index)) }

    /// The members of both sets.
    public func intersection(_ other: ReplicaSet) -> ReplicaSet { ReplicaSet(bits: bits & other.bits) }
    /// The members of either set.
    public func union(_ other: ReplicaSet) -> ReplicaSet { ReplicaSet(bits: bits | other.bits) }
    /// The members of this set that are not in `other`.
    public func subtracting(_ other: ReplicaSet) -> ReplicaSet { ReplicaSet(bits: bits & ~other.bits) }

    /// The members in ascending order.
    public func makeIterator() -> Iterator { Iterator(remaining: bits) }

    /// Iterates the members in ascending order.
    public struct Iterator: IteratorProtocol {
        var remaining: UInt64

        /// The next member, lowest first.
        public mutating func next() -> ReplicaID? {
            guard remaining != 0 else { return nil }
            let index = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            return ReplicaID(index)
        }
    }

    /// `{r1, r3}`.
    public var description: String { "{" + map(\.description).joined(separator: ", ") + "}" }

    /// Decodes the sorted array of ids.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([ReplicaID].self))
    }

    /// Encodes as the sorted array of ids.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}
