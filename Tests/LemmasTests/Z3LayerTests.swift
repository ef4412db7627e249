import Testing

@testable import Lemmas

/// The Swift layer over the Z3 C API.
@Suite struct Z3LayerTests {
    @Test func decidesLinearIntegerArithmeticAndReturnsModels() {
        let context = Z3Context()
        let solver = Z3Solver(context: context)
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)
        solver.assert([n > 3 * f, f >= 1, n <= 4])
        guard case .satisfiable(let model) = solver.check() else {
            Issue.record("n = 4, f = 1 satisfies the constraints")
            return
        }
        #expect(model.value(of: n) == 4)
        #expect(model.value(of: f) == 1)
        solver.push()
        solver.assert(f >= 2)
        #expect(solver.scopeDepth == 1)
        #expect(solver.check().outcome == .unsat)
        solver.pop()
        #expect(solver.check().outcome == .sat)
        #expect(solver.assertions.count == 3)
    }

    @Test func cardinalityBooleansRealsAndIntegerDivision() {
        let context = Z3Context()
        let solver = Z3Solver(context: context)
        let bits = (0..<5).map { context.constant("b\($0)", BoolSort.self) }
        solver.assert([context.exactly(bits, 2), bits[0], !bits[1], context.atLeast(Array(bits[2...]), 1)])
        let x = context.constant("x", RealSort.self)
        solver.assert(x * 3 == context.numeral(2, RealSort.self))
        let a = context.constant("a", IntSort.self)
        solver.assert(a == 17)
        guard case .satisfiable(let model) = solver.check() else {
            Issue.record("satisfiable")
            return
        }
        #expect(bits.filter { model.value(of: $0) }.count == 2)
        #expect(model.value(of: bits[0]))
        #expect(model.value(of: x) == Fraction(2, 3))
        #expect(model.value(of: a.quotient(dividingBy: context.numeral(5, IntSort.self))) == 3)
        #expect(model.value(of: a.remainder(dividingBy: context.numeral(5, IntSort.self))) == 2)
        #expect(model.value(of: a.asReal / context.numeral(4, RealSort.self)) == Fraction(17, 4))
    }

    @Test func errorsAreThrownAndTheProcessSurvives() throws {
        let context = Z3Context()
        #expect(throws: Z3Error.self) { try context.parseSMTLIB2("(assert (> x 1))") }
        do {
            _ = try context.parseSMTLIB2("(declare-fun x () Int) (assert (> x")
            Issue.record("a truncated script must not parse")
        } catch {
            #expect(error.code == 4)
            #expect(!error.message.isEmpty)
        }
        // The context is still usable after the errors.
        let parsed = try context.parseSMTLIB2("(declare-fun x () Int) (assert (> x 1)) (assert (< x 3))")
        let solver = Z3Solver(context: context)
        solver.assert(parsed)
        guard case .satisfiable(let model) = solver.check() else {
            Issue.record("x = 2")
            return
        }
        #expect(model.value(of: context.constant("x", IntSort.self)) == 2)
        #expect(try context.evaluateSMTLIB2("(declare-const y Int) (assert (and (> y 1) (< y 2))) (check-sat)") == "unsat\n")
    }

    @Test func termsKeepTheirContextAlive() {
        func makeTerm() -> Z3Term<IntSort> {
            let context = Z3Context()
            return context.constant("n", IntSort.self) + 1
        }
        let term = makeTerm()
        #expect(term.smtlib == "(+ n 1)")
        let solver = Z3Solver(context: term.context)
        solver.assert(term == 5)
        #expect(solver.check().model.map { $0.value(of: term) } == 5)
    }

    @Test func freshContextChecksGiveTheSameModelWhateverTheHistory() {
        func model(after noise: Int) -> [Bool] {
            let context = Z3Context()
            for index in 0..<noise { _ = context.constant("noise\(index)", IntSort.self) + index }
            let sets = ReplicaSets(["Q1", "Q2", "F"], replicas: 7, in: context)
            let solver = Z3Solver(context: context)
            solver.assert([sets.hasSize(0, 4), sets.hasSize(1, 4), sets.hasSize(2, 2), sets.intersection(of: [0, 1], isInside: 2)])
            let found = solver.checkInFreshContext().model!
            return sets.members.flatMap { $0.map { found.value(of: $0) } }
        }
        #expect(model(after: 0) == model(after: 500))
    }

    /// x^3 + y^3 = z^3 over positive integers (Fermat, n = 3): Z3 cannot decide it, so only a budget
    /// ends the check.
    private static func hopelessSolver(_ budget: Z3Budget) -> Z3Solver {
        let context = Z3Context()
        let solver = Z3Solver(context: context, budget: budget)
        let (x, y, z) = (context.constant("x", IntSort.self), context.constant("y", IntSort.self), context.constant("z", IntSort.self))
        solver.assert([x > 0, y > 0, z > 0, x * x * x + y * y * y == z * z * z])
        return solver
    }

    @Test func anExhaustedResourceLimitIsReportedAsUnknownWithTheSameCountEveryTime() {
        var counts: [UInt64] = []
        for _ in 0..<3 {
            let solver = Self.hopelessSolver(Z3Budget(rlimit: 20_000))
            guard case .unknown(let reason) = solver.checkInFreshContext() else {
                Issue.record("a 20,000-unit budget on a cubic Diophantine equation should give unknown")
                return
            }
            #expect(reason == "rlimit of 20000 reached")
            #expect(solver.lastResourceCount >= 20_000)
            counts.append(solver.lastResourceCount)
        }
        #expect(Set(counts).count == 1, "resource counts differ between identical checks: \(counts)")
    }

    @Test func resourceUseOfADecidedQueryIsReportedAndDeterministic() {
        func used() -> UInt64 {
            let context = Z3Context()
            let solver = Z3Solver(context: context)
            let sets = ReplicaSets(["Q1", "Q2", "F"], replicas: 7, in: context)
            solver.assert([sets.hasSize(0, 5), sets.hasSize(1, 5), sets.hasSize(2, 2), sets.intersection(of: [0, 1], isInside: 2)])
            #expect(solver.checkInFreshContext().outcome == .unsat)
            return solver.lastResourceCount
        }
        let first = used()
        #expect(first > 0)
        #expect(first < UInt64(Z3Budget.defaultRLimit))
        #expect(used() == first)
    }

    @Test func aWallClockLimitInterruptsTheSolverFromOutside() {
        // The outcome does not depend on the machine's speed: the query is undecidable for Z3, so the
        // watchdog's interrupt is the only way the check returns (the rlimit is the maximum).
        let solver = Self.hopelessSolver(Z3Budget(rlimit: UInt32.max, wallClockLimit: .milliseconds(50)))
        guard case .unknown(let reason) = solver.check() else {
            Issue.record("the watchdog should have interrupted the check")
            return
        }
        #expect(reason.contains("interrupted"), "\(reason)")
    }
}
