/// What a lemma's body returns; `Lemma.run` adds the session's queries and timing.
struct LemmaOutcome {
    var verdict: Verdict
    var counterexample: String? = nil
    var reason: String? = nil
    var findings: [String] = []
    var tables: [LemmaTable] = []
    /// Lines of the counterexample file (concrete sets, plans), if the lemma produced any.
    var witnessLines: [String] = []

    /// The outcome of `checks`: their combined verdict, the first reason one was undecided, and, when
    /// one was refuted, the counterexample `describe` makes of the first refuting model.
    static func judging(_ checks: [ClaimCheck], describing describe: (Z3Model) -> String) -> LemmaOutcome {
        var outcome = LemmaOutcome(verdict: combining(checks), reason: firstUnknownReason(checks))
        for check in checks {
            if case .refuted(let model) = check {
                outcome.counterexample = describe(model)
                break
            }
        }
        return outcome
    }

    /// `.proved` when every check proved its claim, `.unknown` (first reason) when some were undecided,
    /// and `.refuted` when one failed.
    static func combining(_ checks: [ClaimCheck]) -> Verdict {
        if checks.contains(where: { if case .refuted = $0 { true } else { false } }) { return .refuted }
        if checks.contains(where: { if case .unknown = $0 { true } else { false } }) { return .unknown }
        return .proved
    }

    static func firstUnknownReason(_ checks: [ClaimCheck]) -> String? {
        for check in checks { if case .unknown(let reason) = check { return reason } }
        return nil
    }
}
