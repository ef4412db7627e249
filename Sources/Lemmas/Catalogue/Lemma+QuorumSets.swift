extension Lemma {
    /// Quorum intersection over concrete sets for every n ≤ 10 (tutorial slide "PBFT: A normal-case
    /// property when n > 3f"; quorum arithmetic derived here from Castro & Liskov, OSDI '99 §4.2): two
    /// quorums of size q and a faulty set of size f with Q1 ∩ Q2 ⊆ F exist exactly when 2q − n ≤ f.
    ///
    /// One QF_LIA query per (n, f, q) with one Boolean per membership (`ReplicaSets`), 2 ≤ n ≤ 10,
    /// 1 ≤ f ≤ ⌊n/2⌋, 1 ≤ q ≤ n. Every satisfiable case's sets are checked without the solver and written
    /// to the counterexample file.
    static let quorumSets = Lemma(
        name: "quorum-sets",
        title: "Over sets, n ≤ 10: quorums of q meet only inside F iff 2q − n ≤ f",
        statement:
            "For every n ≤ 10, 1 ≤ f ≤ ⌊n/2⌋ and quorum size 1 ≤ q ≤ n: there are quorums Q1, Q2 of q "
            + "replicas and a faulty set F of f replicas with Q1 ∩ Q2 ⊆ F exactly when 2q − n ≤ f. "
            + "For q = n − f that is n ≤ 3f.",
        formula: "∃ Q1, Q2, F ⊆ [n]: |Q1| = |Q2| = q, |F| = f, Q1 ∩ Q2 ⊆ F   ⟺   2q − n ≤ f",
        source: "tutorial slide \"PBFT: A normal-case property when n > 3f\"; Castro & Liskov, OSDI '99 §4.2; general q derived here",
        provenance: .tutorial,
        expected: .proved
    ) { session in
        var table = LemmaTable(
            title: "Per (n, f): quorum sizes q for which Q1 ∩ Q2 ⊆ F is satisfiable",
            columns: ["n", "f", "sat for q", "unsat for q", "predicted unsat from", "n − f safe", "agrees"])
        var witnessLines: [String] = []
        var mismatches: [String] = []
        var unknown: String? = nil
        for n in 2...10 {
            for f in 1...(n / 2) {
                var satisfiable: [Int] = []
                var unsatisfiable: [Int] = []
                for q in 1...n {
                    let predictedUnsat = 2 * q - n > f
                    let sets = ReplicaSets(["Q1", "Q2", "F"], replicas: n, in: session.context)
                    let solver = session.makeSolver()
                    solver.assert([sets.hasSize(0, q), sets.hasSize(1, q), sets.hasSize(2, f)])
                    solver.assert(sets.intersection(of: [0, 1], isInside: 2))
                    let id = "n\(pad(n))-f\(pad(f))-q\(pad(q))"
                    switch session.check(
                        solver, id: id, logic: .linearIntegers, expecting: predictedUnsat ? .unsat : .sat)
                    {
                    case .satisfiable(let model):
                        let witness = QuorumWitness(n: n, f: f, names: sets.names, sets: sets.decode(model))
                        satisfiable.append(q)
                        witnessLines.append("q = \(q), \(witness.description)")
                        if predictedUnsat || !witness.isIntersectionInsideFaulty(quorum: q, faultyAtMost: f) {
                            mismatches.append("q = \(q), \(witness.description)")
                        }
                    case .unsatisfiable:
                        unsatisfiable.append(q)
                        if !predictedUnsat { mismatches.append("n = \(n), f = \(f), q = \(q): unsat, predicted sat") }
                    case .unknown(let reason):
                        unknown = unknown ?? "n = \(n), f = \(f), q = \(q): \(reason)"
                    }
                }
                let threshold = (n + f) / 2 + 1
                let agrees = satisfiable.allSatisfy { $0 < threshold } && unsatisfiable.allSatisfy { $0 >= threshold }
                table.rows.append([
                    "\(n)", "\(f)", QuorumSizeRange.render(satisfiable), QuorumSizeRange.render(unsatisfiable),
                    threshold <= n ? "\(threshold)" : "never", unsatisfiable.contains(n - f) ? "yes" : "no",
                    agrees ? "yes" : "NO",
                ])
            }
        }
        var outcome = LemmaOutcome(verdict: .proved, tables: [table], witnessLines: witnessLines)
        if let first = mismatches.first {
            outcome.verdict = .refuted
            outcome.counterexample = first
        } else if let unknown {
            outcome.verdict = .unknown
            outcome.reason = unknown
        } else {
            outcome.findings = [
                "All \(session.queries.count) cases agree with 2q − n > f ⟺ unsat; n − f quorums are safe "
                    + "exactly when n > 3f.",
                "Satisfiable cases list concrete Q1, Q2, F in the counterexample file, each re-checked by set arithmetic.",
            ]
        }
        return outcome
    }
}
