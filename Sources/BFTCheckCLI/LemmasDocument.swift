import Lemmas

/// The JSON `bftcheck lemmas --json` prints.
struct LemmasDocument: Encodable {
    /// The version of libz3 that answered.
    var z3Version: String
    /// Whether every verdict is the expected one (the exit status is 0 exactly then).
    var allAsExpected: Bool
    /// Wall-clock seconds for the whole run.
    var seconds: Double
    /// Where counterexample files were written.
    var counterexampleDirectory: String
    /// Where SMT-LIB2 files were written, if asked.
    var smtlibDirectory: String?
    /// One report per lemma, in suite order.
    var lemmas: [LemmaReport]

    init(_ result: SuiteRun, counterexampleDirectory: String, smtlibDirectory: String?) {
        z3Version = Z3Context.version
        allAsExpected = result.isAsExpected
        seconds = result.seconds
        self.counterexampleDirectory = counterexampleDirectory
        self.smtlibDirectory = smtlibDirectory
        lemmas = result.reports
    }
}
