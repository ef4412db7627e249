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
        let initial = system.initialStates.filter(system.isWithinBounds)
        var scratch = WalkScratch()
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
            runs = run
            tally.startWalk()
            var failed: Int? = nil
            let trace = walk(
                run, from: initial, scratch: &scratch,
                proceed: { state, depth in
                    failed = violated(state)
                    if failed == nil { observe(state, depth: depth) }
                    return failed == nil
                },
                enabled: { tally.recordEnabled(kind: $0) }, fired: { tally.recordFired(kind: $0, depth: $1) },
                deadlocked: { tally.recordWalkEndedWithoutActions() })
            steps += trace.steps.count
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

    /// The walk that run `run` (1-based) of `run(progress:)` takes, without checking invariants: up
    /// to `options.depth` steps, fewer when no action is enabled. The same options give the same
    /// walk; `bftcheck faults spec-driven --config` drives the replica with these.
    public func walk(_ run: Int) -> Trace<System>? {
        let initial = system.initialStates.filter(system.isWithinBounds)
        guard !initial.isEmpty else { return nil }
        var scratch = WalkScratch()
        return walk(run, from: initial, scratch: &scratch, proceed: { _, _ in true }, enabled: { _ in }, fired: { _, _ in }, deadlocked: {})
    }

    /// Buffers a walk reuses from step to step.
    struct WalkScratch {
        var actions: [System.Action] = []
        var choices: [(action: System.Action, state: System.State)] = []
        var kinds: [Int] = []
    }

    /// Walk `run`, seeded `seed &+ (run − 1)`: an initial state at random, then at each step an
    /// enabled action whose successor is within bounds, chosen by the strategy, until `proceed` says
    /// stop (called on the initial state and after each step, with the depth), `options.depth` steps,
    /// or no action is enabled (`deadlocked`). `enabled` hears the kind of every candidate, `fired`
    /// the kind and depth of every step taken.
    func walk(
        _ run: Int, from initial: [System.State], scratch: inout WalkScratch, proceed: (System.State, Int) -> Bool,
        enabled: (Int) -> Void, fired: (Int, Int) -> Void, deadlocked: () -> Void
    ) -> Trace<System> {
        var generator = SeededGenerator(seed: options.seed &+ UInt64(run - 1))
        var chooser = ActionChooser(strategy: options.strategy, kindNames: system.actionKindNames, depth: options.depth, using: &generator)
        var trace = Trace<System>(initialState: initial[Int.random(in: 0..<initial.count, using: &generator)])
        guard proceed(trace.initialState, 0) else { return trace }
        while trace.steps.count < options.depth {
            let state = trace.finalState
            scratch.actions.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &scratch.actions)
            scratch.choices.removeAll(keepingCapacity: true)
            scratch.kinds.removeAll(keepingCapacity: true)
            for action in scratch.actions {
                guard let next = system.successor(of: state, taking: action), system.isWithinBounds(next) else { continue }
                let kind = system.actionKind(of: action)
                scratch.choices.append((action, next))
                scratch.kinds.append(kind)
                enabled(kind)
            }
            guard !scratch.choices.isEmpty else {
                deadlocked()
                break
            }
            let picked = chooser.choose(kinds: scratch.kinds, step: trace.steps.count, using: &generator)
            trace.steps.append(.init(action: scratch.choices[picked].action, state: scratch.choices[picked].state))
            fired(scratch.kinds[picked], trace.steps.count)
            guard proceed(trace.finalState, trace.steps.count) else { break }
        }
        return trace
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
