import FixtureModels
import ModelChecking
import Testing

/// Counterexamples, symmetry, limits, simulation, coverage and memory.
@Suite struct SearchTests {
    @Test func breadthFirstFindsTheShortestCounterexampleUnderSymmetry() {
        let system = LockMutex(processes: 3, seededBug: true)
        let result = Checker(system, options: .init().threads(2).symmetry()).run()
        #expect(result.outcome == .violated)
        let trace = result.violations[0].trace!
        #expect(result.violations[0].property == "MutualExclusion")
        #expect(trace.steps.count == 4)
        // Real states that replay step by step, not canonical representatives.
        var state = trace.initialState
        for step in trace.steps {
            #expect(system.actions(in: state).contains(step.action))
            #expect(system.successor(of: state, taking: step.action) == step.state)
            state = step.state
        }
        #expect(!system.properties[0].condition(trace.finalState))
    }

    @Test func depthFirstFindsAViolationOnItsStack() {
        let system = LockMutex(processes: 4, seededBug: true)
        let result = Checker(system, options: .init().strategy(.depthFirst).symmetry()).run()
        #expect(result.outcome == .violated)
        let trace = result.violations[0].trace!
        var state = trace.initialState
        for step in trace.steps {
            #expect(system.successor(of: state, taking: step.action) == step.state)
            state = step.state
        }
        #expect(!system.properties[0].condition(state))
    }

    @Test func limitsEndTheRunAsIncomplete() {
        let system = Counters(counters: 6, limit: 6)
        let byStates = Checker(system, options: .init().limits(Limits(maxStates: 1_000))).run()
        #expect(byStates.outcome == .incomplete(reason: "state limit of 1000 reached"))
        #expect(byStates.statistics.distinctStates >= 1_000 && byStates.statistics.distinctStates < 46_656)
        let byDepth = Checker(system, options: .init().limits(Limits(maxDepth: 3))).run()
        #expect(byDepth.outcome == .incomplete(reason: "depth limit of 3 reached"))
        #expect(byDepth.statistics.maxDepth == 3)
        #expect(byDepth.exitCode == 3)
        let dfsDepth = Checker(system, options: .init().strategy(.depthFirst).limits(Limits(maxDepth: 3))).run()
        #expect(dfsDepth.outcome == .incomplete(reason: "depth limit of 3 reached"))
    }

    @Test func simulationIsReproducibleFromItsSeed() {
        var options = CheckerOptions().strategy(.simulation)
        options.seed = 7
        options.walkCount = 50
        options.walkLength = 30
        let a = Checker(LockMutex(processes: 3, seededBug: true), options: options).run()
        let b = Checker(LockMutex(processes: 3, seededBug: true), options: options).run()
        #expect(a.outcome == .violated)
        #expect(a.statistics.seed == 7)
        #expect(a.violations[0].trace!.states == b.violations[0].trace!.states)
        let clean = Checker(TwoPhaseCommit(managers: 3), options: options).run()
        #expect(clean.outcome == .holds)
        #expect(clean.statistics.distinctStates > 10 && clean.statistics.distinctStates <= 288)
    }

    @Test func unreachedSometimesTargetFailsAnExhaustiveRun() {
        // With limit 1 the counters never move, so AllAtTop (all at 0 = limit − 1) is reached at once;
        // with the atomic mutex, nobody ever sees the lock free in two steps: `test` never fires.
        let mutex = Checker(LockMutex(processes: 2, seededBug: false), options: .init()).run()
        #expect(mutex.statistics.neverFired == ["test"])
        #expect(mutex.witnesses["SomeoneCritical"]!.steps.count == 1)
        var options = CheckerOptions()
        options.selectedProperties = ["AllCommitted"]
        let blocked = Checker(NeverCommits(), options: options).run()
        #expect(blocked.outcome == .violated)
        #expect(blocked.violations.map(\.property) == ["AllCommitted"])
        #expect(blocked.violations[0].trace == nil)
    }

    @Test func fingerprintModeStaysWithinSixteenBytesPerState() {
        let result = Checker(Counters(counters: 7, limit: 6), options: .init().threads(2)).run()
        #expect(result.statistics.distinctStates == 279_936)
        #expect(result.statistics.bytesPerState <= 16, "\(result.statistics.bytesPerState) bytes/state")
        #expect(result.statistics.collisionProbability > 0 && result.statistics.collisionProbability < 1e-6)
    }

    @Test func coverageCountsEveryTransition() {
        let result = Checker(Counters(counters: 2, limit: 3), options: .init()).run()
        // 9 states; each counter has 2 increments-enabled values and 2 reset-enabled values, times 3 for the other.
        #expect(result.statistics.coverage.map(\.count) == [12, 12])
        #expect(result.statistics.transitions == 24)
    }
}

/// TwoPhase where the TM can only abort: AllCommitted is unreachable.
struct NeverCommits: TransitionSystem {
    let base = TwoPhaseCommit(managers: 2)
    var name: String { "never-commits" }
    var initialStates: [TwoPhaseCommit.State] { base.initialStates }
    func actions(in state: TwoPhaseCommit.State, into actions: inout [TwoPhaseCommit.Action]) {
        base.actions(in: state, into: &actions)
        actions.removeAll { $0 == .tmCommit }
    }
    func successor(of state: TwoPhaseCommit.State, taking action: TwoPhaseCommit.Action) -> TwoPhaseCommit.State? {
        base.successor(of: state, taking: action)
    }
    var properties: [Property<TwoPhaseCommit.State>] { base.properties }
}
