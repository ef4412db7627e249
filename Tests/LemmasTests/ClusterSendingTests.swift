import Testing

@testable import Lemmas

/// The cluster-sending lower bound: the formula, the exact check, and a brute force that does not use
/// Z3 to check the checker.
@Suite struct ClusterSendingTests {
    @Test(arguments: [
        (ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2), 2, 2, 14, 24),
        (ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1), 1, 1, 6, 8),
        (ClusterPair(n1: 13, n2: 4, f1: 6, f2: 1), 2, 1, 10, 14),
        (ClusterPair(n1: 20, n2: 7, f1: 9, f2: 3), 2, 2, 19, 40),
        (ClusterPair(n1: 4, n2: 4, f1: 1, f2: 1), 0, 2, 3, 4),
        (ClusterPair(n1: 3, n2: 3, f1: 1, f2: 1), 1, 0, 3, 4),
        (ClusterPair(n1: 10, n2: 10, f1: 3, f2: 3), 0, 4, 7, 16),
        (ClusterPair(n1: 5, n2: 15, f1: 2, f2: 7), 2, 2, 14, 24),
    ])
    func formulaMatchesTheTutorialAndTheReference(pair: ClusterPair, q: Int, r: Int, sigma: Int, naive: Int) {
        let bound = pair.crashBound
        #expect(bound.q == q && bound.r == r && bound.sigma == sigma)
        #expect(pair.naiveMessages == naive)
        #expect(bound.swapped == (pair.n1 < pair.n2))
    }

    @Test func tutorialExamplesAreExact() throws {
        let report = standardReport("cluster-sending")
        #expect(report.verdict == .proved && report.isAsExpected)
        let examples = try #require(report.tables.first)
        let byPair = Dictionary(uniqueKeysWithValues: examples.rows.map { ($0[0..<4].joined(separator: ","), $0) })
        #expect(byPair["15,5,7,2"]?[6] == "14" && byPair["15,5,7,2"]?[7] == "14" && byPair["15,5,7,2"]?[8] == "24")
        #expect(byPair["7,4,3,1"]?[6] == "6" && byPair["7,4,3,1"]?[7] == "6" && byPair["7,4,3,1"]?[8] == "8")
        #expect(report.queries.contains { $0.id == "n15-n05-f07-f02-below-sigma" && $0.outcome == .unsat })
        #expect(report.queries.contains { $0.id == "n15-n05-f07-f02-pbs-survives" && $0.outcome == .unsat })
        #expect(report.findings.contains { $0.hasPrefix("(15, 5, 7, 2): σ = 14") && $0.contains("= 24") })
    }

    @Test func gridCoversEveryPairUpToEightAndFlagsTheOneWhereSigmaExceedsMax() throws {
        let report = standardReport("cluster-sending")
        let grid = try #require(report.tables.last)
        #expect(grid.rows.count == Lemma.clusterSendingGrid().count)
        #expect(grid.rows.count == 230)
        for row in grid.rows {
            let pair = ClusterPair(n1: Int(row[0])!, n2: Int(row[1])!, f1: Int(row[2])!, f2: Int(row[3])!)
            #expect(pair.n2 <= pair.n1 && pair.n1 <= 8 && pair.n1 > 2 * pair.f1 && pair.n2 > 2 * pair.f2)
            #expect(Int(row[6]) == pair.crashBound.sigma)
            #expect(Int(row[7])! >= pair.crashBound.sigma)
            if pair.crashBound.fitsLargerCluster { #expect(Int(row[7]) == pair.crashBound.sigma) }
        }
        let beyond = grid.rows.filter { $0[9].hasPrefix("σ > max") }
        #expect(beyond.map { $0[0..<4].joined(separator: ",") } == ["7,5,3,2"])
        #expect(beyond.first?[7] == "8")
    }

    /// The least number of edges of a correct plan, by enumerating every edge set (no Z3).
    static func bruteForceMinimum(_ pair: ClusterPair) -> Int {
        let edges = pair.n1 * pair.n2
        var best = Int.max
        let survivorSets = subsets(of: pair.n2, size: pair.n2 - pair.f2)
        for mask in 0..<(1 << edges) where mask.nonzeroBitCount < best {
            let correct = survivorSets.allSatisfy { survivors in
                let reaching = (0..<pair.n1).filter { sender in
                    survivors.contains { mask & (1 << (sender * pair.n2 + $0)) != 0 }
                }
                return reaching.count >= pair.f1 + 1
            }
            if correct { best = mask.nonzeroBitCount }
        }
        return best
    }

    @Test func exactMinimumAgreesWithBruteForceOnSmallClusters() {
        let session = LemmaSession(lemmaName: "brute-force", options: LemmaRunOptions())
        let checker = ClusterSendingChecker(session: session)
        var checked = 0
        for n1 in 1...4 {
            for n2 in 1...3 where n1 * n2 <= 12 {
                for f1 in 0..<n1 {
                    for f2 in 0..<n2 {
                        let pair = ClusterPair(n1: n1, n2: n2, f1: f1, f2: f2)
                        let result = checker.exactMinimum(for: pair, idPrefix: pair.queryID)
                        #expect(result.minimum == Self.bruteForceMinimum(pair), "\(pair)")
                        #expect(result.lowerBoundHolds == true, "\(pair)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 40)
    }

    @Test func singleEdgeRelaxationHasOptimumSigma() {
        // The lower bound rests on the relaxation: it must refute σ − 1 and admit σ, for every pair.
        let session = LemmaSession(lemmaName: "relaxation", options: LemmaRunOptions())
        let checker = ClusterSendingChecker(session: session)
        for pair in Lemma.clusterSendingGrid(upTo: 6) + Lemma.clusterSendingExamples {
            let sigma = pair.crashBound.sigma
            #expect(
                checker.singleEdgeRelaxation(within: sigma - 1, for: pair, id: "\(pair.queryID)-below", expecting: .unsat).outcome == .unsat
            )
            #expect(checker.singleEdgeRelaxation(within: sigma, for: pair, id: "\(pair.queryID)-at", expecting: .sat).outcome == .sat)
        }
    }

    @Test func formulaIsNotTightForThreeThreeTwoOne() {
        // σ = 5 > max(n1, n2) = 3: the exact minimum is 6 (checked here; the optimal protocol needs n1 ≥ σ).
        let pair = ClusterPair(n1: 3, n2: 3, f1: 2, f2: 1)
        let session = LemmaSession(lemmaName: "not-tight", options: LemmaRunOptions())
        let result = ClusterSendingChecker(session: session).exactMinimum(for: pair, idPrefix: "case")
        #expect(result.bound.sigma == 5)
        #expect(!result.bound.fitsLargerCluster)
        #expect(result.minimum == 6)
        #expect(result.confirmsBound)
        #expect(session.queries.map(\.id) == ["case-below-sigma", "case-within-005", "case-within-006", "case-minimal-plan-survives"])
    }

    @Test(arguments: [
        ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2), ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1), ClusterPair(n1: 4, n2: 7, f1: 1, f2: 3),
    ])
    func partitionedPlanSurvivesEveryCrashChoiceByEnumeration(pair: ClusterPair) throws {
        let plan = try #require(SendingPlan.partitionedBijective(for: pair))
        #expect(plan.messages == pair.crashBound.sigma)
        for senders in subsets(of: pair.n1, size: pair.f1) {
            for receivers in subsets(of: pair.n2, size: pair.f2) {
                #expect(!plan.isSilenced(crashing: senders, and: receivers))
            }
        }
        // One message fewer is always silenced somewhere: drop any edge and search.
        var weaker = plan
        weaker.edges.removeLast()
        let silenced = subsets(of: pair.n1, size: pair.f1).contains { senders in
            subsets(of: pair.n2, size: pair.f2).contains { weaker.isSilenced(crashing: senders, and: $0) }
        }
        #expect(silenced)
    }

    @Test func byzantineVariantsAreDerivedAndChecked() throws {
        let certified = standardReport("cluster-sending-certified")
        #expect(certified.provenance == .derived && certified.verdict == .proved)
        #expect(certified.findings.contains { $0.hasPrefix("(15, 5, 7, 2): σ = 14") })
        let unsigned = standardReport("cluster-sending-unsigned")
        #expect(unsigned.provenance == .derived && unsigned.verdict == .proved)
        let table = try #require(unsigned.tables.first)
        let byPair = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0..<4].joined(separator: ","), $0) })
        #expect(byPair["10,10,3,3"]?[5] == "10" && byPair["10,10,3,3"]?[6] == "10")
        #expect(byPair["7,7,2,2"]?[5] == "7" && byPair["7,7,2,2"]?[6] == "7")
        #expect(byPair["15,5,7,2"]?[5] == "25" && byPair["15,5,7,2"]?[6] == "45")
        #expect(byPair["7,4,3,1"]?[6] == "14")
    }

    @Test func givenSizesAreValidated() {
        #expect(ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2).validationProblem() == nil)
        #expect(ClusterPair(n1: 14, n2: 5, f1: 7, f2: 2).validationProblem() == "--f1 7: needs n1 > 2·f1 (n1 = 14)")
        #expect(ClusterPair(n1: 15, n2: 0, f1: 7, f2: 0).validationProblem() == "--n2 0: a cluster needs at least one replica")
        #expect(ClusterPair(n1: 40, n2: 30, f1: 1, f2: 1).validationProblem()?.hasPrefix("--n1 40 --n2 30") == true)
    }
}
