/// What checking a lemma established.
public enum Verdict: String, Sendable, Codable, Hashable {
    /// The statement holds: every query for a counterexample was unsatisfiable (or the exact
    /// computation found none).
    case proved
    /// The statement fails: a counterexample was found, and checked independently of the solver.
    case refuted
    /// Neither: a query timed out or fell outside Z3's decidable fragment. The report gives the reason.
    case unknown
}
