/// One chunk of a BFS level — at most ``breadthFirstChunkSize`` consecutive states of the frontier —
/// and the working memory of the three phases that expand it (see `Checker.runBreadthFirst`).
///
/// A search keeps one `LevelChunk` per chunk of a batch and reuses it batch after batch: its buffers
/// grow to what the model needs and are then only emptied. Each phase has one writer per chunk, with
/// one exception: in phase 2 the owners of the seen-set's shards write `shardFingerprints`, each in
/// the contiguous range of positions routed to its shard.
@usableFromInline
final class LevelChunk<System: TransitionSystem>: @unchecked Sendable {
    // The chunk: states `start..<end` of `parents`.
    @usableFromInline @exclusivity(unchecked) var parents: [System.State] = []
    @usableFromInline @exclusivity(unchecked) var start = 0
    @usableFromInline @exclusivity(unchecked) var end = 0

    // Phase 1: the routed successors, numbered by "tag" in BFS order (parent, then action).
    // `tagParents[t]` and `tagOrdinals[t]` say which parent and action produced tag `t`;
    // `shardFingerprints`/`shardTags` list the tags grouped by shard, BFS order within a shard,
    // shard `s` at positions `shardStarts[s]..<shardStarts[s + 1]`. In exact mode, tag `t`'s encoded
    // words are `words[wordOffsets[t]..<wordOffsets[t + 1]]`.
    @usableFromInline @exclusivity(unchecked) var tagParents = ScratchBuffer<UInt16>()
    @usableFromInline @exclusivity(unchecked) var tagOrdinals = ScratchBuffer<UInt32>()
    /// `routedStates[t]`: tag `t`'s successor, kept until phase 3 so that no winner is expanded
    /// twice (a batch's routed successors are in memory at once, about the next level's share of it
    /// times the branching factor).
    @usableFromInline @exclusivity(unchecked) var routedStates = StateBuffer<System.State>()
    @usableFromInline @exclusivity(unchecked) var shardFingerprints = ScratchBuffer<UInt64>()
    @usableFromInline @exclusivity(unchecked) var shardTags = ScratchBuffer<Int32>()
    @usableFromInline @exclusivity(unchecked) var shardStarts: ScratchBuffer<Int32>
    @usableFromInline @exclusivity(unchecked) var wordOffsets = ScratchBuffer<Int>()
    @usableFromInline @exclusivity(unchecked) var words = ScratchBuffer<UInt64>()
    @usableFromInline @exclusivity(unchecked) var transitions = 0
    @usableFromInline @exclusivity(unchecked) var coverage: ScratchBuffer<Int>

    // Phase 2 marks a position whose fingerprint was already seen by zeroing `shardFingerprints` there.

    // Phase 3: the chunk's part of the next level and its parent links.
    @usableFromInline @exclusivity(unchecked) var next: [System.State] = []
    @usableFromInline @exclusivity(unchecked) var links: TraceLogSegment? = nil
    /// The properties of `next`: its first violation and its targets' first witnesses, by position.
    @usableFromInline @exclusivity(unchecked) var check = PropertyScan(nil, [:])

    /// A chunk for a model with `kinds` kinds of action and a seen-set of `shardCount` shards.
    @inlinable
    init(kinds: Int, shardCount: Int) {
        coverage = ScratchBuffer(capacity: kinds)
        coverage.reset(count: kinds, to: 0)
        shardStarts = ScratchBuffer(capacity: shardCount + 1)
    }

    /// Makes this the chunk of states `range` of `parents`.
    @inlinable
    func assign(parents: [System.State], range: Range<Int>) {
        self.parents = parents
        start = range.lowerBound
        end = range.upperBound
    }

    /// The number of routed successors (tags).
    @inlinable
    var routedCount: Int { tagParents.count }

    /// Hands over the chunk's part of the next level, its parent links and its properties, and lets go
    /// of the parents.
    @inlinable
    func takeResults() -> (states: [System.State], links: TraceLogSegment, check: PropertyScan) {
        defer {
            next = []
            links = nil
            parents = []
            check = PropertyScan(nil, [:])
        }
        guard let links else { preconditionFailure("LevelChunk: results taken before phase 3") }
        return (next, links, check)
    }

    @inlinable
    deinit {
        tagParents.deallocate()
        tagOrdinals.deallocate()
        shardFingerprints.deallocate()
        shardTags.deallocate()
        shardStarts.deallocate()
        wordOffsets.deallocate()
        words.deallocate()
        coverage.deallocate()
        routedStates.deallocate()
    }
}

/// The scratch memory of one worker thread of a BFS, reused for every chunk it expands, so that it
/// stays in that core's cache: its cache of recently routed fingerprints, the successors before they are
/// sorted by shard, the actions of the parent at hand, and phase 3's winner lists.
@usableFromInline
final class BreadthFirstWorker<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let recent = RecentFingerprints()
    /// The serial number (position in BFS order) of the last chunk this worker routed.
    @usableFromInline @exclusivity(unchecked) var lastSerial = -1
    @usableFromInline @exclusivity(unchecked) var tagShards = ScratchBuffer<Int32>()
    @usableFromInline @exclusivity(unchecked) var tagFingerprints = ScratchBuffer<UInt64>()
    @usableFromInline @exclusivity(unchecked) var actions: [System.Action] = []
    @usableFromInline @exclusivity(unchecked) var encoder = StateEncoder()
    @usableFromInline @exclusivity(unchecked) var isWinner = ScratchBuffer<Bool>()
    @usableFromInline @exclusivity(unchecked) var winnerParents = ScratchBuffer<UInt16>()
    @usableFromInline @exclusivity(unchecked) var winnerOrdinals = ScratchBuffer<UInt32>()

    @inlinable
    init() {}

    @inlinable
    deinit {
        recent.deallocate()
        tagShards.deallocate()
        tagFingerprints.deallocate()
        isWinner.deallocate()
        winnerParents.deallocate()
        winnerOrdinals.deallocate()
    }
}

/// Shared read-only inputs of one batch of a BFS level, handed to worker threads.
@usableFromInline
final class LevelWork<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let chunks: [LevelChunk<System>]
    @usableFromInline let workers: [BreadthFirstWorker<System>]

    @inlinable
    init(chunks: [LevelChunk<System>], workers: [BreadthFirstWorker<System>]) {
        self.chunks = chunks
        self.workers = workers
    }
}
