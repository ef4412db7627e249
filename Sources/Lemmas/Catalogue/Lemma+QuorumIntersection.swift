extension Lemma {
    /// Quorum intersection for all n and f (tutorial slide "PBFT: A normal-case property when n > 3f",
    /// Theorem of Castro et al.): two quorums of n − f replicas share at least f + 1 replicas, so at
    /// least one non-faulty one, whenever n > 3f.
    ///
    /// Decided by two QF_LIA queries: the arithmetic 2(n − f) − n ≥ f + 1, and the set statement in the
    /// exact Venn-region encoding (`VennRegions`) of Q1, Q2 and the faulty set F, for all n and f at once.
    static let quorumIntersection = Lemma(
        name: "quorum-intersection",
        title: "Two quorums of n − f share a non-faulty replica when n > 3f",
        statement:
            "For all integers n, f ≥ 0 with n > 3f, any two quorums Q1, Q2 of n − f replicas share at least "
            + "f + 1 replicas, so at least one non-faulty replica whatever the faulty set F (|F| ≤ f).",
        formula:
            "∀ n > 3f ≥ 0, Q1, Q2, F ⊆ [n], |Q1| = |Q2| = n − f, |F| ≤ f: "
            + "|Q1 ∩ Q2| ≥ 2(n − f) − n ≥ f + 1 ∧ (Q1 ∩ Q2) ∖ F ≠ ∅",
        source: "tutorial slide \"PBFT: A normal-case property when n > 3f\" (Theorem, Castro et al.)",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)
        let arithmetic = session.prove(
            "arithmetic", logic: .linearIntegers, hypotheses: [f >= 0, n > 3 * f],
            claim: 2 * (n - f) - n >= f + 1)
        let venn = VennRegions(["Q1", "Q2", "F"], universe: n)
        let sets = session.prove(
            "sets", logic: .linearIntegers,
            hypotheses: venn.wellFormed + [f >= 0, n > 3 * f, venn.size(0) == n - f, venn.size(1) == n - f, venn.size(2) <= f],
            claim: venn.size(inside: [0, 1]) >= f + 1 && venn.size(inside: [0, 1], outside: [2]) >= 1)
        var outcome = LemmaOutcome(verdict: LemmaOutcome.combining([arithmetic, sets]))
        outcome.reason = LemmaOutcome.firstUnknownReason([arithmetic, sets])
        if case .refuted(let model) = sets {
            outcome.counterexample = QuorumWitness(venn: venn, model: model, n: n, f: f).description
        } else if case .refuted(let model) = arithmetic {
            outcome.counterexample = "n = \(model.value(of: n)), f = \(model.value(of: f))"
        }
        if outcome.verdict == .proved {
            outcome.findings = [
                "2(n − f) − n ≥ f + 1 for every n > 3f ≥ 0 (QF_LIA, unsat).",
                "Over sets (exact Venn-region encoding, all n and f at once): |Q1 ∩ Q2| ≥ f + 1 and Q1 ∩ Q2 ⊄ F.",
            ]
        }
        return outcome
    }

    /// The tutorial's form of the normal-case argument (slide "PBFT: A normal-case property when n > 3f",
    /// proof): 2(n − 2f) ≤ n − f ⟺ 2n − 4f ≤ n − f ⟺ n ≤ 3f, for all integers n and f.
    static let quorumIntersectionTutorialForm = Lemma(
        name: "quorum-intersection-tutorial-form",
        title: "The slide's inequality: 2(n − 2f) ≤ n − f iff n ≤ 3f",
        statement:
            "Two disjoint sets of at least n − 2f non-faulty replicas fit among the n − f non-faulty ones "
            + "exactly when n ≤ 3f; so for n > 3f two commits of different transactions are impossible.",
        formula: "∀ n, f ∈ ℤ: 2(n − 2f) ≤ n − f ⟺ 2n − 4f ≤ n − f ⟺ n ≤ 3f",
        source: "tutorial slide \"PBFT: A normal-case property when n > 3f\" (proof)",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        let context = session.context
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)
        let first = (2 * (n - 2 * f) <= n - f).iff(2 * n - 4 * f <= n - f)
        let second = (2 * n - 4 * f <= n - f).iff(n <= 3 * f)
        let check = session.prove(
            "equivalences", logic: .linearIntegers, hypotheses: [], claim: first && second)
        var outcome = LemmaOutcome(verdict: LemmaOutcome.combining([check]))
        outcome.reason = LemmaOutcome.firstUnknownReason([check])
        if case .refuted(let model) = check {
            outcome.counterexample = "n = \(model.value(of: n)), f = \(model.value(of: f))"
        } else if outcome.verdict == .proved {
            outcome.findings = ["Both equivalences hold for all integers (QF_LIA, unsat)."]
        }
        return outcome
    }

    /// The deliberately false companion of `quorumIntersection`: drop n > 3f (keep 2f < n ≤ 3f, f ≥ 1)
    /// and the statement fails; the smallest counterexample is n = 3, f = 1 (tutorial slide "Theory on
    /// consensus: Summary": "dealing with f malicious failures requires n > 3f").
    ///
    /// Expected verdict: refuted. The smallest counterexample is found by descent with unsat minimality
    /// certificates and its concrete sets are checked without the solver.
    static let quorumIntersectionBelow3f = Lemma(
        name: "quorum-intersection-below-3f",
        title: "Without n > 3f, quorums of n − f can meet only in faulty replicas",
        statement:
            "Claim under test (false on purpose): for f ≥ 1 and 2f < n ≤ 3f, two quorums of n − f replicas "
            + "still share a non-faulty replica. Expected: refuted, smallest counterexample n = 3, f = 1.",
        formula: "∀ f ≥ 1, 2f < n ≤ 3f, |Q1| = |Q2| = n − f, |F| ≤ f: (Q1 ∩ Q2) ∖ F ≠ ∅   (expected false)",
        source: "tutorial slide \"Theory on consensus: Summary\" (n > 3f is required)",
        provenance: .tutorial,
        expected: .refuted
    ) { session in
        let context = session.context
        let n = context.constant("n", IntSort.self)
        let f = context.constant("f", IntSort.self)
        let venn = VennRegions(["Q1", "Q2", "F"], universe: n)
        let solver = session.makeSolver()
        solver.assert(venn.wellFormed)
        solver.assert([f >= 1, n > 2 * f, n <= 3 * f, venn.size(0) == n - f, venn.size(1) == n - f, venn.size(2) <= f])
        solver.assert(venn.size(inside: [0, 1], outside: [2]) == 0)
        switch session.smallestWitness(
            solver, keys: [("n", n), ("f", f)], id: "counterexample", logic: .linearIntegers)
        {
        case .failure(let unknown):
            return LemmaOutcome(verdict: .unknown, reason: unknown.reason)
        case .success(nil):
            return LemmaOutcome(
                verdict: .proved,
                findings: ["No counterexample exists: quorums of n − f intersect outside F even for n ≤ 3f."])
        case .success(let witness?):
            let found = QuorumWitness(venn: venn, model: witness.model, n: n, f: f)
            guard found.isIntersectionInsideFaulty(quorum: found.n - found.f, faultyAtMost: found.f) else {
                return LemmaOutcome(
                    verdict: .unknown, reason: "Z3's counterexample failed the independent check: \(found)")
            }
            return LemmaOutcome(
                verdict: .refuted, counterexample: found.description,
                findings: [
                    "Smallest counterexample (n first, then f): n = \(found.n), f = \(found.f); no counterexample "
                        + "has a smaller n (unsat certificate `counterexample-n-below-\(found.n)`).",
                    "Quorum size n − f = \(found.n - found.f); the whole intersection lies in F, so two quorums "
                        + "can be formed with no non-faulty replica in common.",
                ],
                witnessLines: ["smallest counterexample: \(found.description)"])
        }
    }
}
