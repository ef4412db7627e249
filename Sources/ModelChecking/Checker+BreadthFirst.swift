import Atomics
import Dispatch

/// The frontier states a worker expands at once. Fixed, so that results never depend on the number
/// of threads: the concatenation of the chunks' outputs in chunk order is the sequential BFS order.
let breadthFirstChunkSize = 512

/// One chunk of a BFS level: its parents, the candidate successors they produced (those not stored
/// in earlier levels), which candidates won (first in BFS order), and the chunk's share of the next
/// level.
final class LevelChunk<System: TransitionSystem>: @unchecked Sendable {
    let start: Int
    let end: Int
    // Phase 1: candidates, in BFS order (parent, then action ordinal).
    var fingerprints: [UInt64] = []
    var parents: [Int32] = []
    var ordinals: [UInt32] = []
    var states: [System.State] = []
    var wordOffsets: [Int] = []
    var words: [UInt64] = []
    var byShard: [Int32] = []
    var shardStarts: [Int32] = []
    var transitions = 0
    var coverage: [Int]
    // Phase 2: which candidates are new.
    var isWinner: UnsafeMutablePointer<Bool>? = nil
    // Phase 3: the chunk's part of the next level.
    var next: [System.State] = []
    var nextParents: [Int32] = []
    var nextOrdinals: [UInt32] = []
    var firstViolation: (rank: Int, property: Int)? = nil
    var firstWitness: [Int: Int] = [:]

    init(start: Int, end: Int, kinds: Int) {
        self.start = start
        self.end = end
        coverage = Array(repeating: 0, count: kinds)
    }

    deinit { isWinner?.deallocate() }

    func wordsOf(_ index: Int, _ body: (UnsafeBufferPointer<UInt64>) -> Bool) -> Bool {
        guard !wordOffsets.isEmpty else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return words.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[wordOffsets[index]..<wordOffsets[index + 1]]))
        }
    }
}

/// Shared read-only inputs of one BFS level, and the chunk list, handed to worker threads.
final class LevelWork<System: TransitionSystem>: @unchecked Sendable {
    let frontier: [System.State]
    let chunks: [LevelChunk<System>]
    let nextChunk = ManagedAtomic<Int>(0)

    init(frontier: [System.State], chunks: [LevelChunk<System>]) {
        self.frontier = frontier
        self.chunks = chunks
    }
}

extension Checker {
    /// Runs `body(i)` for each `i` in `0..<count` on up to `threadCount` threads, each taking the next
    /// index from a shared counter.
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
    /// Each level runs in three parallel phases: (1) workers expand chunks of the frontier and keep the
    /// successors not stored in earlier levels; (2) each shard of the seen-set is owned by one worker,
    /// which inserts that shard's candidates in BFS order, so the first occurrence wins exactly as in a
    /// sequential search; (3) workers collect each chunk's winners and check the properties. The next
    /// level is the winners in BFS order, so counts, traces and counterexamples are the same for every
    /// thread count, and the first violation found is at the least depth.
    func runBreadthFirst() -> CheckResult<System> {
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let store = makeStore()
        let properties = activeProperties
        let kinds = system.actionKindNames.count
        let exact = store.isExact
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
            let inserted = encoder.words.withUnsafeBufferPointer { store.insert(fingerprint, $0) }
            if inserted {
                frontier.append(state)
                initialOrdinals.append(UInt32(index))
            }
        }
        log.beginLevel()
        log.appendParent(childOrdinals: initialOrdinals)
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

            // Phase 1: expand.
            let chunks = stride(from: 0, to: frontier.count, by: breadthFirstChunkSize).map {
                LevelChunk<System>(start: $0, end: min($0 + breadthFirstChunkSize, frontier.count), kinds: kinds)
            }
            let work = LevelWork(frontier: frontier, chunks: chunks)
            let shardCount = store.shardCount
            parallelForEach(chunks.count) { index in
                if monitor.shouldStop { return }
                expand(work.chunks[index], frontier: work.frontier, store: store, exact: exact, shardCount: shardCount)
                monitor.transitions.wrappingIncrement(by: work.chunks[index].transitions, ordering: .relaxed)
            }
            if let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }

            // Phase 2: insert, one worker per shard, candidates in BFS order.
            parallelForEach(shardCount) { shard in
                var wins = 0
                for chunk in work.chunks {
                    let from = Int(chunk.shardStarts[shard])
                    let to = Int(chunk.shardStarts[shard + 1])
                    guard from < to, let isWinner = chunk.isWinner else { continue }
                    for position in from..<to {
                        let candidate = Int(chunk.byShard[position])
                        let fingerprint = chunk.fingerprints[candidate]
                        let inserted = chunk.wordsOf(candidate) { store.insert(fingerprint, $0) }
                        isWinner[candidate] = inserted
                        if inserted { wins += 1 }
                    }
                }
                monitor.storedStates.wrappingIncrement(by: wins, ordering: .relaxed)
            }

            // Phase 3: collect the winners of each chunk.
            parallelForEach(chunks.count) { index in
                collectWinners(work.chunks[index])
            }

            // The next level, in BFS order, and its parent links.
            var next: [System.State] = []
            next.reserveCapacity(chunks.reduce(0) { $0 + $1.next.count })
            log.beginLevel()
            for chunk in chunks {
                statistics.transitions += chunk.transitions
                for kind in 0..<kinds { coverage[kind] += chunk.coverage[kind] }
                next.append(contentsOf: chunk.next)
                var child = 0
                for parent in 0..<Int32(chunk.end - chunk.start) {
                    let first = child
                    while child < chunk.nextParents.count && chunk.nextParents[child] == parent { child += 1 }
                    log.appendParent(childOrdinals: chunk.nextOrdinals[first..<child])
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

    /// Phase 1 for one chunk: expand each parent, keep the successors not stored in earlier levels.
    private func expand(
        _ chunk: LevelChunk<System>, frontier: [System.State], store: any VisitedStore, exact: Bool, shardCount: Int
    ) {
        var encoder = StateEncoder()
        var actions: [System.Action] = []
        var shardCounts = [Int32](repeating: 0, count: shardCount + 1)
        var shards: [Int32] = []
        if exact { chunk.wordOffsets.append(0) }
        for parentRank in chunk.start..<chunk.end {
            let parent = frontier[parentRank]
            actions.removeAll(keepingCapacity: true)
            system.actions(in: parent, into: &actions)
            for (ordinal, action) in actions.enumerated() {
                guard let successor = system.successor(of: parent, taking: action) else { continue }
                chunk.transitions &+= 1
                chunk.coverage[system.actionKind(of: action)] &+= 1
                guard system.isWithinBounds(successor) else { continue }
                let fingerprint = encode(successor, into: &encoder)
                let seen = encoder.words.withUnsafeBufferPointer { store.contains(fingerprint, $0) }
                if seen { continue }
                chunk.fingerprints.append(fingerprint)
                chunk.parents.append(Int32(parentRank - chunk.start))
                chunk.ordinals.append(UInt32(ordinal))
                chunk.states.append(successor)
                if exact {
                    chunk.words.append(contentsOf: encoder.words)
                    chunk.wordOffsets.append(chunk.words.count)
                }
                let shard = store.shard(of: fingerprint)
                shards.append(Int32(shard))
                shardCounts[shard + 1] &+= 1
            }
        }
        // Counting sort of the candidates by shard, keeping BFS order within a shard.
        for shard in 0..<shardCount { shardCounts[shard + 1] &+= shardCounts[shard] }
        chunk.shardStarts = shardCounts
        var cursor = shardCounts
        chunk.byShard = [Int32](repeating: 0, count: shards.count)
        for (candidate, shard) in shards.enumerated() {
            chunk.byShard[Int(cursor[Int(shard)])] = Int32(candidate)
            cursor[Int(shard)] &+= 1
        }
        if !shards.isEmpty {
            let flags = UnsafeMutablePointer<Bool>.allocate(capacity: shards.count)
            flags.initialize(repeating: false, count: shards.count)
            chunk.isWinner = flags
        }
    }

    /// Phase 3 for one chunk: the winners, in order, become the chunk's part of the next level.
    private func collectWinners(_ chunk: LevelChunk<System>) {
        guard let isWinner = chunk.isWinner else { return }
        for candidate in 0..<chunk.states.count where isWinner[candidate] {
            chunk.next.append(chunk.states[candidate])
            chunk.nextParents.append(chunk.parents[candidate])
            chunk.nextOrdinals.append(chunk.ordinals[candidate])
        }
        chunk.states = []
        chunk.fingerprints = []
        chunk.words = []
    }

    /// Checks the properties of a stored level in parallel; returns the first violation and the first
    /// witness of each pending target, by rank in the level.
    private func checkLevel(
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
final class LevelChecks: @unchecked Sendable {
    private let violationSlots: UnsafeMutablePointer<(Int, Int)?>
    private let witnessSlots: UnsafeMutablePointer<[Int: Int]>
    private let count: Int

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

    var violations: UnsafeBufferPointer<(Int, Int)?> { UnsafeBufferPointer(start: violationSlots, count: count) }
    var witnesses: UnsafeBufferPointer<[Int: Int]> { UnsafeBufferPointer(start: witnessSlots, count: count) }

    func store(_ chunk: Int, violation: (Int, Int)?, witnesses: [Int: Int]) {
        violationSlots[chunk] = violation
        witnessSlots[chunk] = witnesses
    }
}
