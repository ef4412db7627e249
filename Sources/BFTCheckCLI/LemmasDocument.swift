import Lemmas

/// The JSON `bftcheck lemmas --json` prints.
struct LemmasDocument: Encodable {
    /// The version of libz3 that answered.
    var z3Version: String
    /// Whether every verdict is the expected one (the exit status is 0 exactly then).
    var allAsExpected: Bool
    /// Wall-clock seconds for the whole run.
    var seconds: Double
    /// Z3 resource units allowed per query (deterministic budget).
    var rlimitPerQuery: UInt64
    /// The most resource units any query of the run used.
    var rlimitUsedMax: UInt64
    /// The optional wall-clock limit per query, in seconds.
    var wallClockLimitSeconds: Double?
    /// Where counterexample files were written.
    var counterexampleDirectory: String
    /// Where SMT-LIB2 files were written, if asked.
    var smtlibDirectory: String?
    /// One report per lemma, in suite order.
    var lemmas: [LemmaReport]

    init(_ result: SuiteRun, budget: Z3Budget, counterexampleDirectory: String, smtlibDirectory: String?) {
        z3Version = Z3Context.version
        allAsExpected = result.isAsExpected
        seconds = result.seconds
        rlimitPerQuery = UInt64(budget.rlimit)
        rlimitUsedMax = result.reports.flatMap(\.queries).map(\.rlimitUsed).max() ?? 0
        wallClockLimitSeconds = budget.wallClockLimit.map { $0 / .seconds(1) }
        self.counterexampleDirectory = counterexampleDirectory
        self.smtlibDirectory = smtlibDirectory
        lemmas = result.reports
    }
}
