import FixtureModels
import ModelChecking
import Testing

/// The distributed breadth-first search (`CheckerOptions.cluster`) with 1 to 4 ranks that are threads
/// of this process (``InProcessCluster``) gives a single-process run's counts, verdict, depth,
/// coverage, counterexample and witnesses, on every rank.
@Suite struct DistributedSearchTests {
    /// The parts of a result that must not depend on the number of ranks.
    struct Summary: Equatable, CustomStringConvertible {
        var outcome: CheckResult<LockMutex>.Outcome
        var states: Int
        var transitions: Int
        var depth: Int
        var coverage: [Int]
        var violations: [String]
        var witnesses: [String]

        init<System: TransitionSystem>(_ result: CheckResult<System>) {
            switch result.outcome {
            case .holds: outcome = .holds
            case .violated: outcome = .violated
            case .incomplete(let reason): outcome = .incomplete(reason: reason)
            }
            states = result.statistics.distinctStates
            transitions = result.statistics.transitions
            depth = result.statistics.maxDepth
            coverage = result.statistics.coverage.map(\.count)
            // A trace as its actions and states, which pins it down completely.
            func text(_ trace: Trace<System>?) -> String {
                guard let trace else { return "none" }
                return "\(trace.states.map { "\($0)" }) \(trace.steps.map(\.action.description))"
            }
            violations = result.violations.map { "\($0.property): \(text($0.trace))" }
            witnesses = result.witnesses.keys.sorted().map { "\($0): \(text(result.witnesses[$0]))" }
        }

        var description: String { "\(outcome) \(states) states \(transitions) transitions depth \(depth) \(violations)" }
    }

    /// Checks `system` on one process and on `ranks` in-process ranks, and compares every rank's result.
    func expectSameAcrossRanks<System: TransitionSystem>(_ system: System, options: CheckerOptions) {
        let single = Summary(Checker(system, options: options).run())
        for ranks in 1...4 {
            let cluster = InProcessCluster(size: ranks)
            let results = cluster.run { member in
                var options = options
                options.cluster = member
                let result = Checker(system, options: options).run()
                return (Summary(result), result.statistics.distributed?.ranks)
            }
            for (rank, (summary, reported)) in results.enumerated() {
                #expect(summary == single, "\(system.name), rank \(rank) of \(ranks)")
                #expect(reported == ranks)
            }
        }
    }

    @Test func seededBugSameShortestCounterexampleOnEveryRank() {
        let options = CheckerOptions().threads(1)
        expectSameAcrossRanks(LockMutex(processes: 5, seededBug: true), options: options)
        expectSameAcrossRanks(LockMutex(processes: 5, seededBug: true), options: options.symmetry())
    }

    @Test func countsAndWitnessesAgreeWithTwoThreadsPerRank() {
        // Counters: a witness (AllAtTop) 25 steps deep, levels of several chunks.
        expectSameAcrossRanks(Counters(counters: 5, limit: 6), options: CheckerOptions().threads(2))
        expectSameAcrossRanks(TwoPhaseCommit(managers: 5), options: CheckerOptions().threads(2).symmetry())
    }

    @Test func limitsStopEveryRankAtTheSameLevel() {
        let options = CheckerOptions().threads(1).limits(Limits(maxDepth: 7))
        expectSameAcrossRanks(Counters(counters: 4, limit: 6), options: options)
        expectSameAcrossRanks(Counters(counters: 4, limit: 6), options: CheckerOptions().threads(1).limits(Limits(maxStates: 100)))
    }

    @Test func ownersAreFixedAndSpread() {
        // Pinned: the owner function is part of the wire contract between ranks.
        #expect(ClusterPartition.owner(of: 1, ranks: 4) == 2)
        #expect(ClusterPartition.owner(of: 0xFFFF_FFFF_FFFF_FFFF, ranks: 4) == 1)
        var counts = [0, 0, 0]
        for fingerprint in 1...30_000 { counts[ClusterPartition.owner(of: Fingerprint.of([UInt64(fingerprint)]), ranks: 3)] += 1 }
        #expect(counts.allSatisfy { $0 > 9_500 && $0 < 10_500 }, "\(counts)")
    }

    @Test func optionsADistributedRunCannotHonourAreRefused() {
        for options in [
            CheckerOptions().strategy(.depthFirst), CheckerOptions().exact(),
            {
                var options = CheckerOptions()
                options.bitstate = BitstateOptions(bits: 16)
                return options
            }(),
        ] {
            var options = options
            options.cluster = SingleProcessCluster()
            let result = Checker(LockMutex(processes: 3, seededBug: true), options: options).run()
            guard case .incomplete(let reason) = result.outcome else {
                Issue.record("not refused: \(result.outcome)")
                continue
            }
            #expect(reason.contains("a distributed run is a breadth-first search"))
        }
    }
}
