internal import CZ3

/// An incremental Z3 solver: assert formulas, `push`/`pop` scopes, `check` satisfiability.
///
/// Holds one Z3 reference to its C solver and a strong reference to its context. Confined to the
/// context's thread (not `Sendable`).
public final class Z3Solver {
    /// The context the solver lives in.
    public let context: Z3Context
    let raw: Z3_solver
    /// The budget of each `check`.
    public let budget: Z3Budget
    /// The resource units (`rlimit count`) the last `check` used; 0 before the first.
    public private(set) var lastResourceCount: UInt64 = 0

    /// A general-purpose solver (Z3 picks tactics from the formulas).
    ///
    /// - Parameters:
    ///   - context: the owning context.
    ///   - budget: the resource limit of each `check` and an optional wall-clock limit; past either the
    ///     check returns `.unknown` with the reason. Z3's `timeout` parameter is never set (see
    ///     `Z3Budget`).
    public init(context: Z3Context, budget: Z3Budget = Z3Budget()) {
        self.context = context
        self.budget = budget
        raw = Z3_mk_solver(context.raw)
        Z3_solver_inc_ref(context.raw, raw)
        let params = Z3_mk_params(context.raw)
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_uint(context.raw, params, Z3_mk_string_symbol(context.raw, "rlimit"), budget.rlimit)
        Z3_solver_set_params(context.raw, raw, params)
        Z3_params_dec_ref(context.raw, params)
    }

    deinit {
        Z3_solver_dec_ref(context.raw, raw)
    }

    /// Adds `formula` to the current scope.
    public func assert(_ formula: Z3Term<BoolSort>) {
        withExtendedLifetime(formula) { Z3_solver_assert(context.raw, raw, formula.ast) }
    }

    /// Adds every formula in `formulas` to the current scope.
    public func assert(_ formulas: [Z3Term<BoolSort>]) {
        for formula in formulas { assert(formula) }
    }

    /// Opens a scope: formulas asserted after this are dropped by the matching `pop()`.
    public func push() {
        Z3_solver_push(context.raw, raw)
    }

    /// Drops the innermost scope and everything asserted in it.
    public func pop() {
        Z3_solver_pop(context.raw, raw, 1)
    }

    /// The number of open scopes.
    public var scopeDepth: Int { Int(Z3_solver_get_num_scopes(context.raw, raw)) }

    /// Decides whether the asserted formulas have a model.
    ///
    /// - Returns: `.satisfiable` with a model, `.unsatisfiable`, or `.unknown` with Z3's reason
    ///   (timeout, incompleteness of nonlinear arithmetic, or an API error's message).
    public func check() -> Z3CheckResult {
        let watchdog = budget.wallClockLimit.map { Z3Watchdog(context: context, limit: $0) }
        let answer = Z3_solver_check(context.raw, raw)
        let interrupted = watchdog?.disarm() ?? false
        lastResourceCount = resourceCount()
        if let error = context.takeError() { return .unknown(reason: error.message) }
        switch answer {
        case Z3_L_TRUE:
            guard let model = Z3_solver_get_model(context.raw, raw) else {
                return .unknown(reason: context.takeError()?.message ?? "Z3 returned no model")
            }
            return .satisfiable(Z3Model(context: context, raw: model))
        case Z3_L_FALSE:
            return .unsatisfiable
        default:
            if interrupted, let limit = budget.wallClockLimit {
                return .unknown(reason: "wall-clock limit of \(limit) reached (interrupted)")
            }
            if lastResourceCount >= UInt64(budget.rlimit) {
                return .unknown(reason: "rlimit of \(budget.rlimit) reached")
            }
            let reason = Z3_solver_get_reason_unknown(context.raw, raw).map { String(cString: $0) }
            return .unknown(reason: reason ?? "unknown")
        }
    }

    /// The `rlimit count` statistic of the last check: resource units used.
    private func resourceCount() -> UInt64 {
        guard let stats = Z3_solver_get_statistics(context.raw, raw) else { return 0 }
        Z3_stats_inc_ref(context.raw, stats)
        defer { Z3_stats_dec_ref(context.raw, stats) }
        for index in 0..<Z3_stats_size(context.raw, stats) {
            guard let key = Z3_stats_get_key(context.raw, stats, index), String(cString: key) == "rlimit count" else {
                continue
            }
            if Z3_stats_is_uint(context.raw, stats, index) {
                return UInt64(Z3_stats_get_uint_value(context.raw, stats, index))
            }
            let value = Z3_stats_get_double_value(context.raw, stats, index)
            return value.isFinite && value >= 0 ? UInt64(min(value, Double(UInt64.max / 2))) : 0
        }
        return 0
    }

    /// Decides the asserted formulas in a fresh context and translates the model back.
    ///
    /// Z3's heuristics break ties by AST ids, and a context's ids depend on every term it ever made, so
    /// the model `check()` returns can change when unrelated terms were built (or printed) earlier. A
    /// copy of the assertions in a fresh context gets ids from the assertions alone: the answer and the
    /// model are then a function of the query, the same in every run and in every order of queries.
    public func checkInFreshContext() -> Z3CheckResult {
        let fresh = Z3Context()
        let copy = Z3Solver(context: fresh, budget: budget)
        for formula in assertions {
            copy.assert(
                withExtendedLifetime(formula) {
                    fresh.adopt(Z3_translate(context.raw, formula.ast, fresh.raw), as: BoolSort.self)
                })
        }
        let result = copy.check()
        lastResourceCount = copy.lastResourceCount
        switch result {
        case .satisfiable(let model):
            guard let translated = Z3_model_translate(fresh.raw, model.raw, context.raw) else {
                return .unknown(reason: context.takeError()?.message ?? "Z3 could not translate the model")
            }
            return withExtendedLifetime(model) { .satisfiable(Z3Model(context: context, raw: translated)) }
        case .unsatisfiable:
            return .unsatisfiable
        case .unknown(let reason):
            return .unknown(reason: reason)
        }
    }

    /// The formulas asserted in all open scopes, in assertion order.
    public var assertions: [Z3Term<BoolSort>] {
        guard let vector = Z3_solver_get_assertions(context.raw, raw) else { return [] }
        Z3_ast_vector_inc_ref(context.raw, vector)
        defer { Z3_ast_vector_dec_ref(context.raw, vector) }
        let size = Z3_ast_vector_size(context.raw, vector)
        return (0..<size).map { context.adopt(Z3_ast_vector_get(context.raw, vector, $0), as: BoolSort.self) }
    }

    /// The asserted formulas as a self-contained SMT-LIB2 benchmark: declarations, one `assert` per
    /// formula and `(check-sat)`, readable by any SMT-LIB2 solver for `logic`.
    ///
    /// The formulas are translated into a scratch context and printed there. Printing allocates ASTs
    /// in an order Z3 does not keep stable, and Z3's search depends on AST ids, so printing in the
    /// solver's own context would make later answers (and models) depend on whether anything was
    /// printed; the scratch context also numbers shared subterms the same way on every run.
    ///
    /// - Parameters:
    ///   - name: recorded as the benchmark's leading comment.
    ///   - logic: the SMT-LIB logic, e.g. `QF_LIA`.
    ///   - status: the expected answer, `sat`, `unsat` or `unknown` (`:status`).
    public func smtlib2(name: String, logic: String, status: String) -> String {
        let scratch = Z3Context()
        let formulas = assertions.map { formula in
            withExtendedLifetime(formula) {
                scratch.adopt(Z3_translate(context.raw, formula.ast, scratch.raw), as: BoolSort.self)
            }
        }
        let truth = scratch.boolean(true)
        let asts: [Z3_ast?] = formulas.map(\.ast)
        return withExtendedLifetime((formulas, truth)) {
            asts.withUnsafeBufferPointer { buffer in
                Z3_benchmark_to_smtlib_string(
                    scratch.raw, name, logic, status, "", UInt32(buffer.count), buffer.baseAddress, truth.ast
                ).map { String(cString: $0) } ?? ""
            }
        }
    }
}

@available(*, unavailable, message: "Z3 solvers are confined to their context's thread")
extension Z3Solver: Sendable {}
