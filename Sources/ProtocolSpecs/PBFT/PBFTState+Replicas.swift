extension PBFTState {
    /// The rows of a state, one per replica by number, stored inline: `PBFTConfiguration.replicaCapacity`
    /// 16-byte rows of which the first `count` are in use (the others stay initial). A random-access,
    /// mutable collection of `PBFTReplica`.
    ///
    /// The rows are ten stored properties reached through a `switch`, not an `InlineArray`: reading an
    /// element of an `InlineArray` held by a value passed to a function made the compiler copy all
    /// 160 bytes to the stack first (a `memcpy` per row read, a quarter of the run time on the
    /// 3-slot twin); a stored property is read in place.
    public struct Replicas: RandomAccessCollection, MutableCollection, Hashable, Sendable, BitwiseCopyable {
        /// The most rows: `PBFTConfiguration.replicaCapacity`.
        static let capacity = 10

        var r0, r1, r2, r3, r4, r5, r6, r7, r8, r9: PBFTReplica
        let rowCount: Int

        /// `count` initial rows.
        ///
        /// - Precondition: `0 ≤ count ≤ capacity`.
        init(count: Int) {
            precondition(count >= 0 && count <= Self.capacity, "PBFTState: \(count) replicas exceed the capacity \(Self.capacity)")
            let initial = PBFTReplica()
            (r0, r1, r2, r3, r4, r5, r6, r7, r8, r9) = (
                initial, initial, initial, initial, initial, initial, initial, initial, initial, initial
            )
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
                switch position {
                case 0: return r0
                case 1: return r1
                case 2: return r2
                case 3: return r3
                case 4: return r4
                case 5: return r5
                case 6: return r6
                case 7: return r7
                case 8: return r8
                case 9: return r9
                default: preconditionFailure("PBFTState: no replica \(position) among \(rowCount)")
                }
            }
            @inline(__always) set {
                #if BFT_INTERNAL_CHECKS
                    precondition(position >= 0 && position < rowCount, "PBFTState: no replica \(position) among \(rowCount)")
                #endif
                switch position {
                case 0: r0 = newValue
                case 1: r1 = newValue
                case 2: r2 = newValue
                case 3: r3 = newValue
                case 4: r4 = newValue
                case 5: r5 = newValue
                case 6: r6 = newValue
                case 7: r7 = newValue
                case 8: r8 = newValue
                case 9: r9 = newValue
                default: preconditionFailure("PBFTState: no replica \(position) among \(rowCount)")
                }
            }
        }

        /// Equal counts and equal rows in use.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            guard lhs.rowCount == rhs.rowCount else { return false }
            for index in 0..<lhs.rowCount where lhs[index] != rhs[index] { return false }
            return true
        }

        /// The count and the rows in use.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(rowCount)
            for index in 0..<rowCount { hasher.combine(self[index]) }
        }
    }
}
