/// A checkable statement from the tutorial or its references, with the expected verdict and the
/// procedure (Z3 queries or exact computation) that decides it.
///
/// Run it with `run(options:)`; the run creates its own Z3 context on the calling thread and releases it
/// before returning, so lemmas may run on any thread, one context per run.
public struct Lemma: Sendable {
    /// A short kebab-case name used by `bftcheck lemmas --only NAME`.
    public let name: String
    /// A one-line title.
    public let title: String
    /// The statement in words.
    public let statement: String
    /// The statement as a formula.
    public let formula: String
    /// The tutorial slide or paper it comes from.
    public let source: String
    /// Tutorial, reference or derived.
    public let provenance: Provenance
    /// The verdict the lemma should get.
    public let expected: Verdict
    /// Whether the lemma takes the cluster sizes `--n1 --n2 --f1 --f2`.
    public let acceptsClusterSizes: Bool
    /// The command-line arguments that select this instance beyond its name (e.g. the cluster sizes it
    /// was given); part of the reproduce line and the counterexample file name.
    public let arguments: [String]
    let body: @Sendable (LemmaSession) -> LemmaOutcome

    init(
        name: String, title: String, statement: String, formula: String, source: String,
        provenance: Provenance, expected: Verdict, acceptsClusterSizes: Bool = false, arguments: [String] = [],
        body: @escaping @Sendable (LemmaSession) -> LemmaOutcome
    ) {
        self.name = name
        self.title = title
        self.statement = statement
        self.formula = formula
        self.source = source
        self.provenance = provenance
        self.expected = expected
        self.acceptsClusterSizes = acceptsClusterSizes
        self.arguments = arguments
        self.body = body
    }

    /// Checks the lemma.
    ///
    /// - Returns: the report, the SMT-LIB2 files (when captured) and the counterexample file (when the
    ///   lemma found counterexamples or witnesses).
    public func run(options: LemmaRunOptions = LemmaRunOptions()) -> LemmaRun {
        let started = ContinuousClock.now
        let session = LemmaSession(lemmaName: name, options: options)
        let outcome = body(session)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        let stem = ([name] + arguments.map { $0.hasPrefix("--") ? String($0.dropFirst(2)) : $0 }).joined(separator: "-")
        let reproduce = (["bftcheck lemmas --only", name] + arguments).joined(separator: " ")
        let counterexampleFile =
            outcome.witnessLines.isEmpty
            ? nil
            : GeneratedFile(
                relativePath: "\(stem).txt",
                contents: (["# bftcheck lemma \(name): \(title)", "# reproduce: \(reproduce)"] + outcome.witnessLines)
                    .joined(separator: "\n") + "\n")
        let report = LemmaReport(
            name: name, title: title, statement: statement, formula: formula, source: source,
            provenance: provenance, expected: expected, verdict: outcome.verdict,
            counterexample: outcome.counterexample, reason: outcome.reason, findings: outcome.findings,
            tables: outcome.tables, queries: session.queries,
            counterexampleFile: counterexampleFile?.relativePath, seconds: seconds)
        return LemmaRun(report: report, smtlibFiles: session.smtlibFiles, counterexampleFile: counterexampleFile)
    }
}
