/// Random schedule testing of a transition system: seeded random walks under a scheduler strategy,
/// every invariant checked in every state, the first failing walk shrunk to a minimal failing
/// schedule, and coverage per action kind, guard outcome and reachability target.
///
/// This is QuickCheck's state-machine testing (Claessen & Hughes, "QuickCheck: a lightweight tool
/// for random testing of Haskell programs", ICFP 2000; Hughes, "Testing the hard stuff and staying
/// sane", 2014) and Hypothesis's stateful testing (`RuleBasedStateMachine`) with the spec as the
/// state machine: where exhaustive search (`Checker`) must close the state space, a walk only needs
/// the next state, so any size the spec accepts can be tested. The schedulers are in
/// `ScheduleStrategy` (uniform, PCT, targeted), the shrinking in `ScheduleShrinker`.
///
/// Determinism: every random choice comes from `SeededGenerator`, walk `i` seeded with
/// `seed &+ (i − 1)`; actions are taken in the system's order; nothing iterates a `Set` or a
/// `Dictionary`. The same options give the same result, trace for trace.
public struct ScheduleTester<System: TransitionSystem>: Sendable {
    /// Progress after each walk.
    public struct Progress: Sendable {
        /// Walks made so far.
        public var runs: Int
        /// Steps taken so far.
        public var steps: Int
    }

    /// The system under test.
    public let system: System
    /// The settings.
    public let options: ScheduleTestOptions

    /// A tester of `system` with `options`.
    public init(_ system: System, options: ScheduleTestOptions) {
        self.system = system
        self.options = options
    }

    /// The invariants the test checks: `options.invariants` in the system's order, or all of them.
    public var invariants: [Property<System.State>] {
        system.properties.filter { property in
            property.expectation == .always && (options.invariants.map { $0.contains(property.name) } ?? true)
        }
    }

    /// Makes the walks, stops at the first failure and shrinks it.
    ///
    /// - Parameter progress: called after every walk (e.g. to print a progress line now and then).
    /// - Complexity: at most `runs × depth` steps, each listing the enabled actions and their
    ///   successors, plus at most `maxShrinkExecutions` executions to shrink a failure.
    public func run(progress: (Progress) -> Void = { _ in }) -> ScheduleTestResult<System> {
        let invariants = invariants
        let targets = system.properties.filter { $0.expectation == .sometimes }
        let guards = Self.guardReader(for: system)
        var tally = CoverageTally(system: system, targets: targets, reportsGuardOutcomes: guards != nil)
        let kindNames = system.actionKindNames
        let initial = system.initialStates.filter(system.isWithinBounds)
        var actions: [System.Action] = []
        var choices: [(action: System.Action, state: System.State)] = []
        var kinds: [Int] = []
        var refusals: [GuardRefusal] = []
        var steps = 0
        var runs = 0

        func violated(_ state: System.State) -> Int? { invariants.firstIndex { !$0.condition(state) } }
        func observe(_ state: System.State, depth: Int) {
            for (index, target) in targets.enumerated() where !tally.reachedInThisWalk(target: index) {
                if target.condition(state) { tally.recordReached(target: index, depth: depth) }
            }
            if let guards {
                refusals.removeAll(keepingCapacity: true)
                guards(state, &refusals)
                tally.recordRefusals(refusals)
            }
        }

        guard !initial.isEmpty, options.runs > 0 else {
            return ScheduleTestResult(runs: 0, steps: 0, failure: nil, coverage: tally.coverage)
        }
        for run in 1...options.runs {
            let runSeed = options.seed &+ UInt64(run - 1)
            var generator = SeededGenerator(seed: runSeed)
            var chooser = ActionChooser(strategy: options.strategy, kindNames: kindNames, depth: options.depth, using: &generator)
            var trace = Trace<System>(initialState: initial[Int.random(in: 0..<initial.count, using: &generator)])
            runs = run
            tally.startWalk()
            var failed = violated(trace.initialState)
            if failed == nil { observe(trace.initialState, depth: 0) }
            while failed == nil && trace.steps.count < options.depth {
                let state = trace.finalState
                actions.removeAll(keepingCapacity: true)
                system.actions(in: state, into: &actions)
                choices.removeAll(keepingCapacity: true)
                kinds.removeAll(keepingCapacity: true)
                for action in actions {
                    guard let next = system.successor(of: state, taking: action), system.isWithinBounds(next) else { continue }
                    let kind = system.actionKind(of: action)
                    choices.append((action, next))
                    kinds.append(kind)
                    tally.recordEnabled(kind: kind)
                }
                guard !choices.isEmpty else {
                    tally.recordWalkEndedWithoutActions()
                    break
                }
                let picked = chooser.choose(kinds: kinds, step: trace.steps.count, using: &generator)
                trace.steps.append(.init(action: choices[picked].action, state: choices[picked].state))
                steps += 1
                tally.recordFired(kind: kinds[picked], depth: trace.steps.count)
                failed = violated(trace.finalState)
                if failed == nil { observe(trace.finalState, depth: trace.steps.count) }
            }
            progress(Progress(runs: runs, steps: steps))
            if let failed {
                let invariant = invariants[failed]
                var shrunk = ScheduleShrinker<System>.Outcome(trace: trace, executions: 0, budgetExhausted: false)
                if options.shrinks {
                    shrunk = ScheduleShrinker(system: system, invariant: invariant, maxExecutions: options.maxShrinkExecutions).shrink(
                        trace)
                }
                let failure = ScheduleTestResult<System>.Failure(
                    property: invariant.name, run: run, runSeed: runSeed, original: trace, shrunk: shrunk.trace,
                    shrinkExecutions: shrunk.executions, shrinkBudgetExhausted: shrunk.budgetExhausted)
                return ScheduleTestResult(runs: runs, steps: steps, failure: failure, coverage: tally.coverage)
            }
            if options.untilCovered && tally.isComplete { break }
        }
        return ScheduleTestResult(runs: runs, steps: steps, failure: nil, coverage: tally.coverage)
    }

    /// The system's guard-outcome report as a closure over `System.State`, when it has one.
    private static func guardReader(for system: System) -> ((System.State, inout [GuardRefusal]) -> Void)? {
        guard let reporting = system as? any GuardOutcomeReporting else { return nil }
        return reader(reporting)
    }

    private static func reader<Reporting: GuardOutcomeReporting>(_ reporting: Reporting) -> (System.State, inout [GuardRefusal]) -> Void {
        // `Reporting` is `System` here; the cast only recovers the conformance.
        { state, refusals in reporting.refusedGuards(in: state as! Reporting.State, into: &refusals) }
    }
}
