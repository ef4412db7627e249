/// Turns Z3's benchmark text into the files `bftcheck lemmas --smtlib` writes.
enum SMTLIBBenchmark {
    /// Prefixes comments naming the lemma and query and records the answer as `:status`.
    ///
    /// Z3 prints `; <name>` and `(set-info :status unknown)` first; the status is replaced by the answer
    /// bftcheck got, so another solver's answer can be compared mechanically.
    static func annotate(
        _ benchmark: String, lemma: String, query: String, expected: SolverOutcome?, outcome: SolverOutcome
    ) -> String {
        var lines = benchmark.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("; ") && $0.contains("\(lemma)/\(query)") }
        if let index = lines.firstIndex(of: "(set-info :status unknown)") {
            lines[index] = "(set-info :status \(outcome.rawValue))"
        }
        let header = [
            "; bftcheck lemma \(lemma), query \(query)",
            "; expected: \(expected?.rawValue ?? "none (exploratory step)"); Z3 \(Z3Context.version) answered: \(outcome.rawValue)",
            "(set-info :source |bftcheck lemmas --only \(lemma)|)",
        ]
        var text = (header + lines).joined(separator: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}
