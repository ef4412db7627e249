import FixtureModels
import ModelChecking
import Testing

/// Random schedule testing on the engine fixtures: schedulers, shrinking, determinism and coverage.
@Suite struct ScheduleTesterTests {
    /// Every step of `trace` is enabled in the state before it and leads to the recorded state.
    func replays<System: TransitionSystem>(_ trace: Trace<System>, in system: System) -> Bool {
        var state = trace.initialState
        guard system.initialStates.contains(state) else { return false }
        for step in trace.steps {
            guard system.actions(in: state).contains(step.action), system.successor(of: state, taking: step.action) == step.state
            else { return false }
            state = step.state
        }
        return true
    }

    func options(runs: Int = 50, depth: Int = 60, seed: UInt64 = 7, _ strategy: ScheduleStrategy = .uniform) -> ScheduleTestOptions {
        var options = ScheduleTestOptions()
        options.runs = runs
        options.depth = depth
        options.seed = seed
        options.strategy = strategy
        return options
    }

    @Test func aSeededBugIsFoundAndShrunkToTheCheckersShortestCounterexample() throws {
        let system = LockMutex(processes: 4, seededBug: true)
        for strategy in [ScheduleStrategy.uniform, .priorityChanges(changePoints: 2), .targeted(patterns: ["test"], weight: 5)] {
            let result = ScheduleTester(system, options: options(strategy)).run()
            let failure = try #require(result.failure, "\(strategy.name) found no failure")
            #expect(failure.property == "MutualExclusion")
            #expect(failure.shrunk.steps.count == 4, "\(strategy.name): the checker's shortest counterexample has 4 steps")
            #expect(failure.shrunk.steps.count <= failure.original.steps.count)
            #expect(!system.properties[0].condition(failure.shrunk.finalState))
            #expect(replays(failure.shrunk, in: system))
            #expect(replays(failure.original, in: system))
            #expect(failure.runSeed == 7 &+ UInt64(failure.run - 1))
        }
    }

    @Test func shrinkingRemovesChunksOfALongWalk() throws {
        let system = LockMutex(processes: 6, seededBug: true)
        var unshrunk = options(runs: 200, depth: 400, seed: 11)
        unshrunk.shrinks = false
        // A walk long enough that delta debugging has chunks to remove: keep the longest failure.
        var longest: Trace<LockMutex>? = nil
        for seed in UInt64(0)..<40 {
            unshrunk.seed = seed * 1_000
            if let failure = ScheduleTester(system, options: unshrunk).run().failure,
                failure.original.steps.count > longest?.steps.count ?? 0
            {
                longest = failure.original
            }
        }
        let original = try #require(longest)
        #expect(original.steps.count >= 8)
        let shrinker = ScheduleShrinker(system: system, invariant: system.properties[0])
        let outcome = shrinker.shrink(original)
        #expect(outcome.trace.steps.count == 4)
        #expect(outcome.executions > 0 && !outcome.budgetExhausted)
        #expect(replays(outcome.trace, in: system))
        // The same input shrinks to the same output.
        #expect(shrinker.shrink(original).trace.steps.map(\.action) == outcome.trace.steps.map(\.action))
        // A budget of zero executions leaves the trace as it was.
        let none = ScheduleShrinker(system: system, invariant: system.properties[0], maxExecutions: 0).shrink(original)
        #expect(none.trace.steps.map(\.action) == original.steps.map(\.action) && none.budgetExhausted)
    }

    @Test func executionSkipsActionsThatAreNoLongerEnabled() {
        let system = LockMutex(processes: 3, seededBug: true)
        let shrinker = ScheduleShrinker(system: system, invariant: system.properties[0])
        let initial = system.initialStates[0]
        // enter(0) before test(0) is not enabled and is skipped; the rest is the 4-step violation.
        let trace = shrinker.execute(
            [.enter(process: 0), .test(process: 0), .test(process: 1), .enter(process: 0), .enter(process: 1)], from: initial)
        #expect(trace?.steps.map(\.action) == [.test(process: 0), .test(process: 1), .enter(process: 0), .enter(process: 1)])
        // Without the second test there is no violation.
        #expect(shrinker.execute([.test(process: 0), .enter(process: 0), .enter(process: 1)], from: initial) == nil)
    }

    @Test func theSameSeedGivesTheSameRunAndAWalkReplaysFromItsOwnSeed() throws {
        let system = LockMutex(processes: 5, seededBug: true)
        let first = ScheduleTester(system, options: options(seed: 99)).run()
        let second = ScheduleTester(system, options: options(seed: 99)).run()
        let failure = try #require(first.failure)
        #expect(first.coverage == second.coverage && first.steps == second.steps && first.runs == second.runs)
        #expect(failure.original.steps.map(\.action) == second.failure?.original.steps.map(\.action))
        #expect(failure.shrunk.steps.map(\.action) == second.failure?.shrunk.steps.map(\.action))
        // The failing walk alone, from its own seed.
        let alone = ScheduleTester(system, options: options(runs: 1, seed: failure.runSeed)).run()
        #expect(alone.failure?.original.steps.map(\.action) == failure.original.steps.map(\.action))
        // `walk(_:)` takes the same walk without checking invariants: the failing prefix, then on
        // to the depth or a state with nothing enabled.
        let walked = try #require(ScheduleTester(system, options: options(seed: 99)).walk(failure.run))
        #expect(Array(walked.steps.prefix(failure.original.steps.count).map(\.action)) == failure.original.steps.map(\.action))
        #expect(walked.steps.count >= failure.original.steps.count && replays(walked, in: system))
        // Another seed gives other walks.
        let other = ScheduleTester(system, options: options(seed: 100)).run()
        #expect(other.coverage != first.coverage || other.failure?.original.steps.map(\.action) != failure.original.steps.map(\.action))
    }

    @Test func aCorrectSystemPassesAndCoversEveryKindItAllows() {
        let system = LockMutex(processes: 3, seededBug: false)
        let result = ScheduleTester(system, options: options(runs: 30, depth: 40)).run()
        #expect(result.failure == nil && result.runs == 30 && result.steps == 30 * 40)
        let coverage = result.coverage
        #expect(coverage.kinds.map(\.name) == ["test", "enter", "leave"])
        #expect(coverage.kinds[0].fired == 0 && coverage.kinds[0].excludedBecause != nil)
        #expect(coverage.kinds[1].fired > 0 && coverage.kinds[2].fired > 0)
        #expect(coverage.kinds[1].fired + coverage.kinds[2].fired == result.steps)
        #expect(coverage.kinds[1].enabled >= coverage.kinds[1].fired)
        #expect(coverage.isComplete && coverage.unfiredKinds.isEmpty && coverage.distinctKindsFired == 2)
        #expect(coverage.maxDepth == 40 && coverage.walksEndedWithoutActions == 0)
        #expect(coverage.targets.map(\.name) == ["SomeoneCritical"] && coverage.targets[0].shallowestDepth == 1)
        #expect(!coverage.reportsGuardOutcomes)
    }

    @Test func untilCoveredStopsAtTheFirstWalkThatCompletesCoverage() {
        let system = Counters(counters: 1, limit: 4)
        var options = options(runs: 1_000, depth: 1)
        options.untilCovered = true
        let result = ScheduleTester(system, options: options).run()
        // One step per walk from zero: only increments fire; reset is never enabled, so every walk runs.
        #expect(result.runs == 1_000 && !result.coverage.isComplete && result.coverage.unfiredKinds == ["reset"])
        options.depth = 3
        let covering = ScheduleTester(system, options: options).run()
        #expect(covering.coverage.isComplete && covering.runs < 1_000)
    }

    @Test func pctWithoutChangePointsRunsTheTopKindWheneverItIsEnabled() {
        let system = Counters(counters: 1, limit: 5)
        var topKinds: [Int] = []
        for seed in UInt64(0)..<20 {
            // Wherever both kinds are enabled, a walk without change points takes the same kind.
            var chosen: Int? = nil
            var state = system.initialStates[0]
            for step in recordedWalk(of: system, seed: seed, .priorityChanges(changePoints: 0)).steps {
                let enabledKinds = system.actions(in: state).map(system.actionKind(of:))
                if enabledKinds.contains(0) && enabledKinds.contains(1) {
                    let kind = system.actionKind(of: step.action)
                    #expect(chosen == nil || chosen == kind, "seed \(seed)")
                    chosen = kind
                }
                state = step.state
            }
            if let chosen, !topKinds.contains(chosen) { topKinds.append(chosen) }
        }
        // Across seeds, each kind is sometimes the top priority.
        #expect(topKinds.sorted() == [0, 1])
        // With change points the top kind is demoted mid-walk: some walk takes both kinds where both are enabled.
        var switched = false
        for seed in UInt64(0)..<20 where !switched {
            var kinds: [Int] = []
            var state = system.initialStates[0]
            for step in recordedWalk(of: system, seed: seed, .priorityChanges(changePoints: 3)).steps {
                let enabledKinds = system.actions(in: state).map(system.actionKind(of:))
                if enabledKinds.contains(0) && enabledKinds.contains(1) { kinds.append(system.actionKind(of: step.action)) }
                state = step.state
            }
            switched = kinds.contains(0) && kinds.contains(1)
        }
        #expect(switched)
    }

    /// The 30-step walk a one-run test of `system` makes under `strategy` from `seed`.
    func recordedWalk(of system: Counters, seed: UInt64, _ strategy: ScheduleStrategy) -> Trace<Counters> {
        var options = options(runs: 1, depth: 30, seed: seed, strategy)
        options.shrinks = false
        let walk = ScheduleTester(StepRecorder(base: system, depth: 30), options: options).run().failure!.original
        return Trace(initialState: walk.initialState.base, steps: walk.steps.map { .init(action: $0.action, state: $0.state.base) })
    }

    @Test func targetedWeightsFavourTheMatchingKinds() {
        let system = Counters(counters: 3, limit: 8)
        let strategy = ScheduleStrategy.targeted(patterns: ["RES"], weight: 20)
        #expect(strategy.favouredKinds(among: system.actionKindNames) == [false, true])
        #expect(ScheduleStrategy.uniform.favouredKinds(among: system.actionKindNames) == [false, false])
        let uniform = ScheduleTester(system, options: options(runs: 20, depth: 50)).run().coverage
        let targeted = ScheduleTester(system, options: options(runs: 20, depth: 50, strategy)).run().coverage
        // Where a reset is enabled it is taken far more often (resets keep the counters low, so they
        // are enabled less often: compare the rate, not the count).
        func rate(_ kind: ScheduleCoverage.Kind) -> Double { Double(kind.fired) / Double(max(kind.enabled, 1)) }
        #expect(rate(targeted.kinds[1]) > 3 * rate(uniform.kinds[1]))
        #expect(targeted.kinds[1].fired > uniform.kinds[1].fired)
    }
}

/// `base` with a step counter in its state and an invariant that fails after `depth` steps, so that a
/// schedule test hands back the whole walk it made.
struct StepRecorder: TransitionSystem {
    struct State: Hashable, Sendable, Codable, StateEncodable {
        var base: Counters.State
        var steps: Int
        func encode(into encoder: inout StateEncoder) {
            base.encode(into: &encoder)
            encoder.append(UInt64(steps), bits: 16)
        }
    }
    let base: Counters
    let depth: Int
    var name: String { "recorder" }
    var initialStates: [State] { base.initialStates.map { State(base: $0, steps: 0) } }
    func actions(in state: State, into actions: inout [Counters.Action]) { base.actions(in: state.base, into: &actions) }
    func successor(of state: State, taking action: Counters.Action) -> State? {
        base.successor(of: state.base, taking: action).map { State(base: $0, steps: state.steps + 1) }
    }
    var properties: [Property<State>] {
        let depth = depth
        return [.always("ShorterThanDepth") { $0.steps < depth }]
    }
    var actionKindNames: [String] { base.actionKindNames }
    func actionKind(of action: Counters.Action) -> Int { base.actionKind(of: action) }
}
