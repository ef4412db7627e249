/// The outcome of running a suite.
public struct SuiteRun: Sendable {
    /// One run per lemma, in suite order.
    public var runs: [LemmaRun]
    /// Wall-clock seconds for the whole suite.
    public var seconds: Double

    /// Whether every lemma got its expected verdict.
    public var isAsExpected: Bool { runs.allSatisfy(\.report.isAsExpected) }

    /// The reports, in order.
    public var reports: [LemmaReport] { runs.map(\.report) }
}
