extension Lemma {
    /// The view-change theorem (tutorial slide "PBFT: A property of view-changes when n > 3f", Castro et
    /// al.): if a set S of n − 2f non-faulty replicas committed m, any n − f VIEWCHANGE messages include
    /// one from S, which reports m prepared. Parametric in n and f over the exact Venn encoding of S, the
    /// senders E and the faulty set F.
    static let viewChange = Lemma(
        name: "view-change",
        title: "Any n − f VIEWCHANGE messages include one from the n − 2f non-faulty committers",
        statement:
            "For n > 3f ≥ 0, if a set S of n − 2f non-faulty replicas committed m in view v, then every set E of "
            + "n − f VIEWCHANGE senders contains a member of S (indeed at least n − 3f of them), so the "
            + "NEWVIEW's 𝓔 contains a VIEWCHANGE preparing m. The hypothesis n > 3f is needed: at n = 3, "
            + "f = 1 E can miss S.",
        formula:
            "∀ n > 3f ≥ 0, S, E, F ⊆ [n], |S| = n − 2f, S ∩ F = ∅, |E| = n − f, |F| ≤ f: "
            + "|S ∩ E| ≥ n − 3f ≥ 1 ∧ |E ∖ F| ≥ n − 2f",
        source: "tutorial slide \"PBFT: A property of view-changes when n > 3f\" (Theorem, Castro et al.)",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)

        func setting(_ venn: VennRegions) -> [Z3Term<BoolSort>] {
            venn.wellFormed + [
                f >= 0, venn.size(0) == n - 2 * f, venn.size(inside: [0, 2]) == 0, venn.size(1) == n - f,
                venn.size(2) <= f,
            ]
        }
        let venn = VennRegions(["S", "E", "F"], universe: n)
        let theorem = session.prove(
            "theorem", logic: .linearIntegers, hypotheses: setting(venn) + [n > 3 * f],
            claim: venn.size(inside: [0, 1]) >= n - 3 * f && n - 3 * f >= 1
                && venn.size(inside: [1], outside: [2]) >= n - 2 * f)
        var outcome = LemmaOutcome(verdict: LemmaOutcome.combining([theorem]))
        outcome.reason = LemmaOutcome.firstUnknownReason([theorem])
        if case .refuted(let model) = theorem {
            outcome.counterexample = QuorumWitness(venn: venn, model: model, n: n, f: f).description
            return outcome
        }
        guard outcome.verdict == .proved else { return outcome }
        outcome.findings.append(
            "|S ∩ E| ≥ n − 3f ≥ 1 and |E ∖ F| ≥ n − 2f for every n > 3f ≥ 0 (QF_LIA over Venn regions, unsat).")

        let boundary = VennRegions(["S", "E", "F"], universe: n)
        let solver = session.makeSolver()
        solver.assert(setting(boundary) + [f >= 1, n > 2 * f, n <= 3 * f, boundary.size(inside: [0, 1]) == 0])
        switch session.smallestWitness(solver, keys: [("n", n), ("f", f)], id: "needs-n-above-3f", logic: .linearIntegers) {
        case .failure(let unknown):
            outcome.verdict = .unknown
            outcome.reason = unknown.reason
        case .success(nil):
            outcome.findings.append("No set E misses S even for 2f < n ≤ 3f.")
        case .success(let witness?):
            let found = QuorumWitness(venn: boundary, model: witness.model, n: n, f: f)
            let (committed, senders, faulty) = (Set(found.sets[0]), Set(found.sets[1]), Set(found.sets[2]))
            let valid =
                committed.count == found.n - 2 * found.f && senders.count == found.n - found.f
                && faulty.count <= found.f && committed.isDisjoint(with: faulty) && committed.isDisjoint(with: senders)
            guard valid else {
                outcome.verdict = .unknown
                outcome.reason = "Z3's witness failed the independent check: \(found)"
                return outcome
            }
            outcome.findings.append(
                "n > 3f is needed: smallest case where n − f VIEWCHANGEs miss every committer: \(found.description).")
            outcome.witnessLines.append("n − f VIEWCHANGE senders E missing the committers S (needs n ≤ 3f): \(found.description)")
        }
        return outcome
    }
}
