extension PBFTState {
    /// The NEWVIEW records of a state by view, stored inline: one 32-bit word per view, 0 when that
    /// view's primary sent none, else its encoding (bit 0 set, min-s in bits 1–3, max-s in bits 4–6,
    /// the checkpoint state in bits 7–22); views 0 and 1 in `low`, 2 and 3 in `high`. A random-access,
    /// mutable collection of `NewViewRecord?`.
    public struct NewViews: RandomAccessCollection, MutableCollection, Hashable, Sendable, BitwiseCopyable {
        /// The most views: `PBFTConfiguration.viewCapacity`.
        static let capacity = 4

        var low: UInt64
        var high: UInt64
        let viewCount: Int

        /// `count` views without a record.
        ///
        /// - Precondition: `0 ≤ count ≤ capacity`.
        init(count: Int) {
            precondition(count >= 0 && count <= Self.capacity, "PBFTState: \(count) views exceed the capacity \(Self.capacity)")
            low = 0
            high = 0
            viewCount = count
        }

        /// 0.
        public var startIndex: Int { 0 }

        /// The number of views.
        public var endIndex: Int { viewCount }

        /// The encoded record of view `view` (0: none).
        @inline(__always)
        func word(_ view: Int) -> UInt32 {
            precondition(view >= 0 && view < Self.capacity, "PBFTState: no view \(view)")
            return UInt32(truncatingIfNeeded: (view < 2 ? low : high) >> UInt64(32 * (view & 1)))
        }

        /// Stores `word` (a record packed as `word(_:)` reads it, 0 for none) for `view`.
        @inline(__always)
        mutating func setWord(_ word: UInt32, _ view: Int) {
            precondition(view >= 0 && view < viewCount, "PBFTState: no view \(view) among \(viewCount)")
            let shift = UInt64(32 * (view & 1))
            if view < 2 {
                low = (low & ~(0xFFFF_FFFF << shift)) | UInt64(word) << shift
            } else {
                high = (high & ~(0xFFFF_FFFF << shift)) | UInt64(word) << shift
            }
        }

        /// The record of view `position`, if its primary sent NEWVIEW.
        public subscript(position: Int) -> NewViewRecord? {
            get {
                let word = word(position)
                guard word != 0 else { return nil }
                return NewViewRecord(
                    checkpoint: SequenceNumber(Int((word >> 1) & 0x7)), checkpointState: UInt64((word >> 7) & 0xFFFF),
                    lastSlot: SequenceNumber(Int((word >> 4) & 0x7)))
            }
            set {
                precondition(position >= 0 && position < viewCount, "PBFTState: no view \(position) among \(viewCount)")
                var word: UInt64 = 0
                if let record = newValue {
                    word =
                        1 | UInt64(record.checkpoint.raw & 0x7) << 1 | UInt64(record.lastSlot.raw & 0x7) << 4
                        | (record.checkpointState & 0xFFFF) << 7
                }
                let shift = UInt64(32 * (position & 1))
                if position < 2 {
                    low = (low & ~(0xFFFF_FFFF << shift)) | word << shift
                } else {
                    high = (high & ~(0xFFFF_FFFF << shift)) | word << shift
                }
            }
        }
    }
}
