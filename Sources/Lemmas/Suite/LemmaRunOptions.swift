/// How lemmas are run.
public struct LemmaRunOptions: Sendable {
    /// Whether every query is also rendered as an SMT-LIB2 benchmark (`bftcheck lemmas --smtlib`).
    public var capturesSMTLIB: Bool
    /// The limit for each single satisfiability check; past it the query is `unknown`.
    public var queryTimeout: Duration

    /// Options with SMT-LIB2 capture off and a 60-second limit per query.
    public init(capturesSMTLIB: Bool = false, queryTimeout: Duration = .seconds(60)) {
        self.capturesSMTLIB = capturesSMTLIB
        self.queryTimeout = queryTimeout
    }
}
