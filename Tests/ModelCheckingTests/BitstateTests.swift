import FixtureModels
import Testing

@testable import ModelChecking

/// Bitstate hashing and swarm runs: fixed memory, honest about what they can miss.
@Suite struct BitstateTests {
    @Test func aRoomyFilterFindsEveryStateButStillDoesNotClaimAProof() {
        // TwoPhase with 3 managers: 288 states. 2^20 bits leave a hash factor of ~3,600.
        let system = TwoPhaseCommit(managers: 3)
        let exact = Checker(system, options: CheckerOptions().threads(1)).run()
        #expect(exact.statistics.distinctStates == 288)
        for strategy in [CheckerOptions.Strategy.breadthFirst, .depthFirst] {
            var options = CheckerOptions().threads(2).strategy(strategy)
            options.bitstate = BitstateOptions(bits: 20, hashCount: 3)
            let result = Checker(system, options: options).run()
            #expect(result.statistics.distinctStates == 288, "\(strategy)")
            guard case .incomplete(let reason) = result.outcome else {
                Issue.record("a bitstate run without a violation must not say 'holds' (\(strategy))")
                continue
            }
            #expect(reason.contains("not a proof"))
            let figures = result.statistics.bitstate
            #expect(figures?.bits == 20 && figures?.hashCount == 3)
            #expect((figures?.hashFactor ?? 0) > 3_000)
            #expect((figures?.expectedMissedStates ?? 1) < 1e-3)
        }
    }

    @Test func aTinyFilterMissesStatesAndItsEstimateSaysSo() {
        // Counters 4 × 6: 1,296 states in a filter of 2^12 = 4,096 bits with 3 hashes.
        let system = Counters(counters: 4, limit: 6)
        var options = CheckerOptions().threads(1)
        options.bitstate = BitstateOptions(bits: 12, hashCount: 3)
        let result = Checker(system, options: options).run()
        let stored = result.statistics.distinctStates
        #expect(stored < 1_296)
        let missed = 1_296 - stored
        let estimate = result.statistics.bitstate?.expectedMissedStates ?? 0
        // The estimate is of the right order: within a factor of 3 of what was really missed.
        #expect(estimate > Double(missed) / 3 && estimate < Double(missed) * 3, "missed \(missed), estimated \(estimate)")
    }

    @Test func theSeededBugIsFoundByBitstateAndBySwarm() {
        let system = LockMutex(processes: 2, seededBug: true)
        var options = CheckerOptions().threads(2)
        options.bitstate = BitstateOptions(bits: 16)
        let bfs = Checker(system, options: options).run()
        #expect(bfs.outcome == .violated)
        #expect(bfs.violations.first?.trace?.steps.count == 4)
        options.swarmRuns = 8
        options.seed = 11
        let swarm = Checker(system, options: options).run()
        #expect(swarm.outcome == .violated)
        #expect(swarm.statistics.swarm?.seeds == Array(11...18))
        let trace = swarm.violations.first!.trace!
        // A real path: replaying its actions from the initial state reaches its final state.
        var state = trace.initialState
        for step in trace.steps { state = system.successor(of: state, taking: step.action)! }
        #expect(state == trace.finalState)
    }

    @Test func swarmRunsAreDiverseAndReproducible() {
        let system = Counters(counters: 4, limit: 6)
        var options = CheckerOptions().threads(2)
        options.bitstate = BitstateOptions(bits: 12, hashCount: 2)
        options.swarmRuns = 4
        options.seed = 5
        let first = Checker(system, options: options).run()
        let second = Checker(system, options: options).run()
        #expect(first.statistics.swarm == second.statistics.swarm)
        #expect(Set(first.statistics.swarm?.statesPerRun ?? []).count > 1, "different hash functions miss different states")
        guard case .incomplete = first.outcome else {
            Issue.record("a swarm never proves a property")
            return
        }
    }
}

/// Pre-sizing the seen-set from an expected state count.
@Suite struct StoreSizingTests {
    @Test func aPresizedStoreGivesTheSameCountsAndTracesAndNeverGrows() {
        let system = TwoPhaseCommit(managers: 5)
        var sized = CheckerOptions().threads(2)
        sized.expectedStates = 8_832
        let plain = Checker(system, options: CheckerOptions().threads(2)).run()
        let presized = Checker(system, options: sized).run()
        #expect(plain.statistics.distinctStates == 8_832)
        #expect(presized.statistics.distinctStates == 8_832)
        #expect(presized.statistics.transitions == plain.statistics.transitions)
        // A store sized for 8,832 states holds them all without a growth step: its size is the
        // initial allocation.
        let sizing = StoreSizing(expectedStates: 8_832)
        let store = FingerprintStore(initialBuckets: sizing.bucketsPerShard)
        let before = store.bytesAllocated
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<8_832 {
            _ = store.insert(generator.next() | 1, UnsafeBufferPointer(start: nil, count: 0))
        }
        #expect(store.bytesAllocated == before)
        let exact = ExactStore(initialCapacity: sizing.exactCapacityPerShard)
        let exactBefore = exact.bytesAllocated
        for value in 0..<UInt64(8_832) {
            let word = [value]
            _ = word.withUnsafeBufferPointer { exact.insert((value &* 0x9E37_79B9_7F4A_7C15) | 1, $0) }
        }
        #expect(exact.count == 8_832)
        #expect(exact.bytesAllocated - exactBefore <= 8_832 * 3 * 8 + 64 * 1_024, "only the arena grows")
    }

    @Test func sizesAreSaneAtTheEdges() {
        #expect(StoreSizing(expectedStates: nil).bucketsPerShard == 4)
        #expect(StoreSizing(expectedStates: 1).bucketsPerShard >= 4)
        let huge = StoreSizing(expectedStates: 1 << 40)
        #expect(huge.bucketsPerShard * 8 * 64 * 17 / 20 >= 1 << 40)
    }
}
