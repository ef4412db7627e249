import Atomics
import Dispatch

/// The frontier states a worker expands at once. Fixed, so that results never depend on the number
/// of threads: the concatenation of the chunks' outputs in chunk order is the sequential BFS order.
@usableFromInline let breadthFirstChunkSize = 1024

/// Chunks per batch: a level is processed a batch at a time, which bounds the memory of routed
/// successors (about 20 bytes each) whatever the level's size.
@usableFromInline let breadthFirstBatchChunks = 64

/// One chunk of a BFS level. Phase 1 routes every successor's fingerprint to the shard that owns it,
/// tagged with the successor's position in the chunk's BFS order; phase 2 (the shard owners) marks
/// the tags that were new; phase 3 recomputes the winners' states, in order. Each phase has one
/// writer per chunk, except `isWinner`, which shard owners write at distinct indices.
@usableFromInline
final class LevelChunk<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    // Phase 1: routed successors. `tagParents[t]`, `tagOrdinals[t]` say which parent and action
    // produced tag `t`; `shardFingerprints`/`shardTags` list them grouped by shard, BFS order within.
    @usableFromInline @exclusivity(unchecked) var tagParents: [UInt16] = []
    @usableFromInline @exclusivity(unchecked) var tagOrdinals: [UInt32] = []
    @usableFromInline @exclusivity(unchecked) var shardFingerprints: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var shardTags: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var shardStarts: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var wordOffsets: [Int] = []
    @usableFromInline @exclusivity(unchecked) var words: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var transitions = 0
    @usableFromInline @exclusivity(unchecked) var coverage: [Int]
    // Phase 2: which tags are new.
    @usableFromInline @exclusivity(unchecked) var isWinner: UnsafeMutablePointer<Bool>? = nil
    // Phase 3: the chunk's part of the next level.
    @usableFromInline @exclusivity(unchecked) var next: [System.State] = []
    @usableFromInline @exclusivity(unchecked) var links = TraceLogSegment()

    @inlinable
    init(start: Int, end: Int, kinds: Int) {
        self.start = start
        self.end = end
        coverage = Array(repeating: 0, count: kinds)
    }

    @inlinable
    deinit { isWinner?.deallocate() }
}

/// Shared read-only inputs of one batch of a BFS level, handed to worker threads.
@usableFromInline
final class LevelWork<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let frontier: [System.State]
    @usableFromInline let chunks: [LevelChunk<System>]

    @inlinable
    init(frontier: [System.State], chunks: [LevelChunk<System>]) {
        self.frontier = frontier
        self.chunks = chunks
    }
}

extension Checker {
    /// Runs `body(i)` for each `i` in `0..<count` on up to `threadCount` threads, each taking the next
    /// index from a shared counter.
    @inlinable
    func parallelForEach(_ count: Int, _ body: @escaping (Int) -> Void) {
        let threads = min(options.threadCount, count)
        if threads <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = ManagedAtomic<Int>(0)
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = next.loadThenWrappingIncrement(ordering: .relaxed)
                if index >= count { break }
                body(index)
            }
        }
    }

    /// Exhaustive level-synchronous breadth-first search.
    ///
    /// A level is processed in batches of chunks, each batch in three parallel phases: (1) workers
    /// expand the chunks' parents and route every successor's fingerprint to the seen-set shard that
    /// owns it, without touching the seen-set; (2) each shard's owner inserts its fingerprints in BFS
    /// order (chunk, then parent, then action), prefetching ahead, so the first occurrence wins exactly
    /// as in a sequential search and every transition costs one probe; (3) workers recompute the
    /// winners' states, in order. The next level is the winners in BFS order, so counts, traces and
    /// counterexamples are the same for every thread count, and the first violation found is at the
    /// least depth.
    @inlinable
    func runBreadthFirst<Store: VisitedStore>(store: Store) -> CheckResult<System> {
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let properties = activeProperties
        let kinds = system.actionKindNames.count
        var statistics = baseStatistics()
        var coverage = Array(repeating: 0, count: kinds)
        var log = TraceLog()
        var witnesses: [String: Trace<System>] = [:]
        var pendingTargets = properties.indices.filter { properties[$0].expectation == .sometimes }

        func result(_ outcome: CheckResult<System>.Outcome, _ violations: [CheckResult<System>.Violation]) -> CheckResult<System> {
            finish(&statistics, store: store, extraBytes: log.bytes, coverage: coverage, started: started)
            return CheckResult(outcome: outcome, violations: violations, witnesses: witnesses, statistics: statistics)
        }

        // Level 0: the initial states.
        var encoder = StateEncoder()
        var frontier: [System.State] = []
        var initialOrdinals: [UInt32] = []
        for (index, state) in system.initialStates.enumerated() where system.isWithinBounds(state) {
            let fingerprint = encode(state, into: &encoder)
            let inserted = encoder.withWords { store.insert(fingerprint, $0) }
            if inserted {
                frontier.append(state)
                initialOrdinals.append(UInt32(index))
            }
        }
        log.beginLevel()
        log.appendParent(childOrdinals: initialOrdinals[...])
        monitor.storedStates.store(store.count, ordering: .relaxed)

        var depth = 0
        while !frontier.isEmpty {
            // Properties of the level just stored.
            let check = checkLevel(frontier, properties: properties, pendingTargets: pendingTargets)
            for (property, rank) in check.witnesses.sorted(by: { $0.key < $1.key }) {
                witnesses[properties[property].name] = Trace.replaying(log.path(depth: depth, rank: rank), in: system)
            }
            pendingTargets.removeAll { check.witnesses[$0] != nil }
            if let (rank, property) = check.violation {
                let trace = Trace.replaying(log.path(depth: depth, rank: rank), in: system)
                return result(.violated, [.init(property: properties[property].name, expectation: .always, trace: trace)])
            }
            if let maxDepth = options.limits.maxDepth, depth >= maxDepth {
                return result(.incomplete(reason: "depth limit of \(maxDepth) reached"), [])
            }
            if let maxStates = options.limits.maxStates, store.count >= maxStates {
                return result(.incomplete(reason: "state limit of \(maxStates) reached"), [])
            }
            if let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }

            var next: [System.State] = []
            log.beginLevel()
            let chunkStarts = Array(stride(from: 0, to: frontier.count, by: breadthFirstChunkSize))
            for batchStart in stride(from: 0, to: chunkStarts.count, by: breadthFirstBatchChunks) {
                let chunks = chunkStarts[batchStart..<min(batchStart + breadthFirstBatchChunks, chunkStarts.count)].map {
                    LevelChunk<System>(start: $0, end: min($0 + breadthFirstChunkSize, frontier.count), kinds: kinds)
                }
                let work = LevelWork(frontier: frontier, chunks: chunks)

                // Phase 1: expand and route.
                parallelForEach(chunks.count) { index in
                    if monitor.shouldStop { return }
                    route(work.chunks[index], frontier: work.frontier, store: store)
                    monitor.transitions.wrappingIncrement(by: work.chunks[index].transitions, ordering: .relaxed)
                }
                if let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }

                // Phase 2: each shard's owner inserts its fingerprints in BFS order.
                parallelForEach(store.shardCount) { shard in
                    let wins = Self.insertRouted(shard: shard, chunks: work.chunks, store: store)
                    monitor.storedStates.wrappingIncrement(by: wins, ordering: .relaxed)
                }

                // Phase 3: the winners' states.
                parallelForEach(chunks.count) { index in
                    collectWinners(work.chunks[index], frontier: work.frontier)
                }

                // The batch's part of the next level, in BFS order, and its parent links.
                for chunk in chunks {
                    statistics.transitions += chunk.transitions
                    for kind in 0..<kinds { coverage[kind] += chunk.coverage[kind] }
                    next.append(contentsOf: chunk.next)
                    chunk.next = []
                    log.append(chunk.links)
                    chunk.links = TraceLogSegment()
                }
            }
            frontier = next
            if !frontier.isEmpty {
                depth += 1
                statistics.maxDepth = depth
                monitor.depth.store(depth, ordering: .relaxed)
            }
        }
        let unreached = unreachedTargets(witnesses)
        return result(unreached.isEmpty ? .holds : .violated, unreached)
    }

    /// Phase 1 for one chunk: expand each parent and route every successor within bounds to its
    /// shard, tagged in BFS order. Duplicates within the chunk are dropped here (the first one wins
    /// anyway). The seen-set is not touched.
    @inlinable
    func route<Store: VisitedStore>(_ chunk: LevelChunk<System>, frontier: [System.State], store: Store) {
        let exact = store.isExact
        let shardCount = store.shardCount
        var encoder = StateEncoder()
        var actions: [System.Action] = []
        var shardCounts = [Int32](repeating: 0, count: shardCount + 1)
        var tagShards: [Int32] = []
        var tagFingerprints: [UInt64] = []
        var tagParents: [UInt16] = []
        var tagOrdinals: [UInt32] = []
        var wordOffsets: [Int] = exact ? [0] : []
        var words: [UInt64] = []
        var coverage = chunk.coverage
        var transitions = 0
        var local = ChunkFingerprintSet()
        for parentRank in chunk.start..<chunk.end {
            let parent = frontier[parentRank]
            actions.removeAll(keepingCapacity: true)
            system.actions(in: parent, into: &actions)
            var ordinal: UInt32 = 0
            for action in actions {
                defer { ordinal &+= 1 }
                guard let successor = system.successor(of: parent, taking: action) else { continue }
                transitions &+= 1
                coverage[system.actionKind(of: action)] &+= 1
                guard system.isWithinBounds(successor) else { continue }
                let fingerprint = encode(successor, into: &encoder)
                if !exact && !local.insert(fingerprint) { continue }
                let shard = store.shard(of: fingerprint)
                tagShards.append(Int32(truncatingIfNeeded: shard))
                tagFingerprints.append(fingerprint)
                tagParents.append(UInt16(truncatingIfNeeded: parentRank - chunk.start))
                tagOrdinals.append(ordinal)
                shardCounts[shard &+ 1] &+= 1
                if exact {
                    encoder.withWords { words.append(contentsOf: $0) }
                    wordOffsets.append(words.count)
                }
            }
        }
        // Counting sort of the tags by shard, keeping BFS order within a shard.
        for shard in 0..<shardCount { shardCounts[shard + 1] &+= shardCounts[shard] }
        var cursor = shardCounts
        var shardTags = [Int32](repeating: 0, count: tagShards.count)
        var shardFingerprints = [UInt64](repeating: 0, count: tagShards.count)
        for (tag, shard) in tagShards.enumerated() {
            let position = Int(cursor[Int(shard)])
            shardTags[position] = Int32(truncatingIfNeeded: tag)
            shardFingerprints[position] = tagFingerprints[tag]
            cursor[Int(shard)] &+= 1
        }
        if !tagShards.isEmpty {
            let flags = UnsafeMutablePointer<Bool>.allocate(capacity: tagShards.count)
            flags.initialize(repeating: false, count: tagShards.count)
            chunk.isWinner = flags
        }
        chunk.shardStarts = shardCounts
        chunk.shardTags = shardTags
        chunk.shardFingerprints = shardFingerprints
        chunk.tagParents = tagParents
        chunk.tagOrdinals = tagOrdinals
        chunk.wordOffsets = wordOffsets
        chunk.words = words
        chunk.coverage = coverage
        chunk.transitions = transitions
    }

    /// Phase 2 for one shard: inserts the shard's routed fingerprints, chunk by chunk in BFS order,
    /// prefetching a few ahead; marks the new ones. Returns how many were new.
    @inlinable
    static func insertRouted<Store: VisitedStore>(shard: Int, chunks: [LevelChunk<System>], store: Store) -> Int {
        var wins = 0
        let lookahead = 8
        for chunk in chunks {
            let from = Int(chunk.shardStarts[shard])
            let to = Int(chunk.shardStarts[shard + 1])
            guard from < to, let isWinner = chunk.isWinner else { continue }
            if chunk.wordOffsets.isEmpty {
                let empty = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
                chunk.shardTags.withUnsafeBufferPointer { tags in
                    chunk.shardFingerprints.withUnsafeBufferPointer { fingerprints in
                        for position in from..<min(from + lookahead, to) { store.prefetch(fingerprints[position]) }
                        for position in from..<to {
                            if position + lookahead < to { store.prefetch(fingerprints[position + lookahead]) }
                            if store.insert(fingerprints[position], empty) {
                                isWinner[Int(tags[position])] = true
                                wins &+= 1
                            }
                        }
                    }
                }
            } else {
                chunk.words.withUnsafeBufferPointer { words in
                    for position in from..<min(from + lookahead, to) { store.prefetch(chunk.shardFingerprints[position]) }
                    for position in from..<to {
                        if position + lookahead < to { store.prefetch(chunk.shardFingerprints[position + lookahead]) }
                        let tag = Int(chunk.shardTags[position])
                        let range = chunk.wordOffsets[tag]..<chunk.wordOffsets[tag + 1]
                        if store.insert(chunk.shardFingerprints[position], UnsafeBufferPointer(rebasing: words[range])) {
                            isWinner[tag] = true
                            wins &+= 1
                        }
                    }
                }
            }
        }
        return wins
    }

    /// Phase 3 for one chunk: recomputes the winners' states, in BFS order, as the chunk's part of
    /// the next level.
    @inlinable
    func collectWinners(_ chunk: LevelChunk<System>, frontier: [System.State]) {
        defer {
            chunk.shardFingerprints = []
            chunk.shardTags = []
            chunk.words = []
            chunk.wordOffsets = []
            chunk.tagParents = []
            chunk.tagOrdinals = []
        }
        var links = TraceLogSegment()
        let parentCount = chunk.end - chunk.start
        guard let isWinner = chunk.isWinner else {
            for _ in 0..<parentCount { links.endParent() }
            chunk.links = links
            return
        }
        var next: [System.State] = []
        var actions: [System.Action] = []
        var actionsParent = -1
        var openParent = 0
        for tag in 0..<chunk.tagParents.count where isWinner[tag] {
            let parentLocal = Int(chunk.tagParents[tag])
            let parent = frontier[chunk.start + parentLocal]
            if parentLocal != actionsParent {
                actions.removeAll(keepingCapacity: true)
                system.actions(in: parent, into: &actions)
                actionsParent = parentLocal
            }
            let ordinal = chunk.tagOrdinals[tag]
            guard let state = system.successor(of: parent, taking: actions[Int(ordinal)]) else {
                preconditionFailure("BFS: successor of a winning transition vanished; the model is not deterministic")
            }
            next.append(state)
            while openParent < parentLocal {
                links.endParent()
                openParent += 1
            }
            links.appendChild(ordinal: ordinal)
        }
        while openParent < parentCount {
            links.endParent()
            openParent += 1
        }
        chunk.next = next
        chunk.links = links
    }

    /// Checks the properties of a stored level in parallel; returns the first violation and the first
    /// witness of each pending target, by rank in the level.
    @inlinable
    func checkLevel(
        _ level: [System.State], properties: [Property<System.State>], pendingTargets: [Int]
    ) -> (violation: (rank: Int, property: Int)?, witnesses: [Int: Int]) {
        let chunkCount = (level.count + breadthFirstChunkSize - 1) / breadthFirstChunkSize
        let results = LevelChecks(count: chunkCount)
        parallelForEach(chunkCount) { chunk in
            let start = chunk * breadthFirstChunkSize
            var violation: (Int, Int)? = nil
            var witnesses: [Int: Int] = [:]
            for rank in start..<min(start + breadthFirstChunkSize, level.count) {
                let state = level[rank]
                if let property = firstViolatedInvariant(state, properties) {
                    violation = (rank, property)
                    break
                }
                for target in pendingTargets where witnesses[target] == nil && properties[target].condition(state) {
                    witnesses[target] = rank
                }
            }
            results.store(chunk, violation: violation, witnesses: witnesses)
        }
        var witnesses: [Int: Int] = [:]
        for chunk in 0..<chunkCount {
            if let violation = results.violations[chunk] { return (violation, witnesses) }
            for (target, rank) in results.witnesses[chunk] where witnesses[target] == nil {
                witnesses[target] = rank
            }
        }
        return (nil, witnesses)
    }
}

/// Per-chunk property results of one level, written by worker threads at distinct indices.
@usableFromInline
final class LevelChecks: @unchecked Sendable {
    private let violationSlots: UnsafeMutablePointer<(Int, Int)?>
    private let witnessSlots: UnsafeMutablePointer<[Int: Int]>
    private let count: Int

    @usableFromInline
    init(count: Int) {
        self.count = count
        violationSlots = .allocate(capacity: max(count, 1))
        violationSlots.initialize(repeating: nil, count: count)
        witnessSlots = .allocate(capacity: max(count, 1))
        witnessSlots.initialize(repeating: [:], count: count)
    }

    deinit {
        violationSlots.deinitialize(count: count)
        violationSlots.deallocate()
        witnessSlots.deinitialize(count: count)
        witnessSlots.deallocate()
    }

    @usableFromInline
    var violations: UnsafeBufferPointer<(Int, Int)?> { UnsafeBufferPointer(start: violationSlots, count: count) }
    @usableFromInline
    var witnesses: UnsafeBufferPointer<[Int: Int]> { UnsafeBufferPointer(start: witnessSlots, count: count) }

    @usableFromInline
    func store(_ chunk: Int, violation: (Int, Int)?, witnesses: [Int: Int]) {
        violationSlots[chunk] = violation
        witnessSlots[chunk] = witnesses
    }
}

/// A small open-addressing set of the fingerprints one chunk produced, to drop duplicates before
/// they reach the shared seen-set. Grows by doubling; reused for a whole chunk.
@usableFromInline
struct ChunkFingerprintSet {
    @usableFromInline var slots = [UInt64](repeating: 0, count: 1 << 15)
    @usableFromInline var count = 0

    @inlinable
    init() {}

    /// Adds `fingerprint` (non-zero); `false` if it was already there.
    @inlinable @inline(__always)
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        if count * 2 >= slots.count { grow() }
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let slot = slots[index]
            if slot == fingerprint { return false }
            if slot == 0 {
                slots[index] = fingerprint
                count &+= 1
                return true
            }
            index = (index &+ 1) & mask
        }
    }

    @usableFromInline
    mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for fingerprint in old where fingerprint != 0 { _ = insert(fingerprint) }
    }
}
