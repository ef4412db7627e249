internal import CZ3

/// A Z3 context: the owner of every term, solver and model made from it.
///
/// `Z3Context` wraps a reference-counted C context (`Z3_mk_context_rc`). Every term, solver and model
/// keeps a strong reference to its context and holds one Z3 reference to its own C handle, released in
/// `deinit`; the C context is deleted when the last Swift object made from it goes away. Nothing leaks
/// and nothing outlives its context.
///
/// Errors do not exit the process: the context installs an error handler that only records nothing and
/// returns, and every call that can fail reads `Z3_get_error_code` right after and throws a `Z3Error`
/// (parsing, evaluation) or reports `.unknown` (solving).
///
/// Concurrency: Z3 handles are not thread-safe within a context, so `Z3Context` and everything made from
/// it (`Z3Term`, `Z3Solver`, `Z3Model`) are deliberately **not** `Sendable`; the Swift 6 compiler then
/// rejects any attempt to share them between threads or tasks. The intended use, and the one the lemma
/// suite follows, is one context per lemma run, created, used and dropped on the thread that runs it.
/// Different contexts are independent and may live on different threads.
public final class Z3Context {
    let raw: Z3_context

    /// A fresh context with model generation on.
    public init() {
        let config = Z3_mk_config()
        Z3_set_param_value(config, "model", "true")
        raw = Z3_mk_context_rc(config)
        Z3_del_config(config)
        // The default handler prints and calls exit(1). Ours returns; callers read the error code.
        Z3_set_error_handler(raw) { _, _ in }
    }

    deinit {
        Z3_del_context(raw)
    }

    /// The version of the linked libz3, e.g. `4.8.12`.
    public static var version: String {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var build: UInt32 = 0
        var revision: UInt32 = 0
        Z3_get_version(&major, &minor, &build, &revision)
        return "\(major).\(minor).\(build)"
    }

    /// The error the last Z3 call recorded, if any, and clears it.
    ///
    /// Not every API entry point resets the code (the SMT-LIB2 parser does not), so a recorded error
    /// must be taken exactly once or it would be reported again by the next call.
    func takeError() -> Z3Error? {
        let code = Z3_get_error_code(raw)
        guard code != Z3_OK else { return nil }
        let message = Z3_get_error_msg(raw, code).map { String(cString: $0) } ?? "unknown Z3 error"
        Z3_set_error(raw, Z3_OK)
        return Z3Error(code: Int(code.rawValue), message: message)
    }

    /// Wraps a freshly made AST, trapping with Z3's message if construction failed.
    ///
    /// Terms are well sorted by construction (`Z3Term`'s sort parameter), so a failure here is a bug or
    /// resource exhaustion, never a user error.
    func adopt<Sort: Z3Sort>(_ ast: Z3_ast?, as _: Sort.Type = Sort.self) -> Z3Term<Sort> {
        let error = takeError()
        guard let ast, error == nil else {
            preconditionFailure("Z3 failed to build a term: \(error?.message ?? "no AST returned")")
        }
        return Z3Term(handle: Z3ASTHandle(context: self, ast: ast))
    }

    func sort(of kind: Z3SortKind) -> Z3_sort {
        switch kind {
        case .boolean: Z3_mk_bool_sort(raw)
        case .integer: Z3_mk_int_sort(raw)
        case .real: Z3_mk_real_sort(raw)
        }
    }

    // MARK: Constants and numerals

    /// An uninterpreted constant (a variable of the query) named `name`.
    ///
    /// - Parameters:
    ///   - name: the SMT-LIB symbol; use letters, digits and `_` so exported files stay readable.
    ///   - sort: the sort, e.g. `IntSort.self`.
    public func constant<Sort: Z3Sort>(_ name: String, _ sort: Sort.Type = Sort.self) -> Z3Term<Sort> {
        let symbol = Z3_mk_string_symbol(raw, name)
        return adopt(Z3_mk_const(raw, symbol, self.sort(of: Sort.kind)))
    }

    /// The integer or real numeral `value`.
    public func numeral<Sort: Z3ArithmeticSort>(_ value: Int, _ sort: Sort.Type = Sort.self) -> Z3Term<Sort> {
        adopt(Z3_mk_int64(raw, Int64(value), self.sort(of: Sort.kind)))
    }

    /// The real numeral `numerator / denominator`.
    ///
    /// - Precondition: `denominator != 0`.
    public func real(_ numerator: Int, over denominator: Int) -> Z3Term<RealSort> {
        precondition(denominator != 0, "a real numeral needs a non-zero denominator")
        let n = adopt(Z3_mk_int64(raw, Int64(numerator), sort(of: .real)), as: RealSort.self)
        let d = adopt(Z3_mk_int64(raw, Int64(denominator), sort(of: .real)), as: RealSort.self)
        return n / d
    }

    /// The Boolean constant `value`.
    public func boolean(_ value: Bool) -> Z3Term<BoolSort> {
        adopt(value ? Z3_mk_true(raw) : Z3_mk_false(raw))
    }

    // MARK: N-ary connectives and cardinality

    /// The conjunction of `terms` (`true` when empty).
    public func and(_ terms: [Z3Term<BoolSort>]) -> Z3Term<BoolSort> {
        guard !terms.isEmpty else { return boolean(true) }
        return withASTs(terms) { adopt(Z3_mk_and(raw, $0, $1)) }
    }

    /// The disjunction of `terms` (`false` when empty).
    public func or(_ terms: [Z3Term<BoolSort>]) -> Z3Term<BoolSort> {
        guard !terms.isEmpty else { return boolean(false) }
        return withASTs(terms) { adopt(Z3_mk_or(raw, $0, $1)) }
    }

    /// The sum of `terms` (`0` when empty).
    public func sum<Sort: Z3ArithmeticSort>(_ terms: [Z3Term<Sort>]) -> Z3Term<Sort> {
        guard !terms.isEmpty else { return numeral(0, Sort.self) }
        return withASTs(terms) { adopt(Z3_mk_add(raw, $0, $1)) }
    }

    /// The number of `literals` that are true, as an integer term `(+ (ite l 1 0) …)`.
    ///
    /// Cardinality constraints are built from this sum rather than Z3's native pseudo-Boolean
    /// `(_ at-most k)`, so exported SMT-LIB2 files stay in standard QF_LIA that any solver reads; Z3's
    /// arithmetic solver recognises the pattern.
    public func count(_ literals: [Z3Term<BoolSort>]) -> Z3Term<IntSort> {
        let one = numeral(1, IntSort.self)
        let zero = numeral(0, IntSort.self)
        return sum(literals.map { ite($0, then: one, else: zero) })
    }

    /// At most `bound` of `literals` are true.
    public func atMost(_ literals: [Z3Term<BoolSort>], _ bound: Int) -> Z3Term<BoolSort> {
        count(literals) <= bound
    }

    /// At least `bound` of `literals` are true.
    public func atLeast(_ literals: [Z3Term<BoolSort>], _ bound: Int) -> Z3Term<BoolSort> {
        count(literals) >= bound
    }

    /// Exactly `bound` of `literals` are true.
    public func exactly(_ literals: [Z3Term<BoolSort>], _ bound: Int) -> Z3Term<BoolSort> {
        count(literals) == bound
    }

    /// `condition ? then : else` as a term.
    public func ite<Sort: Z3Sort>(
        _ condition: Z3Term<BoolSort>, then whenTrue: Z3Term<Sort>, else whenFalse: Z3Term<Sort>
    ) -> Z3Term<Sort> {
        adopt(Z3_mk_ite(raw, condition.ast, whenTrue.ast, whenFalse.ast))
    }

    /// Calls `body` with a C array of the terms' ASTs and its length; the terms stay alive meanwhile.
    func withASTs<Sort, Result>(
        _ terms: [Z3Term<Sort>], _ body: (UInt32, UnsafePointer<Z3_ast?>) -> Result
    ) -> Result {
        let asts: [Z3_ast?] = terms.map(\.ast)
        return withExtendedLifetime(terms) {
            asts.withUnsafeBufferPointer { body(UInt32($0.count), $0.baseAddress!) }
        }
    }
}

@available(*, unavailable, message: "Z3 contexts are confined to one thread; make one per thread")
extension Z3Context: Sendable {}
