/// How lemmas are run.
public struct LemmaRunOptions: Sendable {
    /// Whether every query is also rendered as an SMT-LIB2 benchmark (`bftcheck lemmas --smtlib`).
    public var capturesSMTLIB: Bool
    /// The budget of each single satisfiability check; past it the query is `unknown`.
    public var budget: Z3Budget

    /// Options with SMT-LIB2 capture off and the default deterministic budget (`Z3Budget()`).
    public init(capturesSMTLIB: Bool = false, budget: Z3Budget = Z3Budget()) {
        self.capturesSMTLIB = capturesSMTLIB
        self.budget = budget
    }
}
