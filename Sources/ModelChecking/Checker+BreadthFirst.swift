import Atomics
import Dispatch

/// The frontier states a worker expands at once. Fixed, so that results never depend on the number
/// of threads: the concatenation of the chunks' outputs in chunk order is the sequential BFS order.
@usableFromInline let breadthFirstChunkSize = 1024

/// Chunks per batch: a level is processed a batch at a time, which bounds the memory of routed
/// successors (about 40 bytes each) whatever the level's size.
@usableFromInline let breadthFirstBatchChunks = 128

/// How many seen-set probes phase 2 keeps in flight ahead of the one it performs.
@usableFromInline let breadthFirstPrefetchDistance = 16

/// The properties of some states of a level in BFS order: the first violation (position, then
/// property index) and, for each target, the first position before it that satisfies the target.
@usableFromInline typealias PropertyScan = (violation: (rank: Int, property: Int)?, witnesses: [Int: Int])

extension Checker {
    /// Runs `body(i)` for each `i` in `0..<count` on up to `threadCount` threads, each taking the next
    /// index from a shared counter.
    @inlinable
    func parallelForEach(_ count: Int, _ body: @escaping (Int) -> Void) {
        parallelForEach(count) { _, index in body(index) }
    }

    /// Runs `body(worker, i)` for each `i` in `0..<count` on up to `threadCount` threads, each taking
    /// the next index from a shared counter; `worker` (below `threadCount`) identifies the thread, so
    /// that it can use scratch memory of its own.
    @inlinable
    func parallelForEach(_ count: Int, _ body: @escaping (_ worker: Int, _ index: Int) -> Void) {
        let threads = min(options.threadCount, count)
        if threads <= 1 {
            for index in 0..<count { body(0, index) }
            return
        }
        let next = ManagedAtomic<Int>(0)
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            while true {
                let index = next.loadThenWrappingIncrement(ordering: .relaxed)
                if index >= count { break }
                body(worker, index)
            }
        }
    }

    /// Runs `body(worker, i)` for each `i` in `0..<count` on up to `threadCount` threads, each thread
    /// taking long runs of consecutive indices in increasing order (see ``ContiguousWorkQueue``).
    @inlinable
    func parallelForEachContiguous(_ count: Int, _ body: @escaping (_ worker: Int, _ index: Int) -> Void) {
        let threads = min(options.threadCount, count)
        if threads <= 1 {
            for index in 0..<count { body(0, index) }
            return
        }
        let queue = ContiguousWorkQueue(count: count, workers: threads)
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            while let index = queue.next(for: worker) { body(worker, index) }
        }
    }

    /// Exhaustive level-synchronous breadth-first search.
    ///
    /// A level is processed in batches of chunks, each batch in three parallel phases: (1) workers
    /// expand the chunks' parents (`forEachSuccessor`), keep every routed successor and route its
    /// fingerprint to the seen-set shard that owns it, without touching the seen-set; (2) each shard's
    /// owner inserts its fingerprints in BFS order (chunk, then parent, then action), prefetching
    /// ahead, so the first occurrence wins exactly as in a sequential search and every transition
    /// costs one probe; (3) workers keep the winners' states, in order, drop the rest, and build the
    /// winners' parent links. The next level is the winners in BFS order, kept as the chunks produced
    /// them (nothing is copied between phases), so counts, traces and counterexamples are the same
    /// for every thread count, and the first violation found is at the least depth.
    ///
    /// With `options.storage` the run also writes checkpoints at the end of levels, resumes from one,
    /// and spills the frontier and the parent log to segment files under a memory budget (see
    /// ``StorageOptions``); none of this changes counts, verdicts or counterexamples.
    ///
    /// - Throws: `StorageError` when the checkpoint or a spill file cannot be written or read, or the
    ///   checkpoint to resume belongs to another model, config or engine options.
    @inlinable
    func runBreadthFirst<Store: VisitedStore>(store: Store) throws(StorageError) -> CheckResult<System> {
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let properties = activeProperties
        let kinds = system.actionKindNames.count
        var statistics = baseStatistics()
        var coverage = Array(repeating: 0, count: kinds)
        var log = TraceLog()
        var witnesses: [String: Trace<System>] = [:]
        var witnessRanks: [String: [Int]] = [:]
        var pendingTargets = properties.indices.filter { properties[$0].expectation == .sometimes }
        // The compact form's closures are made here, where the system's type is known, so that the
        // disk side (compiled once for every system) runs the system's specialized code.
        let system = self.system
        let disk =
            options.storage.isActive
            ? try BreadthFirstDisk(
                checker: self, properties: properties.map(\.name),
                compactCoding: CompactStateCoding(form: { system.compactForm(of: $0) }, state: { system.state(fromCompactForm: $0) }))
            : nil
        // A checkpointing run stops on a time or memory limit only at the end of a level, where it can
        // leave a checkpoint to resume from.
        let stopsWithinLevels = disk?.isCheckpointing != true

        func result(_ outcome: CheckResult<System>.Outcome, _ violations: [CheckResult<System>.Violation]) -> CheckResult<System> {
            finish(&statistics, store: store, extraBytes: log.bytes, coverage: coverage, started: started)
            statistics.storage = disk?.statistics
            return CheckResult(outcome: outcome, violations: violations, witnesses: witnesses, statistics: statistics)
        }

        let invariants = properties.indices.filter { properties[$0].expectation == .always }
        var level = BreadthFirstLevel<System.State>()
        var depth = 0
        var chunksRouted = 0
        // The properties of the level being built, checked by phase 3 as its states are made.
        var levelCheck = PropertyScan(nil, [:])
        if let disk, options.storage.resumeDirectory != nil {
            let snapshot = try disk.resume(into: store)
            level = snapshot.level
            log = snapshot.log
            depth = snapshot.depth
            statistics.transitions = snapshot.transitions
            statistics.maxDepth = depth
            coverage = snapshot.coverage
            chunksRouted = snapshot.chunksRouted
            witnessRanks = snapshot.witnessRanks
            for (name, position) in witnessRanks.sorted(by: { $0.key < $1.key }) where position.count == 2 {
                witnesses[name] = Trace.replaying(try log.path(depth: position[0], rank: position[1]), in: system)
            }
            pendingTargets.removeAll { witnessRanks[properties[$0].name] != nil }
            monitor.depth.store(depth, ordering: .relaxed)
        } else {
            // Level 0: the initial states.
            var encoder = StateEncoder()
            var initial: [System.State] = []
            var initialOrdinals: [UInt32] = []
            for (index, state) in system.initialStates.enumerated() where system.isWithinBounds(state) {
                let fingerprint = encode(state, into: &encoder)
                let inserted = encoder.withWords { store.insert(fingerprint, $0) }
                if inserted {
                    initial.append(state)
                    initialOrdinals.append(UInt32(index))
                }
            }
            level.append(initial)
            log.beginLevel()
            log.appendParent(childOrdinals: initialOrdinals)
            levelCheck = scanProperties(initial, properties: properties, invariants: invariants, targets: pendingTargets)
        }
        monitor.storedStates.store(store.count, ordering: .relaxed)

        var slots: [LevelChunk<System>] = []
        let workers = (0..<max(options.threadCount, 1)).map { _ in BreadthFirstWorker<System>() }
        while !level.isEmpty {
            let levelChunks = level.chunks()

            // Properties of the level just stored.
            for (property, rank) in levelCheck.witnesses.sorted(by: { $0.key < $1.key }) {
                witnessRanks[properties[property].name] = [depth, rank]
                witnesses[properties[property].name] = Trace.replaying(try log.path(depth: depth, rank: rank), in: system)
            }
            pendingTargets.removeAll { levelCheck.witnesses[$0] != nil }
            if let (rank, property) = levelCheck.violation {
                let trace = Trace.replaying(try log.path(depth: depth, rank: rank), in: system)
                return result(.violated, [.init(property: properties[property].name, expectation: .always, trace: trace)])
            }
            var stopReason: String? = nil
            if let maxDepth = options.limits.maxDepth, depth >= maxDepth {
                stopReason = "depth limit of \(maxDepth) reached"
            } else if let maxStates = options.limits.maxStates, store.count >= maxStates {
                stopReason = "state limit of \(maxStates) reached"
            } else if let reason = monitor.stopDescription {
                stopReason = reason
            }
            if let disk, disk.shouldCheckpoint(depth: depth, stopping: stopReason != nil) {
                try disk.writeCheckpoint(
                    BreadthFirstSnapshot(
                        depth: depth, level: level, log: log, transitions: statistics.transitions, coverage: coverage,
                        chunksRouted: chunksRouted, witnessRanks: witnessRanks),
                    store: store)
            }
            if let stopReason { return result(.incomplete(reason: stopReason), []) }

            var next = BreadthFirstLevel<System.State>()
            levelCheck = PropertyScan(nil, [:])
            let targets = pendingTargets
            log.beginLevel()
            // Spilled pieces of this level read back for the batch at hand (a piece may span batches).
            var loaded: [Int: [System.State]] = [:]
            for batchStart in stride(from: 0, to: levelChunks.count, by: breadthFirstBatchChunks) {
                let batch = levelChunks[batchStart..<min(batchStart + breadthFirstBatchChunks, levelChunks.count)]
                if let disk {
                    let firstPiece = batch.first!.piece
                    loaded = loaded.filter { $0.key >= firstPiece }
                    var needed: [Int] = []
                    for chunk in batch where loaded[chunk.piece] == nil && needed.last != chunk.piece {
                        if case .spilled = level.pieces[chunk.piece] { needed.append(chunk.piece) }
                    }
                    for (piece, states) in zip(needed, try disk.load(needed, of: level)) { loaded[piece] = states }
                }
                while slots.count < batch.count { slots.append(LevelChunk(kinds: kinds, shardCount: store.shardCount)) }
                for (slot, chunk) in zip(slots, batch) {
                    switch level.pieces[chunk.piece] {
                    case .inMemory(let states): slot.assign(parents: states, range: chunk.range)
                    case .spilled: slot.assign(parents: loaded[chunk.piece]!, range: chunk.range)
                    }
                }
                let work = LevelWork(chunks: Array(slots.prefix(batch.count)), workers: workers)
                let serial = chunksRouted
                chunksRouted += batch.count

                // Phase 1: expand and route.
                parallelForEachContiguous(work.chunks.count) { worker, index in
                    if stopsWithinLevels && monitor.shouldStop { return }
                    route(work.chunks[index], serial: serial + index, using: work.workers[worker], store: store)
                    monitor.transitions.wrappingIncrement(by: work.chunks[index].transitions, ordering: .relaxed)
                }
                if stopsWithinLevels, let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }

                // Phase 2: each shard's owner inserts its fingerprints in BFS order.
                parallelForEach(store.shardCount) { shard in
                    let wins = Self.insertRouted(shard: shard, chunks: work.chunks, store: store)
                    monitor.storedStates.wrappingIncrement(by: wins, ordering: .relaxed)
                }

                // Phase 3: the winners' states, their properties, and their parent links.
                parallelForEach(work.chunks.count) { worker, index in
                    collectWinners(work.chunks[index], using: work.workers[worker])
                    work.chunks[index].check = scanProperties(
                        work.chunks[index].next, properties: properties, invariants: invariants, targets: targets)
                }

                // The batch's part of the next level, in BFS order, and its parent links.
                for chunk in work.chunks {
                    statistics.transitions += chunk.transitions
                    for kind in 0..<kinds { coverage[kind] += chunk.coverage[kind] }
                    let (states, links, check) = chunk.takeResults()
                    if levelCheck.violation == nil {
                        for (target, rank) in check.witnesses where levelCheck.witnesses[target] == nil {
                            levelCheck.witnesses[target] = next.count + rank
                        }
                        if let (rank, property) = check.violation { levelCheck.violation = (next.count + rank, property) }
                    }
                    next.append(states)
                    log.append(links)
                }
                try disk?.spillFrontierIfOverBudget(&next, isComplete: false)
            }
            try disk?.spillFrontierIfOverBudget(&next, isComplete: true)
            level = next
            try disk?.spillLogIfOverBudget(&log)
            if !level.isEmpty {
                depth += 1
                statistics.maxDepth = depth
                monitor.depth.store(depth, ordering: .relaxed)
            }
        }
        let unreached = unreachedTargets(witnesses)
        return result(unreached.isEmpty ? .holds : .violated, unreached)
    }

    /// Phase 1 for one chunk, the `serial`-th of the search: expand each parent and route every
    /// successor within bounds to its shard, tagged in BFS order. Duplicates of successors the worker
    /// routed recently are dropped here (see ``RecentFingerprints``: the earlier one wins anyway). The
    /// seen-set is not touched.
    @inlinable
    func route<Store: VisitedStore>(
        _ chunk: LevelChunk<System>, serial: Int, using worker: BreadthFirstWorker<System>, store: Store
    ) {
        let exact = store.isExact
        // The cache of recent fingerprints is only sound while the worker moves forward in BFS order.
        if serial < worker.lastSerial { worker.recent.removeAll() }
        worker.lastSerial = serial
        let shardCount = store.shardCount
        var actions = worker.actions
        worker.actions = []
        var tagShards = worker.tagShards
        var tagFingerprints = worker.tagFingerprints
        var tagParents = chunk.tagParents
        var tagOrdinals = chunk.tagOrdinals
        var wordOffsets = chunk.wordOffsets
        var words = chunk.words
        chunk.coverage.reset(count: chunk.coverage.count, to: 0)
        var shardCounts = chunk.shardStarts
        tagShards.removeAll()
        tagFingerprints.removeAll()
        tagParents.removeAll()
        tagOrdinals.removeAll()
        words.removeAll()
        wordOffsets.removeAll()
        if exact { wordOffsets.append(0) }
        shardCounts.reset(count: shardCount + 1, to: 0)
        let parents = chunk.parents
        chunk.routedStates.removeAll()
        var router = BreadthFirstRouter(
            system: system, store: store, symmetric: options.usesSymmetry, exactKeys: options.usesExactStore,
            recent: worker.recent, coverage: chunk.coverage, encoder: worker.encoder, tagShards: tagShards,
            tagFingerprints: tagFingerprints, tagParents: tagParents, tagOrdinals: tagOrdinals, routedStates: chunk.routedStates,
            shardCounts: shardCounts, words: words, wordOffsets: wordOffsets)
        // Held by the router alone, so that writing it never copies a shared buffer.
        worker.encoder = StateEncoder(capacity: 0)
        for parentIndex in chunk.start..<chunk.end {
            router.parentOffset = UInt16(truncatingIfNeeded: parentIndex &- chunk.start)
            system.forEachSuccessor(of: parents[parentIndex], scratch: &actions, into: &router)
        }
        worker.encoder = router.encoder
        tagShards = router.tagShards
        tagFingerprints = router.tagFingerprints
        tagParents = router.tagParents
        tagOrdinals = router.tagOrdinals
        shardCounts = router.shardCounts
        words = router.words
        wordOffsets = router.wordOffsets
        let transitions = router.transitions
        chunk.routedStates = router.routedStates

        // Counting sort of the tags by shard, keeping BFS order within a shard.
        let routed = tagShards.count
        for shard in 0..<shardCount { shardCounts[shard + 1] &+= shardCounts[shard] }
        var shardTags = chunk.shardTags
        var shardFingerprints = chunk.shardFingerprints
        shardTags.reset(count: routed, to: 0)
        shardFingerprints.reset(count: routed, to: 0)
        for tag in 0..<routed {
            let shard = Int(tagShards[tag])
            let position = Int(shardCounts[shard])
            shardTags[position] = Int32(truncatingIfNeeded: tag)
            shardFingerprints[position] = tagFingerprints[tag]
            shardCounts[shard] &+= 1
        }
        // The cursors now hold each shard's end: shift them back to starts.
        for shard in stride(from: shardCount, to: 0, by: -1) { shardCounts[shard] = shardCounts[shard - 1] }
        shardCounts[0] = 0

        worker.actions = actions
        worker.tagShards = tagShards
        worker.tagFingerprints = tagFingerprints
        chunk.tagParents = tagParents
        chunk.tagOrdinals = tagOrdinals
        chunk.wordOffsets = wordOffsets
        chunk.words = words
        chunk.shardStarts = shardCounts
        chunk.shardTags = shardTags
        chunk.shardFingerprints = shardFingerprints
        chunk.transitions = transitions
    }

    /// Phase 2 for one shard: inserts the shard's routed fingerprints, chunk by chunk in BFS order,
    /// keeping `breadthFirstPrefetchDistance` probes in flight across chunk boundaries; zeroes the
    /// fingerprint of every position that was not new. Returns how many were new.
    @inlinable
    static func insertRouted<Store: VisitedStore>(shard: Int, chunks: [LevelChunk<System>], store: Store) -> Int {
        var wins = 0
        if store.isExact {
            for chunk in chunks {
                let from = Int(chunk.shardStarts[shard])
                let to = Int(chunk.shardStarts[shard + 1])
                let fingerprints = chunk.shardFingerprints
                for position in from..<to {
                    let tag = Int(chunk.shardTags[position])
                    let words = UnsafeBufferPointer(
                        start: chunk.words.base + chunk.wordOffsets[tag],
                        count: chunk.wordOffsets[tag + 1] - chunk.wordOffsets[tag])
                    if store.insert(fingerprints[position], words) {
                        wins &+= 1
                    } else {
                        fingerprints[position] = 0
                    }
                }
            }
            return wins
        }
        // The shard's runs, one per chunk, as one stream with a prefetch cursor running ahead.
        let runs = chunks.map { chunk -> UnsafeMutableBufferPointer<UInt64> in
            let from = Int(chunk.shardStarts[shard])
            return UnsafeMutableBufferPointer(
                start: chunk.shardFingerprints.base + from, count: Int(chunk.shardStarts[shard + 1]) - from)
        }
        let empty = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
        var aheadRun = 0
        var aheadPosition = 0
        @inline(__always) func prefetchNext() {
            while aheadRun < runs.count && aheadPosition == runs[aheadRun].count {
                aheadRun &+= 1
                aheadPosition = 0
            }
            guard aheadRun < runs.count else { return }
            store.prefetch(runs[aheadRun][aheadPosition])
            aheadPosition &+= 1
        }
        for _ in 0..<breadthFirstPrefetchDistance { prefetchNext() }
        for run in runs {
            for position in 0..<run.count {
                prefetchNext()
                if store.insert(run[position], empty) {
                    wins &+= 1
                } else {
                    run[position] = 0
                }
            }
        }
        return wins
    }

    /// Phase 3 for one chunk: keeps the winners' states (phase 1 kept every routed successor), in
    /// BFS order, as the chunk's part of the next level, lets the losers go, and builds the
    /// winners' parent links.
    @inlinable
    func collectWinners(_ chunk: LevelChunk<System>, using worker: BreadthFirstWorker<System>) {
        let routed = chunk.routedCount
        var isWinner = worker.isWinner
        var winnerParents = worker.winnerParents
        var winnerOrdinals = worker.winnerOrdinals
        isWinner.reset(count: routed, to: false)
        var winners = 0
        for position in 0..<routed where chunk.shardFingerprints[position] != 0 {
            isWinner[Int(chunk.shardTags[position])] = true
            winners &+= 1
        }
        winnerParents.removeAll()
        winnerOrdinals.removeAll()
        winnerParents.reserve(winners)
        winnerOrdinals.reserve(winners)
        let routedStates = chunk.routedStates
        // Each winner is copied once, straight into place.
        let next = [System.State](unsafeUninitializedCapacity: winners) { buffer, initialized in
            for tag in 0..<routed where isWinner[tag] {
                (buffer.baseAddress! + initialized).initialize(to: routedStates[tag])
                initialized &+= 1
                winnerParents.appendUnchecked(chunk.tagParents[tag])
                winnerOrdinals.appendUnchecked(chunk.tagOrdinals[tag])
            }
        }
        // The losers go now; the memory is kept for the chunk's next batch.
        chunk.routedStates.removeAll()
        chunk.links = TraceLogSegment(
            parentCount: chunk.end - chunk.start, childParents: UnsafeBufferPointer(winnerParents.buffer),
            childOrdinals: UnsafeBufferPointer(winnerOrdinals.buffer))
        chunk.next = next
        worker.isWinner = isWinner
        worker.winnerParents = winnerParents
        worker.winnerOrdinals = winnerOrdinals
    }

    /// Checks the properties of `states` (a level, or a chunk's part of one, in BFS order): the first
    /// violation (least position, then first property) and, for each target, the first position
    /// before it that satisfies the target. Property by property, so that each condition is loaded
    /// once per call.
    ///
    /// Each call of a condition copies the state it is given (the compiler cannot know that the
    /// array is not changed during the call). Checking state by state, with one copy to a local,
    /// was tried: the conditions then had to be kept in an array, and calling them from there costs
    /// a reabstraction thunk and a retain and release each, more than the copies.
    @inlinable
    func scanProperties(
        _ states: [System.State], properties: [Property<System.State>], invariants: [Int], targets: [Int]
    ) -> PropertyScan {
        var violation: (rank: Int, property: Int)? = nil
        var end = states.count
        for property in invariants {
            let condition = properties[property].condition
            if let first = states[..<end].firstIndex(where: { !condition($0) }) {
                violation = (first, property)
                end = first
            }
        }
        var witnesses: [Int: Int] = [:]
        for target in targets {
            let condition = properties[target].condition
            if let first = states[..<end].firstIndex(where: condition) { witnesses[target] = first }
        }
        return (violation, witnesses)
    }
}
