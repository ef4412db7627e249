extension Lemma {
    /// Probabilistic cluster-sending (tutorial slide "Cluster-sending: Can we do better", optimistic
    /// results; Hellings & Sadoghi, arXiv 2108.08541): with a random sender and a random receiver per
    /// attempt, success has probability (nf1/n1)(nf2/n2) and the expected number of attempts is
    /// E = n1·n2 / ((n1 − f1)(n2 − f2)), below 4 when n > 2f and below 9/4 when n > 3f in both clusters.
    /// Proved over the reals (QF_NRA); the examples are exact fractions.
    ///
    /// - Parameter pairs: sizes whose E is reported; `nil` uses the seed's examples.
    public static func clusterSendingProbabilistic(pairs: [ClusterPair]? = nil) -> Lemma {
        Lemma(
            name: "cluster-sending-probabilistic",
            title: "Random sender and receiver: expected attempts < 4 (n > 2f), < 9/4 (n > 3f)",
            statement:
                "Choosing a sender of C1 and a receiver of C2 uniformly at random per attempt, the expected number of "
                + "attempts until both are non-faulty is E = n1·n2 / ((n1 − f1)(n2 − f2)); for all reals with n > 2f ≥ 0 in "
                + "both clusters E < 4, and with n > 3f ≥ 0 E < 9/4.",
            formula:
                "E·(n1 − f1)(n2 − f2) = n1·n2;   n1 > 2f1 ∧ n2 > 2f2 ⇒ E < 4;   n1 > 3f1 ∧ n2 > 3f2 ⇒ E < 9/4",
            source:
                "tutorial slide \"Cluster-sending: Can we do better\" (optimistic: expected constant communication); "
                + "Hellings & Sadoghi, arXiv 2108.08541",
            provenance: .tutorial,
            expected: .proved,
            acceptsClusterSizes: true,
            arguments: ClusterPair.arguments(for: pairs)
        ) { session in
            let context = session.context
            let (n1, f1, n2, f2, e) = (
                context.constant("n1", RealSort.self), context.constant("f1", RealSort.self),
                context.constant("n2", RealSort.self), context.constant("f2", RealSort.self),
                context.constant("E", RealSort.self)
            )
            func bound(_ id: String, resilience: Int, limit: Z3Term<RealSort>) -> ClaimCheck {
                session.prove(
                    id, logic: .nonlinearReals,
                    hypotheses: [
                        f1 >= 0, f2 >= 0, n1 > resilience * f1, n2 > resilience * f2,
                        e * ((n1 - f1) * (n2 - f2)) == n1 * n2,
                    ],
                    claim: e < limit)
            }
            let checks = [
                bound("below-4-when-n-above-2f", resilience: 2, limit: context.numeral(4, RealSort.self)),
                bound("below-9-4-when-n-above-3f", resilience: 3, limit: context.real(9, over: 4)),
            ]
            var outcome = LemmaOutcome.judging(checks) { model in
                "n1 = \(model.value(of: n1)), f1 = \(model.value(of: f1)), n2 = \(model.value(of: n2)), f2 = \(model.value(of: f2)), E = \(model.value(of: e))"
            }
            if outcome.counterexample != nil { return outcome }
            let examples =
                pairs ?? [
                    ClusterPair(n1: 4, n2: 4, f1: 1, f2: 1), ClusterPair(n1: 7, n2: 7, f1: 2, f2: 2),
                    ClusterPair(n1: 5, n2: 5, f1: 2, f2: 2), ClusterPair(n1: 3, n2: 3, f1: 1, f2: 1),
                    ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2), ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1),
                ]
            var table = LemmaTable(title: "Exact expectations", columns: ["n1", "n2", "f1", "f2", "E", "≈", "bound"])
            for pair in examples {
                let expectation = Fraction(pair.n1 * pair.n2, (pair.n1 - pair.f1) * (pair.n2 - pair.f2))
                let byzantine = pair.n1 > 3 * pair.f1 && pair.n2 > 3 * pair.f2
                let limit = byzantine ? Fraction(9, 4) : Fraction(4)
                let within = expectation < limit
                if !within && (pair.n1 > 2 * pair.f1 && pair.n2 > 2 * pair.f2) {
                    outcome.verdict = .refuted
                    outcome.counterexample = "\(pair): E = \(expectation) ≥ \(limit)"
                }
                table.rows.append([
                    "\(pair.n1)", "\(pair.n2)", "\(pair.f1)", "\(pair.f2)", "\(expectation)", expectation.decimal(digits: 3),
                    (within ? "< " : "≥ ") + "\(limit)" + (byzantine ? " (n > 3f)" : " (n > 2f)"),
                ])
            }
            outcome.tables = [table]
            if outcome.verdict == .proved {
                outcome.findings = [
                    "E < 4 for all reals with n > 2f ≥ 0 in both clusters, and E < 9/4 with n > 3f ≥ 0 (QF_NRA, unsat)."
                ]
            }
            return outcome
        }
    }
}
