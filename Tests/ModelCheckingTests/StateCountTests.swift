import FixtureModels
import ModelChecking
import Testing

/// Exact state counts of the fixtures, with and without symmetry, for every strategy and store.
@Suite struct StateCountTests {
    @Test(arguments: [(2, 3, 9), (3, 4, 64), (4, 6, 1_296), (5, 5, 3_125)])
    func countersHaveLimitToTheKStates(counters: Int, limit: Int, expected: Int) {
        let result = Checker(Counters(counters: counters, limit: limit), options: .init().threads(2)).run()
        #expect(result.outcome == .holds)
        #expect(result.statistics.distinctStates == expected)
    }

    @Test(arguments: [(4, 6, 126), (5, 5, 126), (3, 4, 20)])
    func countersUpToSymmetryAreMultisets(counters: Int, limit: Int, expected: Int) {
        // C(limit + counters − 1, counters) multisets.
        for strategy in [CheckerOptions.Strategy.breadthFirst, .depthFirst] {
            let options = CheckerOptions().threads(2).symmetry().strategy(strategy)
            let result = Checker(Counters(counters: counters, limit: limit), options: options).run()
            #expect(result.statistics.distinctStates == expected, "strategy \(strategy)")
        }
    }

    @Test(arguments: [(3, 288), (4, 1_568), (5, 8_832)])
    func twoPhaseCommitMatchesTLC(managers: Int, expected: Int) {
        let result = Checker(TwoPhaseCommit(managers: managers), options: .init().threads(2)).run()
        #expect(result.outcome == .holds)
        #expect(result.statistics.distinctStates == expected)
        let exact = Checker(TwoPhaseCommit(managers: managers), options: .init().threads(1).exact()).run()
        #expect(exact.statistics.distinctStates == expected)
        let depthFirst = Checker(TwoPhaseCommit(managers: managers), options: .init().strategy(.depthFirst)).run()
        #expect(depthFirst.statistics.distinctStates == expected)
    }

    @Test func twoPhaseCommitUpToSymmetryIsTheOrbitCount() {
        let system = TwoPhaseCommit(managers: 5)
        let reduced = Checker(system, options: .init().threads(2).symmetry()).run()
        #expect(reduced.statistics.distinctStates == 314)
        #expect(Checker(system, options: .init().symmetry().strategy(.depthFirst)).run().statistics.distinctStates == 314)
        #expect(Checker(system, options: .init().symmetry().exact()).run().statistics.distinctStates == 314)
        // Independent check: enumerate all 8,832 states and count their orbits under all 120
        // permutations of the managers.
        #expect(BruteForce.orbitCount(of: system) == 314)
    }

    @Test func aRepresentativeThatIsNotCanonicalReducesLess() {
        // Stateright publishes 665 states for this model with its representative, which sorts the
        // managers by phase alone and leaves ties in index order: such a representative is sound but
        // not canonical (one class, several representatives). Ours is canonical: 314 = the orbit count.
        let result = Checker(PhaseSortedTwoPhase(managers: 5), options: .init().threads(2).symmetry()).run()
        #expect(result.statistics.distinctStates == 508)
    }

    @Test func lockMutexCounts() {
        #expect(Checker(LockMutex(processes: 3, seededBug: false), options: .init()).run().statistics.distinctStates == 4)
        #expect(Checker(LockMutex(processes: 3, seededBug: false), options: .init().symmetry()).run().statistics.distinctStates == 2)
        // The buggy variant, with the invariant left out, explores everything.
        let options = CheckerOptions().threads(2)
        var unchecked = options
        unchecked.selectedProperties = []
        #expect(Checker(LockMutex(processes: 3, seededBug: true), options: unchecked).run().statistics.distinctStates == 45)
        #expect(BruteForce.reachable(LockMutex(processes: 3, seededBug: true)).count == 45)
    }
}

/// A representative in Stateright's manner: managers sorted by phase alone (a stable sort).
struct PhaseSortedTwoPhase: TransitionSystem {
    let base: TwoPhaseCommit
    init(managers: Int) { base = TwoPhaseCommit(managers: managers) }
    var name: String { "phase-sorted-2pc" }
    var initialStates: [TwoPhaseCommit.State] { base.initialStates }
    func actions(in state: TwoPhaseCommit.State, into actions: inout [TwoPhaseCommit.Action]) { base.actions(in: state, into: &actions) }
    func successor(of state: TwoPhaseCommit.State, taking action: TwoPhaseCommit.Action) -> TwoPhaseCommit.State? {
        base.successor(of: state, taking: action)
    }
    var properties: [Property<TwoPhaseCommit.State>] { base.properties }
    func canonicalRepresentative(of state: TwoPhaseCommit.State) -> TwoPhaseCommit.State {
        let order = state.managers.indices.sorted { a, b in
            let rank: [TwoPhaseCommit.ManagerPhase] = [.working, .prepared, .committed, .aborted]
            let (ra, rb) = (rank.firstIndex(of: state.managers[a])!, rank.firstIndex(of: state.managers[b])!)
            return ra != rb ? ra < rb : a < b
        }
        var result = state
        result.managers = order.map { state.managers[$0] }
        result.preparedAtTM = order.map { state.preparedAtTM[$0] }
        result.preparedSent = order.map { state.preparedSent[$0] }
        return result
    }
}

/// Independent, slow reference computations.
enum BruteForce {
    /// All reachable states by a plain Swift-`Set` search.
    static func reachable<S: TransitionSystem>(_ system: S) -> Set<S.State> {
        var seen = Set(system.initialStates)
        var queue = Array(seen)
        while let state = queue.popLast() {
            for action in system.actions(in: state) {
                if let next = system.successor(of: state, taking: action), seen.insert(next).inserted { queue.append(next) }
            }
        }
        return seen
    }

    static func permutations(_ n: Int) -> [[Int]] {
        if n == 0 { return [[]] }
        return permutations(n - 1).flatMap { p in
            (0...p.count).map { i in
                var q = p; q.insert(n - 1, at: i); return q
            }
        }
    }

    static func orbitCount(of system: TwoPhaseCommit) -> Int {
        let perms = permutations(system.managerCount)
        var canonical: Set<[UInt64]> = []
        for state in reachable(system) {
            var best: [UInt64]? = nil
            for p in perms {
                var permuted = state
                permuted.managers = p.map { state.managers[$0] }
                permuted.preparedAtTM = p.map { state.preparedAtTM[$0] }
                permuted.preparedSent = p.map { state.preparedSent[$0] }
                var encoder = StateEncoder()
                permuted.encode(into: &encoder)
                encoder.finish()
                if best == nil || encoder.words.lexicographicallyPrecedes(best!) { best = encoder.words }
            }
            canonical.insert(best!)
        }
        return canonical.count
    }
}
