/// The result of checking one lemma: its statement, the verdict, the evidence and the time taken.
public struct LemmaReport: Sendable, Hashable, Codable {
    /// The lemma's name, e.g. `cluster-sending`.
    public var name: String
    /// A one-line title.
    public var title: String
    /// The statement in words.
    public var statement: String
    /// The statement as a formula.
    public var formula: String
    /// The tutorial slide or paper it comes from.
    public var source: String
    /// Tutorial, reference or derived.
    public var provenance: Provenance
    /// The verdict the lemma should get.
    public var expected: Verdict
    /// The verdict it got.
    public var verdict: Verdict
    /// The counterexample, when refuted: concrete values a reader can check by hand.
    public var counterexample: String?
    /// Why the verdict is unknown, when it is.
    public var reason: String?
    /// What the check established beyond the verdict, one sentence per entry.
    public var findings: [String]
    /// Per-case tables.
    public var tables: [LemmaTable]
    /// Every query asked, in order.
    public var queries: [QueryRecord]
    /// Where the concrete counterexamples and witnesses were written, relative to the counterexample
    /// directory, if the lemma produced any.
    public var counterexampleFile: String?
    /// Wall-clock seconds for the whole lemma.
    public var seconds: Double

    /// Whether the verdict is the expected one and every query got the answer it needed.
    public var isAsExpected: Bool { verdict == expected && queries.allSatisfy(\.isAsExpected) }
}
