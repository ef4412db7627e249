import Atomics
import Foundation

/// The bytes of a successor's key record: fingerprint, parent's global rank, ordinal.
@usableFromInline let clusterRecordHeader = 20

/// The bytes of a ranking record: parent's global rank, ordinal.
@usableFromInline let clusterKeyBytes = 12

extension Checker {
    /// Distributed level-synchronous breadth-first search over `cluster`'s ranks, each running this
    /// function with the same options (Stern and Dill's parallel Murφ, "Parallelizing the Murφ
    /// verifier", CAV 1997; TLC's distributed mode).
    ///
    /// Every state is owned by one rank, `ClusterPartition.owner(of:ranks:)` of its fingerprint; the
    /// owner keeps it in its seen-set and, while it is in the frontier, expands it. Each state of a
    /// level has a global rank: its position in the level's BFS order, which is the order a
    /// single-process search gives it (parents in order, then actions in order). A level is expanded
    /// in batches of global ranks, so that every key of a batch precedes every key of the next:
    ///
    /// 1. each rank expands its frontier states of the batch (on `threadCount` threads, chunk by
    ///    chunk), keeps every successor within bounds and appends its key record (fingerprint,
    ///    parent's global rank, action's ordinal: 20 bytes) to the buffer of the successor's owner;
    /// 2. one all-to-all exchange delivers the keys; each rank receives one run per rank, sorted by
    ///    key (parent's global rank, ordinal), merges them in key order and inserts each fingerprint,
    ///    so the first occurrence in BFS order wins, as in a sequential search; it answers each sender
    ///    with a bitmap of the sender's winners;
    /// 3. each sender sends every owner the states of its winners (``ClusterStateCoding``), so a
    ///    duplicate successor costs 20 bytes and a bit, and a new state its wire form once.
    ///
    /// At the end of a level the new states are ranked: each sends its key to the rank in charge of
    /// its parent's range of global ranks, which merges the keys it receives and answers with their
    /// positions plus its range's offset (one reduction of the ranges' counts). The first violation
    /// (least global rank, then first property) and the first witness of each target come from one
    /// min-reduction, and a level with no new state anywhere ends the search (the count is reduced
    /// with the ranking). A counterexample is rebuilt from the owners' parent links (global rank of the
    /// parent and the action's ordinal), walked back one reduction per level, and replayed forward from
    /// the initial state, so every rank holds the same trace that a single-process search reports.
    ///
    /// Limits on depth and states are checked at the end of levels, as in a single-process run; a
    /// time or memory limit stops the run at the end of the level in which any rank reached it.
    ///
    /// - Throws: `StorageError` when the options ask for more than a distributed run does (anything
    ///   but breadth-first search with the fingerprint store), or the model's states do not survive
    ///   the trip to another rank.
    @inlinable
    func runDistributed(_ cluster: any SearchCluster) throws(StorageError) -> CheckResult<System> {
        guard
            options.strategy == .breadthFirst && options.bitstate == nil && options.swarmRuns == nil && !options.usesExactStore
                && !options.storage.isActive
        else {
            throw StorageError(
                "a distributed run is a breadth-first search with the fingerprint store: "
                    + "no dfs, simulation, bitstate, swarm, exact store, checkpoints or memory budget")
        }
        let started = ContinuousClock.now
        let monitor = RunMonitor(options: options)
        defer { monitor.stop() }
        let coding = try ClusterStateCoding(system: system)
        let properties = activeProperties
        let invariants = properties.indices.filter { properties[$0].expectation == .always }
        let kinds = system.actionKindNames.count
        let ranks = cluster.size
        let me = cluster.rank
        let store = FingerprintStore(
            initialBuckets: StoreSizing(expectedStates: options.expectedStates.map { $0 / ranks + 1 }).bucketsPerShard)
        var statistics = baseStatistics()
        var coverage = Array(repeating: 0, count: kinds)
        var transitions = 0
        var traffic = (exchanged: 0, routed: 0)
        var levels: [ClusterLevel] = []
        var witnesses: [String: Trace<System>] = [:]
        var pendingTargets = properties.indices.filter { properties[$0].expectation == .sometimes }

        func result(_ outcome: CheckResult<System>.Outcome, _ violations: [CheckResult<System>.Violation]) -> CheckResult<System> {
            let linkBytes = levels.reduce(0) { $0 + $1.bytes }
            let local = [store.count, transitions, store.bytesAllocated + linkBytes, traffic.exchanged, traffic.routed] + coverage
            let sums = cluster.allReduce(local.map { UInt64($0) }, .sum).map { Int($0) }
            let peak = cluster.allReduce([UInt64(MemoryUsage.peakResidentBytes)], .max)[0]
            let distinct = sums[0]
            statistics.distinctStates = distinct
            statistics.transitions = sums[1]
            statistics.seconds = (ContinuousClock.now - started) / .seconds(1)
            statistics.bytesPerState = distinct > 0 ? Double(sums[2]) / Double(distinct) : 0
            statistics.peakMemoryBytes = Int(peak)
            statistics.collisionProbability = CheckStatistics.collisionEstimate(distinct: distinct, transitions: sums[1])
            let names = system.actionKindNames
            statistics.coverage = names.indices.map {
                ActionCoverage(name: names[$0], count: sums[5 + $0], excludedBecause: system.whyNeverEnabled(actionKind: $0))
            }
            statistics.distributed = DistributedStatistics(
                ranks: ranks, threadsPerRank: max(1, options.threadCount), exchangedBytes: sums[3], routedBytes: sums[4],
                exchangedBytesPerState: distinct > 0 ? Double(sums[3]) / Double(distinct) : 0,
                routedBytesPerState: distinct > 0 ? Double(sums[4]) / Double(distinct) : 0)
            return CheckResult(outcome: outcome, violations: violations, witnesses: witnesses, statistics: statistics)
        }

        // Level 0: the initial states, deduplicated in order by every rank alike; each rank keeps its own.
        var frontier: [System.State] = []
        var level = ClusterLevel()
        var levelCount = 0
        do {
            var encoder = StateEncoder()
            var seen = Set<UInt64>()
            let empty = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
            for (index, state) in system.initialStates.enumerated() where system.isWithinBounds(state) {
                let fingerprint = encode(state, into: &encoder)
                guard seen.insert(fingerprint).inserted else { continue }
                if ClusterPartition.owner(of: fingerprint, ranks: ranks) == me {
                    _ = store.insert(fingerprint, empty)
                    frontier.append(state)
                    level.ranks.append(UInt64(levelCount))
                    level.parents.append(0)
                    level.ordinals.append(UInt32(index))
                }
                levelCount += 1
            }
        }
        levels.append(level)
        var storedTotal = levelCount
        monitor.storedStates.store(storedTotal, ordering: .relaxed)
        var levelCheck = scanCluster(
            frontier, ranks: level.ranks, properties: properties, invariants: invariants, targets: pendingTargets, cluster: cluster)

        let workers = (0..<max(options.threadCount, 1)).map { _ in BreadthFirstWorker<System>() }
        var depth = 0
        var chunkSerial = 0
        while levelCount > 0 {
            // Properties of the level just stored.
            for (property, rank) in levelCheck.witnesses.sorted(by: { $0.key < $1.key }) {
                witnesses[properties[property].name] = Trace.replaying(
                    clusterPath(levels, depth: depth, rank: rank, cluster: cluster), in: system)
            }
            pendingTargets.removeAll { levelCheck.witnesses[$0] != nil }
            if let (rank, property) = levelCheck.violation {
                let trace = Trace.replaying(clusterPath(levels, depth: depth, rank: rank, cluster: cluster), in: system)
                return result(.violated, [.init(property: properties[property].name, expectation: .always, trace: trace)])
            }
            let agreed = cluster.allReduce([UInt64(monitor.stopCode)], .max)[0]
            var stopReason: String? = nil
            if let maxDepth = options.limits.maxDepth, depth >= maxDepth {
                stopReason = "depth limit of \(maxDepth) reached"
            } else if let maxStates = options.limits.maxStates, storedTotal >= maxStates {
                stopReason = "state limit of \(maxStates) reached"
            } else if agreed != 0 {
                _ = monitor.stopReason.compareExchange(expected: 0, desired: Int(agreed), ordering: .relaxed)
                stopReason = monitor.stopDescription
            }
            if let stopReason { return result(.incomplete(reason: stopReason), []) }

            // Expand the level in batches of global ranks.
            var nextStates: [System.State] = []
            var nextParents: [UInt64] = []
            var nextOrdinals: [UInt32] = []
            let batchSpan = breadthFirstChunkSize * breadthFirstBatchChunks * ranks
            for batchStart in stride(from: 0, to: levelCount, by: batchSpan) {
                let from = level.lowerBound(UInt64(batchStart))
                let to = level.lowerBound(UInt64(batchStart + batchSpan))
                let chunks = stride(from: from, to: to, by: breadthFirstChunkSize).map {
                    ClusterChunk<System.State>(range: $0..<min($0 + breadthFirstChunkSize, to), ranks: ranks, kinds: kinds)
                }
                let serial = chunkSerial
                chunkSerial += chunks.count
                let parents = frontier
                let parentRanks = level.ranks
                parallelForEachContiguous(chunks.count) { worker, index in
                    expandForCluster(
                        chunks[index], serial: serial + index, parents: parents, parentRanks: parentRanks,
                        using: workers[worker], ranks: ranks)
                }
                var keys = Array(repeating: [UInt8](), count: ranks)
                var successors = Array(repeating: [System.State](), count: ranks)
                for chunk in chunks {
                    transitions += chunk.transitions
                    for kind in 0..<kinds { coverage[kind] += chunk.coverage[kind] }
                    for destination in 0..<ranks {
                        keys[destination].append(contentsOf: chunk.records[destination])
                        successors[destination].append(contentsOf: chunk.successors[destination])
                    }
                }
                monitor.transitions.store(transitions, ordering: .relaxed)
                clusterCount(keys, me: me, traffic: &traffic)
                let incoming = cluster.exchange(keys)
                keys = []
                try settleBatch(
                    incoming, successors: successors, store: store, coding: coding, cluster: cluster, traffic: &traffic,
                    states: &nextStates, parents: &nextParents, ordinals: &nextOrdinals)
            }

            // Rank the new states, and end the level.
            let (nextRanks, total) = rankCluster(
                parents: nextParents, ordinals: nextOrdinals, parentCount: levelCount, cluster: cluster, traffic: &traffic)
            level = ClusterLevel()
            level.ranks = nextRanks
            level.parents = nextParents
            level.ordinals = nextOrdinals
            levels.append(level)
            frontier = nextStates
            levelCount = total
            storedTotal += total
            monitor.storedStates.store(storedTotal, ordering: .relaxed)
            if total > 0 {
                depth += 1
                statistics.maxDepth = depth
                monitor.depth.store(depth, ordering: .relaxed)
                levelCheck = scanCluster(
                    frontier, ranks: level.ranks, properties: properties, invariants: invariants, targets: pendingTargets,
                    cluster: cluster)
            }
        }
        let unreached = unreachedTargets(witnesses)
        return result(unreached.isEmpty ? .holds : .violated, unreached)
    }

    /// Phase 1 for one chunk of a rank's frontier, the `serial`-th of the search: expands each state
    /// and appends every successor within bounds, and its key, to its owner's lists, in BFS order.
    /// Duplicates of successors this worker routed recently are dropped (see ``RecentFingerprints``:
    /// the earlier one wins anyway).
    @inlinable
    func expandForCluster(
        _ chunk: ClusterChunk<System.State>, serial: Int, parents: [System.State], parentRanks: [UInt64],
        using worker: BreadthFirstWorker<System>, ranks: Int
    ) {
        if serial < worker.lastSerial { worker.recent.removeAll() }
        worker.lastSerial = serial
        var encoder = worker.encoder
        var actions = worker.actions
        worker.actions = []
        let recent = worker.recent
        var records = chunk.records
        var successors = chunk.successors
        chunk.records = []
        chunk.successors = []
        var coverage = chunk.coverage
        var transitions = 0
        for index in chunk.start..<chunk.end {
            let parentRank = parentRanks[index]
            system.forEachSuccessor(of: parents[index], scratch: &actions) { ordinal, action, successor in
                transitions &+= 1
                coverage[system.actionKind(of: action)] &+= 1
                guard system.isWithinBounds(successor) else { return }
                let fingerprint = encode(successor, into: &encoder)
                guard recent.insert(fingerprint) else { return }
                let owner = ClusterPartition.owner(of: fingerprint, ranks: ranks)
                // The 20 bytes of the key record, appended at once (little-endian, as every rank reads them).
                var record = (fingerprint.littleEndian, parentRank.littleEndian, UInt32(truncatingIfNeeded: ordinal).littleEndian)
                withUnsafeBytes(of: &record) {
                    records[owner].append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<clusterRecordHeader]))
                }
                successors[owner].append(successor)
            }
        }
        worker.encoder = encoder
        worker.actions = actions
        chunk.records = records
        chunk.successors = successors
        chunk.coverage = coverage
        chunk.transitions = transitions
    }

    /// Phases 2 and 3 of a batch. The owner merges the runs of keys the ranks sent in key order and
    /// inserts each fingerprint (the first occurrence wins), keeping the winners' parents' global
    /// ranks and ordinals in BFS order, and answers each sender with a bitmap of its winners; each
    /// sender then sends every owner the states of its winners only (`coding`'s wire form; a rank's
    /// own winners stay in memory), which the owner decodes on the worker threads and appends to
    /// `states` in BFS order. Only fingerprints and keys travel for the duplicates.
    ///
    /// - Throws: `StorageError` when a received state does not decode.
    @inlinable
    func settleBatch(
        _ incoming: (bytes: [UInt8], offsets: [Int]), successors: [[System.State]], store: FingerprintStore,
        coding: ClusterStateCoding<System>, cluster: any SearchCluster, traffic: inout (exchanged: Int, routed: Int),
        states: inout [System.State], parents: inout [UInt64], ordinals: inout [UInt32]
    ) throws(StorageError) {
        let size = cluster.size
        let me = cluster.rank
        let runs = (0..<size).map { incoming.offsets[$0]..<incoming.offsets[$0 + 1] }
        var replies = runs.map { [UInt8](repeating: 0, count: ($0.count / clusterRecordHeader + 7) / 8) }
        // The winners in BFS order: the sender, and the position among that sender's winners.
        var order: [(source: Int32, index: Int32)] = []
        var winnerCounts = [Int](repeating: 0, count: size)
        incoming.bytes.withUnsafeBytes { raw in
            let empty = UnsafeBufferPointer<UInt64>(start: nil, count: 0)
            ClusterMerge.merge(
                runs: runs,
                key: { offset in
                    (
                        raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)
                    )
                },
                length: { _ in clusterRecordHeader },
                visit: { run, offset in
                    // Runs are consumed in order: load the home bucket of a key further down this one.
                    let ahead = offset + breadthFirstPrefetchDistance * clusterRecordHeader
                    if ahead < runs[run].upperBound { store.prefetch(raw.loadUnaligned(fromByteOffset: ahead, as: UInt64.self)) }
                    guard store.insert(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self), empty) else { return }
                    let index = (offset - runs[run].lowerBound) / clusterRecordHeader
                    replies[run][index >> 3] |= UInt8(1) << UInt8(index & 7)
                    order.append((Int32(run), Int32(winnerCounts[run])))
                    winnerCounts[run] += 1
                    parents.append(raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                    ordinals.append(raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
                })
        }
        clusterCount(replies, me: me, traffic: &traffic)
        let answers = cluster.exchange(replies)
        replies = []

        // Phase 3: the winners' states to their owners.
        let wire = (0..<size).map { _ in ClusterSlot<[UInt8]>([]) }
        let own = ClusterSlot<[System.State]>([])
        parallelForEach(size) { destination in
            let base = answers.offsets[destination]
            var bytes: [UInt8] = []
            var kept: [System.State] = []
            let json = coding.form == .json ? JSONEncoder() : nil
            for (index, state) in successors[destination].enumerated()
            where answers.bytes[base + index >> 3] & (UInt8(1) << UInt8(index & 7)) != 0 {
                if destination == me { kept.append(state) } else { coding.append(state, to: &bytes, json: json) }
            }
            if destination == me { own.value = kept } else { wire[destination].value = bytes }
        }
        let outgoing = wire.map(\.value)
        clusterCount(outgoing, me: me, traffic: &traffic)
        let delivered = cluster.exchange(outgoing)

        // Decode what the other ranks sent, in pieces on the worker threads.
        var starts: [Int] = []
        var sourceBase = [Int](repeating: 0, count: size)
        delivered.bytes.withUnsafeBytes { raw in
            for source in 0..<size {
                sourceBase[source] = starts.count
                var offset = delivered.offsets[source]
                while offset < delivered.offsets[source + 1] {
                    starts.append(offset)
                    offset += coding.length(raw, at: offset)
                }
            }
        }
        for source in 0..<size where source != me {
            let received = (source + 1 < size ? sourceBase[source + 1] : starts.count) - sourceBase[source]
            guard received == winnerCounts[source] else {
                throw StorageError("distributed search: rank \(source) sent \(received) states for \(winnerCounts[source]) winners")
            }
        }
        let pieces = stride(from: 0, to: starts.count, by: breadthFirstChunkSize).map { _ in ClusterSlot<[System.State]?>(nil) }
        let offsets = starts
        delivered.bytes.withUnsafeBytes { raw in
            nonisolated(unsafe) let raw = raw
            parallelForEach(pieces.count) { piece in
                var decoded: [System.State] = []
                decoded.reserveCapacity(breadthFirstChunkSize)
                let json = coding.form == .json ? JSONDecoder() : nil
                for position in (piece * breadthFirstChunkSize)..<min((piece + 1) * breadthFirstChunkSize, offsets.count) {
                    var offset = offsets[position]
                    guard let state = coding.read(raw, at: &offset, json: json) else { return }
                    decoded.append(state)
                }
                pieces[piece].value = decoded
            }
        }
        var received: [System.State] = []
        received.reserveCapacity(starts.count)
        for piece in pieces {
            guard let decoded = piece.value else {
                throw StorageError("model \(system.name): a state received from another rank does not decode")
            }
            received.append(contentsOf: decoded)
        }
        states.reserveCapacity(states.count + order.count)
        for (source, index) in order {
            states.append(source == me ? own.value[Int(index)] : received[sourceBase[Int(source)] + Int(index)])
        }
    }

    /// Adds the bytes of `outgoing` (one buffer per rank) to `traffic`: all of them to `routed`, those
    /// for the other ranks to `exchanged`.
    @inlinable
    func clusterCount(_ outgoing: [[UInt8]], me: Int, traffic: inout (exchanged: Int, routed: Int)) {
        for destination in outgoing.indices {
            traffic.routed += outgoing[destination].count
            if destination != me { traffic.exchanged += outgoing[destination].count }
        }
    }

    /// The global ranks of a rank's new states (keys `parents`/`ordinals`, in key order) and the size
    /// of the new level. Rank `b` is in charge of the parents' global ranks
    /// `⌈b · parentCount / size⌉ ..< ⌈(b + 1) · parentCount / size⌉`: every rank sends it the keys
    /// of that range, it merges them and answers with their positions plus the count of the ranges
    /// before its own.
    @inlinable
    func rankCluster(
        parents: [UInt64], ordinals: [UInt32], parentCount: Int, cluster: any SearchCluster,
        traffic: inout (exchanged: Int, routed: Int)
    ) -> (ranks: [UInt64], total: Int) {
        let size = cluster.size
        let me = cluster.rank
        var outgoing = Array(repeating: [UInt8](), count: size)
        for index in parents.indices {
            let block = Int(
                UInt64(parentCount).dividingFullWidth(UInt64(size).multipliedFullWidth(by: parents[index])).quotient)
            ClusterStateCoding<System>.append(parents[index], to: &outgoing[block])
            ClusterStateCoding<System>.append(ordinals[index], to: &outgoing[block])
        }
        clusterCount(outgoing, me: me, traffic: &traffic)
        let keys = cluster.exchange(outgoing)
        let runs = (0..<size).map { keys.offsets[$0]..<keys.offsets[$0 + 1] }
        // Each received key's position in the merged order of this rank's range.
        var positions = [UInt64](repeating: 0, count: keys.bytes.count / clusterKeyBytes)
        keys.bytes.withUnsafeBytes { raw in
            var position: UInt64 = 0
            ClusterMerge.merge(
                runs: runs,
                key: { offset in
                    (
                        raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
                    )
                },
                length: { _ in clusterKeyBytes },
                visit: { _, offset in
                    positions[offset / clusterKeyBytes] = position
                    position += 1
                })
        }
        var counts = [UInt64](repeating: 0, count: size)
        counts[me] = UInt64(positions.count)
        counts = cluster.allReduce(counts, .sum)
        let base = counts[..<me].reduce(0, +)
        var replies = Array(repeating: [UInt8](), count: size)
        for source in 0..<size {
            replies[source].reserveCapacity(runs[source].count / clusterKeyBytes * 8)
            for offset in stride(from: runs[source].lowerBound, to: runs[source].upperBound, by: clusterKeyBytes) {
                ClusterStateCoding<System>.append(base + positions[offset / clusterKeyBytes], to: &replies[source])
            }
        }
        clusterCount(replies, me: me, traffic: &traffic)
        let answers = cluster.exchange(replies)
        let ranks = answers.bytes.withUnsafeBytes { raw in
            (0..<(answers.bytes.count / 8)).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self) }
        }
        return (ranks, Int(counts.reduce(0, +)))
    }

    /// The first violation of a level (least global rank, then first property) and the first witness
    /// of each target before it, over all ranks: each rank scans its states of the level (`ranks`
    /// their global ranks, increasing) on the worker threads, and one min-reduction combines them.
    @inlinable
    func scanCluster(
        _ states: [System.State], ranks: [UInt64], properties: [Property<System.State>], invariants: [Int], targets: [Int],
        cluster: any SearchCluster
    ) -> (violation: (rank: UInt64, property: Int)?, witnesses: [Int: UInt64]) {
        let slots = stride(from: 0, to: states.count, by: breadthFirstChunkSize).map { _ in ClusterSlot(PropertyScan(nil, [:])) }
        parallelForEach(slots.count) { index in
            let range = (index * breadthFirstChunkSize)..<min((index + 1) * breadthFirstChunkSize, states.count)
            slots[index].value = scanProperties(Array(states[range]), properties: properties, invariants: invariants, targets: targets)
        }
        // This rank's first violation and witnesses, as in a single-process level (chunk by chunk).
        var local = PropertyScan(nil, [:])
        for (index, slot) in slots.enumerated() where local.violation == nil {
            let base = index * breadthFirstChunkSize
            for (target, position) in slot.value.witnesses where local.witnesses[target] == nil {
                local.witnesses[target] = base + position
            }
            if let (position, property) = slot.value.violation { local.violation = (base + position, property) }
        }
        let propertyCount = UInt64(max(properties.count, 1))
        var words = [UInt64](repeating: .max, count: 1 + targets.count)
        if let (position, property) = local.violation { words[0] = ranks[position] * propertyCount + UInt64(property) }
        for (index, target) in targets.enumerated() {
            if let position = local.witnesses[target] { words[1 + index] = ranks[position] }
        }
        words = cluster.allReduce(words, .min)
        let violation = words[0] == .max ? nil : (rank: words[0] / propertyCount, property: Int(words[0] % propertyCount))
        var witnesses: [Int: UInt64] = [:]
        for (index, target) in targets.enumerated() where words[1 + index] != .max {
            if violation == nil || words[1 + index] < violation!.rank { witnesses[target] = words[1 + index] }
        }
        return (violation, witnesses)
    }

    /// The ordinals of the path from level 0 to the state of global rank `rank` in level `depth`
    /// (the initial state's index first, then each action's ordinal), walked back one reduction per
    /// level: the rank that owns the state contributes its parent's global rank and its ordinal.
    @inlinable
    func clusterPath(_ levels: [ClusterLevel], depth: Int, rank: UInt64, cluster: any SearchCluster) -> [Int] {
        var result: [Int] = []
        var rank = rank
        var depth = depth
        while true {
            var link: [UInt64] = [0, 0]
            if let position = levels[depth].position(of: rank) {
                link = [levels[depth].parents[position] + 1, UInt64(levels[depth].ordinals[position]) + 1]
            }
            link = cluster.allReduce(link, .sum)
            precondition(link[0] > 0, "distributed search: no rank owns the state of global rank \(rank) at depth \(depth)")
            result.append(Int(link[1] - 1))
            if depth == 0 { break }
            rank = link[0] - 1
            depth -= 1
        }
        return result.reversed()
    }
}
