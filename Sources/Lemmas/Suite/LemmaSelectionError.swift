/// A `--only` name that is not in the suite.
public struct LemmaSelectionError: Error, Sendable, CustomStringConvertible {
    /// The name asked for.
    public var unknownName: String
    /// The names the suite has.
    public var knownNames: [String]

    /// `unknown lemma 'x' (known: a, b, …)`.
    public var description: String {
        "unknown lemma '\(unknownName)' (known: \(knownNames.joined(separator: ", ")))"
    }
}
