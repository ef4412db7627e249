/// The state of one lemma run: its Z3 context, the queries asked so far and their SMT-LIB2 texts.
///
/// A session is created by `Lemma.run(options:)`, used by the lemma's body on the calling thread, and
/// dropped when the run ends, which releases the context and everything made from it. Not `Sendable`.
final class LemmaSession {
    let context = Z3Context()
    let lemmaName: String
    let options: LemmaRunOptions
    private(set) var queries: [QueryRecord] = []
    private(set) var smtlibFiles: [GeneratedFile] = []

    init(lemmaName: String, options: LemmaRunOptions) {
        self.lemmaName = lemmaName
        self.options = options
    }

    /// A fresh solver with the run's per-query budget.
    func makeSolver() -> Z3Solver {
        Z3Solver(context: context, budget: options.budget)
    }

    /// Checks the solver's current assertions and records the query.
    ///
    /// - Parameters:
    ///   - id: unique within the lemma; becomes the SMT-LIB2 file name.
    ///   - logic: the SMT-LIB logic of the assertions.
    ///   - expected: the answer the lemma needs, or `nil` for an exploratory query.
    func check(_ solver: Z3Solver, id: String, logic: SMTLogic, expecting expected: SolverOutcome?) -> Z3CheckResult {
        precondition(!queries.contains { $0.id == id }, "query id \(id) used twice in lemma \(lemmaName)")
        // Checked in a fresh context so that the answer and model depend on this query alone, not on the
        // terms earlier queries (or SMT-LIB printing) created: counterexample files stay byte-identical.
        let started = ContinuousClock.now
        let result = solver.checkInFreshContext()
        let elapsed = ContinuousClock.now - started
        let benchmark = options.capturesSMTLIB ? solver.smtlib2(name: "\(lemmaName)/\(id)", logic: logic.rawValue, status: "unknown") : nil
        var reason: String? = nil
        if case .unknown(let why) = result { reason = why }
        queries.append(
            QueryRecord(
                id: id, logic: logic.rawValue, expected: expected, outcome: result.outcome, reason: reason,
                seconds: elapsed / .seconds(1), rlimitUsed: solver.lastResourceCount, rlimitAllowed: UInt64(solver.budget.rlimit)))
        if let benchmark {
            smtlibFiles.append(
                GeneratedFile(
                    relativePath: "\(lemmaName)/\(id).smt2",
                    contents: SMTLIBBenchmark.annotate(
                        benchmark, lemma: lemmaName, query: id, expected: expected, outcome: result.outcome)))
        }
        return result
    }

    /// Asks whether `claim` can fail under `hypotheses`; `unsat` proves it.
    ///
    /// - Returns: `.proved`, `.refuted` with the model of the failure, or `.unknown` with Z3's reason.
    func prove(
        _ id: String, logic: SMTLogic, hypotheses: [Z3Term<BoolSort>], claim: Z3Term<BoolSort>
    ) -> ClaimCheck {
        let solver = makeSolver()
        solver.assert(hypotheses)
        solver.assert(!claim)
        switch check(solver, id: id, logic: logic, expecting: .unsat) {
        case .unsatisfiable: return .proved
        case .satisfiable(let model): return .refuted(model)
        case .unknown(let reason): return .unknown(reason)
        }
    }
}
