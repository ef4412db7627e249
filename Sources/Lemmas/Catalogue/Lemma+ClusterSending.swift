extension Lemma {
    /// The tutorial's two cluster-sending examples (slides "Lower bounds for cluster-sending: Example"
    /// and "An optimal cluster-sending algorithm—visualized"), plus three sizes chosen here.
    public static let clusterSendingExamples: [ClusterPair] = [
        ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2),
        ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1),
        ClusterPair(n1: 13, n2: 4, f1: 6, f2: 1),
        ClusterPair(n1: 20, n2: 7, f1: 9, f2: 3),
        ClusterPair(n1: 10, n2: 10, f1: 3, f2: 3),
    ]

    /// Every pair with n1 ≤ `limit`, n2 ≤ n1 and n > 2f ≥ 0 in both clusters, in lexicographic order.
    public static func clusterSendingGrid(upTo limit: Int = 8) -> [ClusterPair] {
        var pairs: [ClusterPair] = []
        for n1 in 1...limit {
            for n2 in 1...n1 {
                for f1 in 0...((n1 - 1) / 2) {
                    for f2 in 0...((n2 - 1) / 2) { pairs.append(ClusterPair(n1: n1, n2: n2, f1: f1, f2: f2)) }
                }
            }
        }
        return pairs
    }

    /// The crash lower bound of cluster-sending checked exactly (tutorial slides "Lower bounds for
    /// cluster-sending: Results" and "An optimal cluster-sending algorithm (crash failures)"): for each
    /// pair of sizes, no correct plan has σ − 1 messages, and the partitioned bijective plan of σ messages
    /// survives every choice of f1 crashed senders and f2 crashed receivers when σ ≤ max(n1, n2); otherwise
    /// the exact minimum is searched and reported.
    ///
    /// - Parameter pairs: the sizes to check; `nil` checks the tutorial's examples and every pair with
    ///   n1 ≤ 8.
    public static func clusterSending(pairs: [ClusterPair]? = nil) -> Lemma {
        Lemma(
            name: "cluster-sending",
            title: "Crash lower bound σ = q·n2 + r + f2·sgn r, checked exactly",
            statement:
                "For clusters C1 (n1, f1) and C2 (n2, f2) with n1 ≥ n2 (swap otherwise), q = (f1 + 1) div (n2 − f2) and "
                + "r = (f1 + 1) mod (n2 − f2), no plan of fewer than σ = q·n2 + r + f2·sgn r messages survives every "
                + "choice of f1 crashed senders and f2 crashed receivers, and when σ ≤ n1 the partitioned bijective plan "
                + "of exactly σ messages does. The naive protocol sends (f1 + 1)(f2 + 1).",
            formula:
                "min { |E| : E ⊆ C1 × C2, ∀ R ⊆ C2, |R| = n2 − f2: |{s : ∃ (s, t) ∈ E, t ∈ R}| ≥ f1 + 1 } "
                + "= σ when σ ≤ max(n1, n2), ≥ σ always",
            source:
                "tutorial slides \"Lower bounds for cluster-sending: Results\" (Theorem, crash failures) and "
                + "\"An optimal cluster-sending algorithm (crash failures)\"; Hellings & Sadoghi, DISC 2019",
            provenance: .tutorial,
            expected: .proved,
            acceptsClusterSizes: true,
            arguments: ClusterPair.arguments(for: pairs)
        ) { session in
            let checker = ClusterSendingChecker(session: session)
            var cache: [ClusterPair: ClusterSendingResult] = [:]
            func result(_ pair: ClusterPair) -> ClusterSendingResult {
                if let known = cache[pair] { return known }
                let computed = checker.exactMinimum(for: pair, idPrefix: pair.queryID)
                cache[pair] = computed
                return computed
            }
            let groups: [(title: String, pairs: [ClusterPair])] =
                pairs.map { [("Given sizes", $0)] } ?? [
                    ("Tutorial examples (15, 5, 7, 2), (7, 4, 3, 1) and three sizes chosen here", clusterSendingExamples),
                    ("Every n1 ≤ 8, n2 ≤ n1, n > 2f ≥ 0 in both clusters", clusterSendingGrid()),
                ]
            var outcome = LemmaOutcome(verdict: .proved)
            for group in groups {
                var table = LemmaTable(title: group.title, columns: ClusterSendingResult.columns)
                for pair in group.pairs {
                    let checked = result(pair)
                    table.rows.append(checked.row)
                    if group.pairs.count <= clusterSendingExamples.count { outcome.findings.append(checked.sentence) }
                }
                outcome.tables.append(table)
            }
            let all = Array(Set(groups.flatMap(\.pairs))).sorted { $0.queryID < $1.queryID }.map(result)
            ClusterSendingResult.judge(all, into: &outcome)
            return outcome
        }
    }
}
