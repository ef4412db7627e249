/// The parent links of a breadth-first search, at about 1.3 bytes a state.
///
/// BFS stores the states of each level in a deterministic order, and the children of one parent are
/// contiguous and in action order. So a level's parent links are a non-decreasing sequence, stored as
/// a unary bitmap (for each parent, one bit per child, then a zero: two bits a state), and each state
/// keeps the ordinal of the action that produced it in one byte (larger ordinals go to a side table).
/// A trace is rebuilt by walking the bitmaps back to level 0 and replaying the ordinals forward.
/// One level's parent links, or a contiguous part of one: for each parent in order, a one-bit per
/// child then a zero-bit, and each child's action ordinal. Chunks build their parts in parallel; the
/// log concatenates them.
@usableFromInline
struct TraceLogSegment: Sendable {
    @usableFromInline var bits: [UInt64] = []
    @usableFromInline var bitCount = 0
    @usableFromInline var ordinals: [UInt8] = []
    @usableFromInline var largeOrdinals: [Int: UInt32] = [:]

    @inlinable
    init() {}

    @inlinable @inline(__always)
    mutating func appendBit(_ one: Bool) {
        if bitCount & 63 == 0 { bits.append(0) }
        if one { bits[bitCount >> 6] |= 1 << UInt64(bitCount & 63) }
        bitCount &+= 1
    }

    /// Records the next child of the current parent, produced by the action with this ordinal.
    @inlinable @inline(__always)
    mutating func appendChild(ordinal: UInt32) {
        appendBit(true)
        if ordinal >= UInt32(UInt8.max) {
            largeOrdinals[ordinals.count] = ordinal
            ordinals.append(UInt8.max)
        } else {
            ordinals.append(UInt8(truncatingIfNeeded: ordinal))
        }
    }

    /// Closes the current parent: the next child belongs to the next parent.
    @inlinable @inline(__always)
    mutating func endParent() { appendBit(false) }

    /// Appends `other` after this segment.
    @usableFromInline
    mutating func append(_ other: TraceLogSegment) {
        let shift = UInt64(bitCount & 63)
        if shift == 0 {
            bits.append(contentsOf: other.bits)
        } else {
            for word in other.bits {
                bits[bits.count - 1] |= word << shift
                bits.append(word >> (64 - shift))
            }
        }
        bitCount += other.bitCount
        bits.removeLast(bits.count - (bitCount + 63) / 64)
        for (rank, ordinal) in other.largeOrdinals { largeOrdinals[ordinals.count + rank] = ordinal }
        ordinals.append(contentsOf: other.ordinals)
    }

    func bit(_ index: Int) -> Bool { bits[index >> 6] >> UInt64(index & 63) & 1 == 1 }

    func ordinal(_ rank: Int) -> Int {
        let small = ordinals[rank]
        return small == UInt8.max ? Int(largeOrdinals[rank]!) : Int(small)
    }

    /// The rank, in the previous level, of the parent of the state of rank `rank` in this one.
    func parentRank(of rank: Int) -> Int {
        var parent = 0
        var seen = 0
        for index in 0..<bitCount {
            if bit(index) {
                if seen == rank { return parent }
                seen += 1
            } else {
                parent += 1
            }
        }
        preconditionFailure("TraceLog: no parent for rank \(rank)")
    }

    var bytes: Int { bits.capacity * 8 + ordinals.capacity + largeOrdinals.count * 24 }
}

@usableFromInline
struct TraceLog: Sendable {
    private typealias Level = TraceLogSegment

    private var levels: [Level] = []

    @usableFromInline
    init() {}

    /// Starts a new level.
    @usableFromInline
    mutating func beginLevel() { levels.append(Level()) }

    /// Records, for the level being built, that the next parent (in order) has these children, each
    /// produced by the action with the given ordinal.
    @usableFromInline
    mutating func appendParent(childOrdinals: ArraySlice<UInt32>) {
        for ordinal in childOrdinals { levels[levels.count - 1].appendChild(ordinal: ordinal) }
        levels[levels.count - 1].endParent()
    }

    /// Appends a segment (parents in order, with their children) to the level being built.
    @usableFromInline
    mutating func append(_ segment: TraceLogSegment) {
        levels[levels.count - 1].append(segment)
    }

    /// The ordinals of the path from level 0 to the state of rank `rank` in level `depth`: the first
    /// is the index of the initial state, each next the ordinal of the action taken.
    @usableFromInline
    func path(depth: Int, rank: Int) -> [Int] {
        var result: [Int] = []
        var rank = rank
        var depth = depth
        while depth > 0 {
            let level = levels[depth]
            result.append(level.ordinal(rank))
            rank = level.parentRank(of: rank)
            depth -= 1
        }
        result.append(levels[0].ordinal(rank))
        return result.reversed()
    }

    /// The bytes the log occupies.
    @usableFromInline
    var bytes: Int { levels.reduce(0) { $0 + $1.bytes } }
}
