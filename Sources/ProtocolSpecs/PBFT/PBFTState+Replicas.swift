extension PBFTState {
    /// The rows of a state, one per replica by number, stored inline: a fixed-capacity array of
    /// `PBFTConfiguration.replicaCapacity` 16-byte rows of which the first `count` are in use (the
    /// others stay initial). A random-access, mutable collection of `PBFTReplica`.
    public struct Replicas: RandomAccessCollection, MutableCollection, Hashable, Sendable, BitwiseCopyable {
        /// The most rows: `PBFTConfiguration.replicaCapacity`.
        static let capacity = 10

        var storage: InlineArray<10, PBFTReplica>
        let rowCount: Int

        /// `count` initial rows.
        ///
        /// - Precondition: `0 ≤ count ≤ capacity`.
        init(count: Int) {
            precondition(count >= 0 && count <= Self.capacity, "PBFTState: \(count) replicas exceed the capacity \(Self.capacity)")
            storage = InlineArray(repeating: PBFTReplica())
            rowCount = count
        }

        /// 0.
        public var startIndex: Int { 0 }

        /// The number of replicas.
        public var endIndex: Int { rowCount }

        /// The row of replica `position`.
        public subscript(position: Int) -> PBFTReplica {
            @inline(__always) get {
                #if BFT_INTERNAL_CHECKS
                    precondition(position >= 0 && position < rowCount, "PBFTState: no replica \(position) among \(rowCount)")
                #endif
                return storage[position]
            }
            @inline(__always) set {
                #if BFT_INTERNAL_CHECKS
                    precondition(position >= 0 && position < rowCount, "PBFTState: no replica \(position) among \(rowCount)")
                #endif
                storage[position] = newValue
            }
        }

        /// Equal counts and equal rows in use.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            guard lhs.rowCount == rhs.rowCount else { return false }
            for index in 0..<lhs.rowCount where lhs.storage[index] != rhs.storage[index] { return false }
            return true
        }

        /// The count and the rows in use.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(rowCount)
            for index in 0..<rowCount { hasher.combine(storage[index]) }
        }
    }
}
