extension Lemma {
    /// The Byzantine sizes checked by default: the tutorial's examples and equal clusters.
    static let byzantineClusterExamples: [ClusterPair] = [
        ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2),
        ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1),
        ClusterPair(n1: 4, n2: 4, f1: 1, f2: 1),
        ClusterPair(n1: 7, n2: 7, f1: 2, f2: 2),
        ClusterPair(n1: 10, n2: 10, f1: 3, f2: 3),
    ]

    /// Byzantine cluster-sending with certificates (derived here from Hellings & Sadoghi's crash bound,
    /// DISC 2019): every crash behaviour is Byzantine, so the crash bound σ carries over, and the
    /// partitioned bijective plan with a certificate of C1's agreement attains it, because one
    /// non-faulty-to-non-faulty delivery suffices. A certificate needs f1 + 1 signatures the non-faulty
    /// replicas can produce alone: n1 > 2f1.
    ///
    /// - Parameter pairs: sizes to check exactly; `nil` uses the tutorial's examples and equal clusters.
    public static func clusterSendingCertified(pairs: [ClusterPair]? = nil) -> Lemma {
        derivedByzantineClusterSending(
            name: "cluster-sending-certified",
            title: "Byzantine, with certificates: the crash bound σ carries over (derived)",
            statement:
                "DERIVED, not quoted from the paper. With C1's agreement certified by f1 + 1 signatures, Byzantine "
                + "cluster-sending needs and achieves the crash bound σ; the certificate exists iff n1 > 2f1, and any "
                + "f1 + 1 signers include a non-faulty replica.",
            formula:
                "n1 − f1 ≥ f1 + 1 ⟺ n1 > 2f1;   ∀ Cert, F: |Cert| = f1 + 1, |F| ≤ f1 ⇒ Cert ∖ F ≠ ∅;   min_Byz = min_crash = σ",
            pairs: pairs
        ) { session in
            let context = session.context
            let n1 = context.constant("n1", IntSort.self)
            let f1 = context.constant("f1", IntSort.self)
            let majority = session.prove(
                "certificate-needs-majority", logic: .linearIntegers, hypotheses: [f1 >= 0],
                claim: (n1 - f1 >= f1 + 1).iff(n1 > 2 * f1))
            let venn = VennRegions(["Cert", "F"], universe: n1)
            let honestSigner = session.prove(
                "certificate-has-honest-signer", logic: .linearIntegers,
                hypotheses: venn.wellFormed + [f1 >= 0, n1 > 2 * f1, venn.size(0) == f1 + 1, venn.size(1) <= f1],
                claim: venn.size(inside: [0], outside: [1]) >= 1)
            var outcome = LemmaOutcome.judging([majority, honestSigner]) { model in
                "n1 = \(model.value(of: n1)), f1 = \(model.value(of: f1))"
            }
            if outcome.counterexample != nil { return outcome }
            outcome.findings.append(
                "A certificate of f1 + 1 signatures is producible by non-faulty replicas alone iff n1 > 2f1, and always contains an honest signer (unsat)."
            )
            let checker = ClusterSendingChecker(session: session)
            var table = LemmaTable(title: pairs == nil ? "Examples" : "Given sizes", columns: ClusterSendingResult.columns)
            var results: [ClusterSendingResult] = []
            for pair in pairs ?? byzantineClusterExamples {
                let checked = checker.exactMinimum(for: pair, idPrefix: pair.queryID)
                results.append(checked)
                table.rows.append(checked.row)
                outcome.findings.append(checked.sentence)
            }
            outcome.tables.append(table)
            if outcome.verdict == .proved { ClusterSendingResult.judge(results, into: &outcome) }
            return outcome
        }
    }

    /// Byzantine cluster-sending without signatures (derived here from Hellings & Sadoghi's crash bound,
    /// DISC 2019; a hypothesis): C2 must receive v from at least f1 + 1 distinct C1 replicas over
    /// non-faulty links, which makes the problem the crash problem with f1 replaced by 2f1; so the minimum
    /// is σ(n1, n2, 2f1, f2), checked exactly here. For equal clusters the bijective plan of 2f1 + f2 + 1
    /// pairs fits iff n > 3f.
    ///
    /// - Parameter pairs: sizes to check exactly; `nil` uses the tutorial's examples and equal clusters.
    public static func clusterSendingUnsigned(pairs: [ClusterPair]? = nil) -> Lemma {
        derivedByzantineClusterSending(
            name: "cluster-sending-unsigned",
            title: "Byzantine, without signatures: the crash problem with f1 → 2f1 (derived)",
            statement:
                "DERIVED, a hypothesis not checked against the paper. Without signatures a plan is correct iff for "
                + "every f1 Byzantine senders and f2 faulty receivers at least f1 + 1 non-faulty senders reach a "
                + "non-faulty receiver, i.e. every n2 − f2 receivers are reached by 2f1 + 1 senders: the crash problem "
                + "for (n1, n2, 2f1, f2), whose minimum is σ(n1, n2, 2f1, f2) when it fits. Equal clusters fit the "
                + "bijective plan of 2f1 + f2 + 1 pairs iff n > 3f.",
            formula:
                "min_unsigned(n1, n2, f1, f2) = min_crash(n1, n2, 2f1, f2) ≥ σ(n1, n2, 2f1, f2);   "
                + "f1 = f2 = f: 3f + 1 ≤ n ⟺ n > 3f",
            pairs: pairs
        ) { session in
            let context = session.context
            let n = context.constant("n", IntSort.self)
            let f = context.constant("f", IntSort.self)
            let fits = session.prove(
                "equal-clusters-bijective-fits", logic: .linearIntegers, hypotheses: [f >= 0],
                claim: (2 * f + f + 1 <= n).iff(n > 3 * f))
            var outcome = LemmaOutcome.judging([fits]) { model in "n = \(model.value(of: n)), f = \(model.value(of: f))" }
            if outcome.counterexample != nil { return outcome }
            outcome.findings.append("Equal clusters: 2f + f + 1 pairs fit into n replicas iff n > 3f (unsat).")
            let checker = ClusterSendingChecker(session: session)
            var table = LemmaTable(
                title: pairs == nil ? "Examples (σ' = σ(n1, n2, 2f1, f2))" : "Given sizes (σ' = σ(n1, n2, 2f1, f2))",
                columns: ["n1", "n2", "f1", "f2", "crash σ", "σ'", "exact min", "naive (2f1+1)(f2+1)", "check"])
            var results: [ClusterSendingResult] = []
            for pair in pairs ?? byzantineClusterExamples {
                let doubled = ClusterPair(n1: pair.n1, n2: pair.n2, f1: 2 * pair.f1, f2: pair.f2)
                let checked = checker.exactMinimum(for: doubled, idPrefix: pair.queryID + "-doubled")
                results.append(checked)
                table.rows.append(
                    [
                        "\(pair.n1)", "\(pair.n2)", "\(pair.f1)", "\(pair.f2)", "\(pair.crashBound.sigma)", "\(checked.bound.sigma)",
                        checked.minimum.map(String.init) ?? "?", "\(doubled.naiveMessages)", checked.note,
                    ])
                var sentence =
                    "\(pair) without signatures = crash problem \(doubled): σ' = \(checked.bound.sigma)"
                    + (checked.minimum.map { ", exact minimum \($0)" } ?? "")
                    + " (crash σ = \(pair.crashBound.sigma), naive (2f1 + 1)(f2 + 1) = \(doubled.naiveMessages))"
                if checked.confirmsBound && !checked.bound.fitsLargerCluster {
                    sentence +=
                        "; σ' > max(n1, n2) = \(max(pair.n1, pair.n2)), not tight: \(checked.bound.sigma) … \(checked.minimum! - 1) messages impossible (unsat)."
                } else if checked.confirmsBound {
                    sentence +=
                        "; \(checked.bound.sigma - 1) messages impossible (unsat), the partitioned bijective plan of \(checked.bound.sigma) survives (unsat)."
                } else {
                    sentence += ": " + checked.note
                }
                outcome.findings.append(sentence)
            }
            outcome.tables.append(table)
            if outcome.verdict == .proved { ClusterSendingResult.judge(results, into: &outcome) }
            return outcome
        }
    }

    /// A Byzantine cluster-sending lemma derived from the tutorial's crash theorem: expected to be
    /// proved, accepting cluster sizes (`pairs`) on the command line.
    private static func derivedByzantineClusterSending(
        name: String, title: String, statement: String, formula: String, pairs: [ClusterPair]?,
        body: @escaping @Sendable (LemmaSession) -> LemmaOutcome
    ) -> Lemma {
        Lemma(
            name: name, title: title, statement: statement, formula: formula,
            source:
                "derived here from the crash theorem of Hellings & Sadoghi, DISC 2019 "
                + "(tutorial slide \"Lower bounds for cluster-sending: Results\")",
            provenance: .derived, expected: .proved, acceptsClusterSizes: true, arguments: ClusterPair.arguments(for: pairs),
            body: body)
    }
}
