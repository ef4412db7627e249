/// The parent links of a breadth-first search, at about 1.3 bytes a state.
///
/// BFS stores the states of each level in a deterministic order, and the children of one parent are
/// contiguous and in action order. So a level's parent links are a non-decreasing sequence, stored as
/// a unary bitmap (for each parent, one bit per child, then a zero: two bits a state), and each state
/// keeps the ordinal of the action that produced it in one byte (larger ordinals go to a side table).
/// A trace is rebuilt by walking the bitmaps back to level 0 and replaying the ordinals forward.
///
/// A level is kept as the segments its chunks built in parallel, in BFS order, with the rank of each
/// segment's first parent and first child: the search never copies them into one bitmap, and a
/// lookup (only needed to rebuild a trace) finds its segment by binary search.
@usableFromInline
struct TraceLog: Sendable {
    /// One level: its segments in order, and where each starts among the level's children and among
    /// the previous level's states.
    private struct Level: Sendable {
        var segments: [TraceLogSegment] = []
        var childStarts: [Int] = []
        var parentStarts: [Int] = []
        var childCount = 0
        var parentCount = 0
        /// Where the segments are when they were spilled to disk (then `segments` is empty).
        var spilled: SpilledSegments? = nil

        /// The bytes the level's segments occupy in memory.
        var segmentBytes: Int {
            segments.reduce(0) { $0 + $1.bytes } + segments.capacity * MemoryLayout<TraceLogSegment>.stride
        }

        /// Segment `index`, from memory or from its file.
        func segment(_ index: Int) throws(StorageError) -> TraceLogSegment {
            guard let spilled else { return segments[index] }
            var reader = ByteReader(
                try spilled.file.bytes(offset: spilled.offsets[index], count: spilled.lengths[index]), source: spilled.file.path)
            return try TraceLogSegment(deserializing: &reader)
        }
    }

    /// The segments of a level kept in a file: segment `i` is `lengths[i]` bytes at `offsets[i]`.
    private struct SpilledSegments: Sendable {
        let file: DiskFile
        var offsets: [Int] = []
        var lengths: [Int] = []
    }

    private var levels: [Level] = []

    @usableFromInline
    init() {}

    /// Starts a new level.
    @usableFromInline
    mutating func beginLevel() { levels.append(Level()) }

    /// Records, for the level being built, that the next parent (in order) has these children, each
    /// produced by the action with the given ordinal. Level 0 uses it with one virtual parent whose
    /// children are the initial states, by their index.
    @usableFromInline
    mutating func appendParent(childOrdinals: [UInt32]) {
        let parents = [UInt16](repeating: 0, count: childOrdinals.count)
        parents.withUnsafeBufferPointer { parents in
            childOrdinals.withUnsafeBufferPointer { ordinals in
                append(TraceLogSegment(parentCount: 1, childParents: parents, childOrdinals: ordinals))
            }
        }
    }

    /// Appends a segment (parents in order, with their children) to the level being built.
    @usableFromInline
    mutating func append(_ segment: TraceLogSegment) {
        let last = levels.count - 1
        levels[last].childStarts.append(levels[last].childCount)
        levels[last].parentStarts.append(levels[last].parentCount)
        levels[last].childCount += segment.childCount
        levels[last].parentCount += segment.parentCount
        levels[last].segments.append(segment)
    }

    /// The ordinals of the path from level 0 to the state of rank `rank` in level `depth`: the first
    /// is the index of the initial state, each next the ordinal of the action taken.
    ///
    /// - Throws: `StorageError` when a spilled level cannot be read back.
    @usableFromInline
    func path(depth: Int, rank: Int) throws(StorageError) -> [Int] {
        var result: [Int] = []
        var rank = rank
        var depth = depth
        while true {
            let level = levels[depth]
            precondition(rank >= 0 && rank < level.childCount, "TraceLog: no state of rank \(rank) at depth \(depth)")
            // The last segment starting at or before `rank`: empty segments share their start with
            // the next one, so this is the segment that holds it.
            var low = 0
            var high = level.segments.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if level.childStarts[middle] <= rank { low = middle } else { high = middle - 1 }
            }
            let local = rank - level.childStarts[low]
            let segment = try level.segment(low)
            result.append(segment.ordinal(local))
            if depth == 0 { break }
            rank = level.parentStarts[low] + segment.parentIndex(of: local)
            depth -= 1
        }
        return result.reversed()
    }

    /// The bytes the log occupies in memory.
    @usableFromInline
    var bytes: Int {
        levels.reduce(0) { total, level in
            total + level.segmentBytes + (level.childStarts.capacity + level.parentStarts.capacity) * 8
        }
    }

    /// The number of levels.
    var levelCount: Int { levels.count }

    /// Moves the segments of every completed level still in memory (all but the last, which is being
    /// built) to the end of `file`, keeping only their offsets; returns the bytes written.
    @discardableResult
    mutating func spillCompletedLevels(to file: DiskFile) throws(StorageError) -> Int {
        var written = 0
        for index in levels.indices.dropLast() where levels[index].spilled == nil {
            var spilled = SpilledSegments(file: file)
            for segment in levels[index].segments {
                let bytes = segment.serialized()
                spilled.offsets.append(file.size)
                spilled.lengths.append(bytes.bytes.count)
                written += bytes.bytes.count
                try file.append(bytes)
            }
            levels[index].segments = []
            levels[index].spilled = spilled
        }
        try file.flush()
        return written
    }

    /// Appends the whole log to a checkpoint file: the level count, then for each level its segment
    /// count and each segment's length and bytes (`serialized()`).
    func write(to file: DiskFile) throws(StorageError) {
        try file.append(.word(levels.count))
        for level in levels {
            try file.append(.word(level.segments.count + (level.spilled?.offsets.count ?? 0)))
            if let spilled = level.spilled {
                for index in spilled.offsets.indices {
                    try file.append(.word(spilled.lengths[index]))
                    try file.append(spilled.file.bytes(offset: spilled.offsets[index], count: spilled.lengths[index]))
                }
            } else {
                for segment in level.segments {
                    let bytes = segment.serialized()
                    try file.append(.word(bytes.bytes.count))
                    try file.append(bytes)
                }
            }
        }
    }

    /// The log a checkpoint file holds (`write(to:)`), its levels left in the file (read on demand)
    /// when `inMemory` is false.
    init(reading file: DiskFile, inMemory: Bool) throws(StorageError) {
        var cursor = DiskCursor(file)
        let levelCount = try cursor.count(atMost: file.size / 8)
        for _ in 0..<levelCount {
            beginLevel()
            let segmentCount = try cursor.count(atMost: file.size / 8)
            var spilled = SpilledSegments(file: file)
            for _ in 0..<segmentCount {
                let length = try cursor.count(atMost: file.size - cursor.offset - 8)
                var reader = ByteReader(try file.bytes(offset: cursor.offset, count: inMemory ? length : 16), source: file.path)
                let last = levels.count - 1
                levels[last].childStarts.append(levels[last].childCount)
                levels[last].parentStarts.append(levels[last].parentCount)
                if inMemory {
                    let segment = try TraceLogSegment(deserializing: &reader)
                    levels[last].childCount += segment.childCount
                    levels[last].parentCount += segment.parentCount
                    levels[last].segments.append(segment)
                } else {
                    levels[last].parentCount += try reader.count(atMost: 1 << 40)
                    levels[last].childCount += try reader.count(atMost: 1 << 40)
                    spilled.offsets.append(cursor.offset)
                    spilled.lengths.append(length)
                }
                cursor.offset += length
            }
            if !inMemory { levels[levels.count - 1].spilled = spilled }
        }
        guard cursor.offset == file.size else { throw StorageError("\(file.path): \(file.size - cursor.offset) bytes after the log") }
    }

    /// Calls `body(parent, ordinal)` for each state of level `depth` in order: the rank of its parent in
    /// level `depth - 1` (0 for level 0) and the ordinal of the action that produced it (the initial
    /// state's index for level 0).
    func forEachState(depth: Int, _ body: (_ parent: Int, _ ordinal: Int) -> Void) throws(StorageError) {
        let level = levels[depth]
        for index in level.parentStarts.indices {
            let segment = try level.segment(index)
            var parent = level.parentStarts[index]
            var child = 0
            for bit in 0..<(segment.childCount + segment.parentCount) {
                if segment.bit(bit) {
                    body(parent, segment.ordinal(child))
                    child += 1
                } else {
                    parent += 1
                }
            }
        }
    }

    /// The number of states of level `depth`.
    func stateCount(depth: Int) -> Int { levels[depth].childCount }
}
