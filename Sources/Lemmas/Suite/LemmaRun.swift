/// A lemma report together with the files its run produced.
public struct LemmaRun: Sendable {
    /// The report.
    public var report: LemmaReport
    /// One SMT-LIB2 benchmark per query, when the run captured them (`LemmaRunOptions.capturesSMTLIB`).
    public var smtlibFiles: [GeneratedFile]
    /// The concrete counterexamples and witnesses, if any (`<lemma-name>.txt`).
    public var counterexampleFile: GeneratedFile?
}
