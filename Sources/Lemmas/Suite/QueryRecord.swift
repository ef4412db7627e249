/// One satisfiability query a lemma asked, and what Z3 answered.
public struct QueryRecord: Sendable, Hashable, Codable {
    /// A name unique within the lemma; also the SMT-LIB2 file name (`<id>.smt2`).
    public var id: String
    /// The SMT-LIB logic the query lies in (`QF_LIA`, `QF_NIA`, `QF_NRA`).
    public var logic: String
    /// The answer the lemma needs (`unsat` when the query searches for a counterexample to a claim
    /// that should hold), or `nil` for exploratory queries such as the steps of a minimisation.
    public var expected: SolverOutcome?
    /// Z3's answer.
    public var outcome: SolverOutcome
    /// Z3's reason when the answer is `unknown`.
    public var reason: String?
    /// Wall-clock seconds of the check alone.
    public var seconds: Double
    /// Z3 resource units (`rlimit count`) the check used: deterministic for a query and Z3 version.
    public var rlimitUsed: UInt64
    /// The resource limit the check had (`Z3Budget.rlimit`).
    public var rlimitAllowed: UInt64

    /// Whether the answer is the one needed (always true for exploratory queries).
    public var isAsExpected: Bool { expected.map { $0 == outcome } ?? true }
}
