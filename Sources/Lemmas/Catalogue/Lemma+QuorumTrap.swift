extension Lemma {
    /// The 2f + 1 trap (derived here from Castro & Liskov's 2f + 1 quorums for n = 3f + 1, OSDI '99 §4; the
    /// tutorial's quorums are n − f): quorums of 2f + 1 are safe only when 2f + 1 = n − f; once n > 3f + 1
    /// two of them can meet inside F. The smallest unsafe case is n = 5, f = 1. Quorums of n − f stay safe
    /// for every n > 3f.
    ///
    /// Three QF_LIA proofs for all n and f (n − f safe; 2f + 1 safe at n = 3f + 1; an explicit Venn
    /// construction of unsafe 2f + 1 quorums valid for every n ≥ 3f + 2) and the smallest unsafe case by
    /// descent, with concrete sets.
    static let quorumTrap = Lemma(
        name: "quorum-2f-plus-1-trap",
        title: "Quorums of 2f + 1 are unsafe once n > 3f + 1; quorums of n − f are always safe",
        statement:
            "Quorums of 2f + 1 replicas guarantee a non-faulty common replica when n = 3f + 1 but not for any "
            + "n ≥ 3f + 2 (smallest: n = 5, f = 1); quorums of n − f guarantee one for every n > 3f.",
        formula:
            "∀ n ≥ 3f + 2, f ≥ 0: ∃ |Q1| = |Q2| = 2f + 1, |F| ≤ f, Q1 ∩ Q2 ⊆ F;   "
            + "n = 3f + 1 ⇒ (Q1 ∩ Q2) ∖ F ≠ ∅;   n > 3f, q = n − f ⇒ (Q1 ∩ Q2) ∖ F ≠ ∅",
        source:
            "derived here from Castro & Liskov, OSDI '99 §4 (2f + 1 quorums, n = 3f + 1); "
            + "tutorial slides use n − f quorums throughout PBFT",
        provenance: .reference,
        expected: .proved
    ) { session in
        let context = session.context
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)

        func safety(_ id: String, quorum: Z3Term<IntSort>, hypotheses: [Z3Term<BoolSort>]) -> ClaimCheck {
            let venn = VennRegions(["Q1", "Q2", "F"], universe: n)
            return session.prove(
                id, logic: .linearIntegers,
                hypotheses: venn.wellFormed + hypotheses + [
                    f >= 0, venn.size(0) == quorum, venn.size(1) == quorum, venn.size(2) <= f,
                ],
                claim: venn.size(inside: [0, 1], outside: [2]) >= 1)
        }
        let nMinusF = safety("n-minus-f-safe-above-3f", quorum: n - f, hypotheses: [n > 3 * f])
        let atBoundary = safety("2f-plus-1-safe-at-3f-plus-1", quorum: 2 * f + 1, hypotheses: [n == 3 * f + 1])

        // For n ≥ 3f + 2 build the unsafe quorums explicitly: k = max(0, 2q − n) replicas in
        // Q1 ∩ Q2 ∩ F, q − k only in Q1, q − k only in Q2, n − 2q + k in none. They are sets of the right
        // sizes (regions non-negative, summing to n) and Q1 ∩ Q2 ⊆ F as long as k ≤ f.
        let q = 2 * f + 1
        let overlap = context.ite(2 * q - n > 0, then: 2 * q - n, else: context.numeral(0, IntSort.self))
        let unsafeConstruction = session.prove(
            "2f-plus-1-unsafe-from-3f-plus-2", logic: .linearIntegers,
            hypotheses: [f >= 0, n >= 3 * f + 2],
            claim: context.and([q - overlap >= 0, n - 2 * q + overlap >= 0, overlap <= f, q <= n]))

        let venn = VennRegions(["Q1", "Q2", "F"], universe: n)
        let solver = session.makeSolver()
        solver.assert(venn.wellFormed)
        solver.assert([f >= 1, n > 3 * f, 2 * f + 1 <= n, venn.size(0) == 2 * f + 1, venn.size(1) == 2 * f + 1])
        solver.assert([venn.size(2) <= f, venn.size(inside: [0, 1], outside: [2]) == 0])
        let checks = [nMinusF, atBoundary, unsafeConstruction]
        var outcome = LemmaOutcome(verdict: LemmaOutcome.combining(checks))
        outcome.reason = LemmaOutcome.firstUnknownReason(checks)
        switch session.smallestWitness(solver, keys: [("n", n), ("f", f)], id: "smallest-unsafe", logic: .linearIntegers) {
        case .failure(let unknown):
            outcome.verdict = .unknown
            outcome.reason = outcome.reason ?? unknown.reason
        case .success(nil):
            outcome.verdict = .refuted
            outcome.counterexample = "no n > 3f admits unsafe quorums of 2f + 1, contradicting the construction"
        case .success(let witness?):
            let found = QuorumWitness(venn: venn, model: witness.model, n: n, f: f)
            guard found.isIntersectionInsideFaulty(quorum: 2 * found.f + 1, faultyAtMost: found.f) else {
                outcome.verdict = .unknown
                outcome.reason = "Z3's witness failed the independent check: \(found)"
                break
            }
            outcome.findings.append(
                "Smallest unsafe case: \(found.description) (quorums of 2f + 1 = \(2 * found.f + 1) meet only in F); "
                    + "no smaller n (unsat certificate `smallest-unsafe-n-below-\(found.n)`).")
            outcome.witnessLines.append("smallest unsafe 2f + 1 quorums: \(found.description)")
        }
        if case .refuted(let model) = nMinusF {
            outcome.counterexample = "n − f quorums unsafe at n = \(model.value(of: n)), f = \(model.value(of: f))"
        } else if case .refuted(let model) = atBoundary {
            outcome.counterexample = "2f + 1 quorums unsafe at n = 3f + 1: n = \(model.value(of: n)), f = \(model.value(of: f))"
        } else if case .refuted(let model) = unsafeConstruction {
            outcome.counterexample = "construction fails at n = \(model.value(of: n)), f = \(model.value(of: f))"
        }
        if outcome.verdict == .proved {
            outcome.findings += [
                "Quorums of n − f share a non-faulty replica for every n > 3f (unsat).",
                "At n = 3f + 1, 2f + 1 = n − f and quorums are safe (unsat).",
                "For every n ≥ 3f + 2 the explicit construction gives two (2f + 1)-quorums meeting only in F (unsat negation).",
            ]
        }
        return outcome
    }
}
