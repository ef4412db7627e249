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

    @Test func timeoutsAreReportedAsUnknown() {
        let context = Z3Context()
        let solver = Z3Solver(context: context, timeout: .milliseconds(1))
        // x^3 + y^3 = z^3 with positive integers (Fermat, n = 3): hopeless within a millisecond.
        let (x, y, z) = (context.constant("x", IntSort.self), context.constant("y", IntSort.self), context.constant("z", IntSort.self))
        solver.assert([x > 0, y > 0, z > 0, x * x * x + y * y * y == z * z * z])
        if case .unknown(let reason) = solver.check() {
            #expect(!reason.isEmpty)
        } else {
            Issue.record("a 1 ms limit on a cubic Diophantine equation should give unknown")
        }
    }
}
