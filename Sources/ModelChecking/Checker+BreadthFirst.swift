import Atomics
import Dispatch

/// The frontier states a worker expands at once. Fixed, so that results never depend on the number
/// of threads: the concatenation of the chunks' outputs in chunk order is the sequential BFS order.
@usableFromInline let breadthFirstChunkSize = 1024

/// One chunk of a BFS level: its parents, the candidate successors they produced (those not stored
/// in earlier levels), which candidates won (first in BFS order), and the chunk's share of the next
/// level. Each phase has one writer per chunk; `isWinner` is written by shard owners at distinct
/// indices.
@usableFromInline
final class LevelChunk<System: TransitionSystem>: @unchecked Sendable {
    @usableFromInline let start: Int
    @usableFromInline let end: Int
    // Phase 1: candidates, in BFS order (parent, then action ordinal).
    @usableFromInline @exclusivity(unchecked) var fingerprints: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var parents: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var ordinals: [UInt32] = []
    @usableFromInline @exclusivity(unchecked) var states: [System.State] = []
    @usableFromInline @exclusivity(unchecked) var wordOffsets: [Int] = []
    @usableFromInline @exclusivity(unchecked) var words: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var byShard: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var shardFingerprints: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var shardStarts: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var transitions = 0
    @usableFromInline @exclusivity(unchecked) var coverage: [Int]
    // Phase 2: which candidates are new.
    @usableFromInline @exclusivity(unchecked) var isWinner: UnsafeMutablePointer<Bool>? = nil
    // Phase 3: the chunk's part of the next level.
    @usableFromInline @exclusivity(unchecked) var next: [System.State] = []
    @usableFromInline @exclusivity(unchecked) var nextParents: [Int32] = []
    @usableFromInline @exclusivity(unchecked) var nextOrdinals: [UInt32] = []

    @inlinable
    init(start: Int, end: Int, kinds: Int) {
        self.start = start
        self.end = end
        coverage = Array(repeating: 0, count: kinds)
    }

    @inlinable
    deinit { isWinner?.deallocate() }
}

/// Shared read-only inputs of one BFS level, handed to worker threads.
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
    /// Each level runs in three parallel phases: (1) workers expand chunks of the frontier and keep the
    /// successors not stored in earlier levels; (2) each shard of the seen-set is owned by one worker,
    /// which inserts that shard's candidates in BFS order, so the first occurrence wins exactly as in a
    /// sequential search; (3) workers collect each chunk's winners. The next level is the winners in
    /// BFS order, so counts, traces and counterexamples are the same for every thread count, and the
    /// first violation found is at the least depth.
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
            // One thread inserts as it expands (the same first-in-BFS-order winners, one probe each);
            // several threads only look up in phase 1 and insert in phase 2.
            let insertsDirectly = options.threadCount == 1
            parallelForEach(chunks.count) { index in
                if monitor.shouldStop { return }
                expand(work.chunks[index], frontier: work.frontier, store: store, insertsDirectly: insertsDirectly)
                monitor.transitions.wrappingIncrement(by: work.chunks[index].transitions, ordering: .relaxed)
            }
            if let reason = monitor.stopDescription { return result(.incomplete(reason: reason), []) }

            // Phase 2: insert, one worker per shard, candidates in BFS order.
            parallelForEach(insertsDirectly ? 0 : store.shardCount) { shard in
                var wins = 0
                for chunk in work.chunks {
                    let from = Int(chunk.shardStarts[shard])
                    let to = Int(chunk.shardStarts[shard + 1])
                    guard from < to, let isWinner = chunk.isWinner else { continue }
                    if chunk.wordOffsets.isEmpty {
                        let empty = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
                        chunk.byShard.withUnsafeBufferPointer { order in
                            chunk.shardFingerprints.withUnsafeBufferPointer { fingerprints in
                                for position in from..<to {
                                    let candidate = Int(order[position])
                                    let inserted = store.insert(fingerprints[position], empty)
                                    isWinner[candidate] = inserted
                                    if inserted { wins &+= 1 }
                                }
                            }
                        }
                    } else {
                        chunk.words.withUnsafeBufferPointer { words in
                            for position in from..<to {
                                let candidate = Int(chunk.byShard[position])
                                let range = chunk.wordOffsets[candidate]..<chunk.wordOffsets[candidate + 1]
                                let inserted = store.insert(chunk.fingerprints[candidate], UnsafeBufferPointer(rebasing: words[range]))
                                isWinner[candidate] = inserted
                                if inserted { wins &+= 1 }
                            }
                        }
                    }
                }
                monitor.storedStates.wrappingIncrement(by: wins, ordering: .relaxed)
            }

            // Phase 3: collect the winners of each chunk.
            if !insertsDirectly {
                parallelForEach(chunks.count) { index in
                    Self.collectWinners(work.chunks[index])
                }
            }

            // The next level, in BFS order, and its parent links.
            var next: [System.State] = []
            next.reserveCapacity(chunks.reduce(0) { $0 + $1.next.count })
            log.beginLevel()
            for chunk in chunks {
                statistics.transitions += chunk.transitions
                for kind in 0..<kinds { coverage[kind] += chunk.coverage[kind] }
                next.append(contentsOf: chunk.next)
                chunk.next = []
                var child = 0
                let parents = chunk.nextParents
                for parent in 0..<Int32(chunk.end - chunk.start) {
                    let first = child
                    while child < parents.count && parents[child] == parent { child += 1 }
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
    /// With `insertsDirectly` (one thread), insert them at once and produce the chunk's winners.
    @inlinable
    func expand<Store: VisitedStore>(
        _ chunk: LevelChunk<System>, frontier: [System.State], store: Store, insertsDirectly: Bool
    ) {
        let exact = store.isExact
        let shardCount = store.shardCount
        var encoder = StateEncoder()
        var actions: [System.Action] = []
        var shardCounts = [Int32](repeating: 0, count: shardCount + 1)
        var shards: [Int32] = []
        var fingerprints: [UInt64] = []
        var parents: [Int32] = []
        var ordinals: [UInt32] = []
        var states: [System.State] = []
        var wordOffsets: [Int] = exact ? [0] : []
        var words: [UInt64] = []
        var coverage = chunk.coverage
        var transitions = 0
        var next: [System.State] = []
        var nextParents: [Int32] = []
        var nextOrdinals: [UInt32] = []
        var local = ChunkFingerprintSet()
        // Successors are handled a parent at a time: first all are computed and their fingerprints'
        // table slots prefetched, then all are looked up, so that the cache misses overlap.
        var batchStates: [System.State] = []
        var batchFingerprints: [UInt64] = []
        var batchOrdinals: [UInt32] = []
        var batchWords: [UInt64] = []
        var batchOffsets: [Int] = [0]
        for parentRank in chunk.start..<chunk.end {
            let parent = frontier[parentRank]
            actions.removeAll(keepingCapacity: true)
            system.actions(in: parent, into: &actions)
            batchStates.removeAll(keepingCapacity: true)
            batchFingerprints.removeAll(keepingCapacity: true)
            batchOrdinals.removeAll(keepingCapacity: true)
            if exact {
                batchWords.removeAll(keepingCapacity: true)
                batchOffsets.removeAll(keepingCapacity: true)
                batchOffsets.append(0)
            }
            var ordinal: UInt32 = 0
            for action in actions {
                defer { ordinal &+= 1 }
                guard let successor = system.successor(of: parent, taking: action) else { continue }
                transitions &+= 1
                coverage[system.actionKind(of: action)] &+= 1
                guard system.isWithinBounds(successor) else { continue }
                let fingerprint = encode(successor, into: &encoder)
                store.prefetch(fingerprint)
                batchStates.append(successor)
                batchFingerprints.append(fingerprint)
                batchOrdinals.append(ordinal)
                if exact {
                    encoder.withWords { batchWords.append(contentsOf: $0) }
                    batchOffsets.append(batchWords.count)
                }
            }
            if insertsDirectly {
                for index in batchStates.indices {
                    let fingerprint = batchFingerprints[index]
                    let inserted =
                        exact
                        ? batchWords.withUnsafeBufferPointer {
                            store.insert(fingerprint, UnsafeBufferPointer(rebasing: $0[batchOffsets[index]..<batchOffsets[index + 1]]))
                        }
                        : store.insert(fingerprint, UnsafeBufferPointer(start: nil, count: 0))
                    if inserted {
                        next.append(batchStates[index])
                        nextParents.append(Int32(truncatingIfNeeded: parentRank - chunk.start))
                        nextOrdinals.append(batchOrdinals[index])
                    }
                }
                continue
            }
            for index in batchStates.indices {
                let fingerprint = batchFingerprints[index]
                // A successor produced earlier in this chunk wins over this one: drop it here.
                if !exact && !local.insert(fingerprint) { continue }
                let seen =
                    exact
                    ? batchWords.withUnsafeBufferPointer {
                        store.contains(fingerprint, UnsafeBufferPointer(rebasing: $0[batchOffsets[index]..<batchOffsets[index + 1]]))
                    }
                    : store.contains(fingerprint, UnsafeBufferPointer(start: nil, count: 0))
                if seen { continue }
                fingerprints.append(fingerprint)
                parents.append(Int32(truncatingIfNeeded: parentRank - chunk.start))
                ordinals.append(batchOrdinals[index])
                states.append(batchStates[index])
                if exact {
                    words.append(contentsOf: batchWords[batchOffsets[index]..<batchOffsets[index + 1]])
                    wordOffsets.append(words.count)
                }
                let shard = store.shard(of: fingerprint)
                shards.append(Int32(truncatingIfNeeded: shard))
                shardCounts[shard &+ 1] &+= 1
            }
        }
        // Counting sort of the candidates by shard, keeping BFS order within a shard.
        for shard in 0..<shardCount { shardCounts[shard + 1] &+= shardCounts[shard] }
        var cursor = shardCounts
        var byShard = [Int32](repeating: 0, count: shards.count)
        var shardFingerprints = [UInt64](repeating: 0, count: shards.count)
        for (candidate, shard) in shards.enumerated() {
            let position = Int(cursor[Int(shard)])
            byShard[position] = Int32(truncatingIfNeeded: candidate)
            shardFingerprints[position] = fingerprints[candidate]
            cursor[Int(shard)] &+= 1
        }
        chunk.shardFingerprints = shardFingerprints
        if !shards.isEmpty {
            let flags = UnsafeMutablePointer<Bool>.allocate(capacity: shards.count)
            flags.initialize(repeating: false, count: shards.count)
            chunk.isWinner = flags
        }
        chunk.shardStarts = shardCounts
        chunk.byShard = byShard
        chunk.fingerprints = fingerprints
        chunk.parents = parents
        chunk.ordinals = ordinals
        chunk.states = states
        chunk.wordOffsets = wordOffsets
        chunk.words = words
        chunk.coverage = coverage
        chunk.transitions = transitions
        chunk.next = next
        chunk.nextParents = nextParents
        chunk.nextOrdinals = nextOrdinals
    }

    /// Phase 3 for one chunk: the winners, in order, become the chunk's part of the next level.
    @inlinable
    static func collectWinners(_ chunk: LevelChunk<System>) {
        guard let isWinner = chunk.isWinner else { return }
        let states = chunk.states
        let parents = chunk.parents
        let ordinals = chunk.ordinals
        var next: [System.State] = []
        var nextParents: [Int32] = []
        var nextOrdinals: [UInt32] = []
        var local = ChunkFingerprintSet()
        for candidate in 0..<states.count where isWinner[candidate] {
            next.append(states[candidate])
            nextParents.append(parents[candidate])
            nextOrdinals.append(ordinals[candidate])
        }
        chunk.next = next
        chunk.nextParents = nextParents
        chunk.nextOrdinals = nextOrdinals
        chunk.states = []
        chunk.fingerprints = []
        chunk.words = []
        chunk.byShard = []
        chunk.shardFingerprints = []
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
    @usableFromInline var slots = [UInt64](repeating: 0, count: 1 << 14)
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
