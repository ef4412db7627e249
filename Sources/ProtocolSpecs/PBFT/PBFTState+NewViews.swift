extension PBFTState {
    /// The NEWVIEW records of a state by view, stored inline: one 32-bit word per view, 0 when that
    /// view's primary sent none, else its encoding (bit 0 set, min-s in bits 1–3, max-s in bits 4–6,
    /// the checkpoint state in bits 7–22). A random-access, mutable collection of `NewViewRecord?`.
    public struct NewViews: RandomAccessCollection, MutableCollection, Hashable, Sendable, BitwiseCopyable {
        /// The most views: `PBFTConfiguration.viewCapacity`.
        static let capacity = 4

        var storage: InlineArray<4, UInt32>
        let viewCount: Int

        /// `count` views without a record.
        ///
        /// - Precondition: `0 ≤ count ≤ capacity`.
        init(count: Int) {
            precondition(count >= 0 && count <= Self.capacity, "PBFTState: \(count) views exceed the capacity \(Self.capacity)")
            storage = InlineArray(repeating: 0)
            viewCount = count
        }

        /// 0.
        public var startIndex: Int { 0 }

        /// The number of views.
        public var endIndex: Int { viewCount }

        /// The record of view `position`, if its primary sent NEWVIEW.
        public subscript(position: Int) -> NewViewRecord? {
            get {
                let word = storage[position]
                guard word != 0 else { return nil }
                return NewViewRecord(
                    checkpoint: SequenceNumber(Int((word >> 1) & 0x7)), checkpointState: UInt64((word >> 7) & 0xFFFF),
                    lastSlot: SequenceNumber(Int((word >> 4) & 0x7)))
            }
            set {
                #if BFT_INTERNAL_CHECKS
                    precondition(position >= 0 && position < viewCount, "PBFTState: no view \(position) among \(viewCount)")
                #endif
                guard let record = newValue else {
                    storage[position] = 0
                    return
                }
                storage[position] =
                    1 | UInt32(record.checkpoint.raw & 0x7) << 1 | UInt32(record.lastSlot.raw & 0x7) << 4
                    | UInt32(truncatingIfNeeded: record.checkpointState & 0xFFFF) << 7
            }
        }

        /// Equal counts and equal records.
        public static func == (lhs: Self, rhs: Self) -> Bool {
            guard lhs.viewCount == rhs.viewCount else { return false }
            for index in 0..<lhs.viewCount where lhs.storage[index] != rhs.storage[index] { return false }
            return true
        }

        /// The count and the records.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(viewCount)
            for index in 0..<viewCount { hasher.combine(storage[index]) }
        }
    }
}
