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
    @usableFromInline
    func path(depth: Int, rank: Int) -> [Int] {
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
            let segment = level.segments[low]
            result.append(segment.ordinal(local))
            if depth == 0 { break }
            rank = level.parentStarts[low] + segment.parentIndex(of: local)
            depth -= 1
        }
        return result.reversed()
    }

    /// The bytes the log occupies.
    @usableFromInline
    var bytes: Int {
        levels.reduce(0) { total, level in
            total + level.segments.reduce(0) { $0 + $1.bytes } + level.segments.capacity * MemoryLayout<TraceLogSegment>.stride
                + (level.childStarts.capacity + level.parentStarts.capacity) * 8
        }
    }
}
