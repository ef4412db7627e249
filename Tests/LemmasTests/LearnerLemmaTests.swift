import Testing

@testable import Lemmas

/// Dispersal, Merkle checksums, the learner's and storage bounds, probabilistic cluster-sending.
@Suite struct LearnerLemmaTests {
    @Test func parametricBoundsAreProved() {
        for name in ["dispersal-piece-size", "learner-bounds", "storage-theorem", "cluster-sending-probabilistic", "merkle-checksum"] {
            let report = standardReport(name)
            #expect(report.verdict == .proved, "\(name): \(report.reason ?? report.counterexample ?? "")")
            #expect(report.isAsExpected, "\(name)")
        }
        #expect(standardReport("dispersal-piece-size").queries.map(\.logic) == ["QF_NIA", "QF_NIA", "QF_NIA"])
        #expect(standardReport("cluster-sending-probabilistic").queries.map(\.logic) == ["QF_NRA", "QF_NRA"])
    }

    @Test func workedNumbersMatchTheReference() throws {
        let learner = try #require(standardReport("learner-bounds").tables.first)
        #expect(learner.rows[0] == ["4", "1", "333,334", "96", "333,430", "500,097.0", "1,333,720"])
        #expect(learner.rows[1] == ["7", "2", "200,000", "128", "200,128", "285,843.3", "1,400,896"])
        #expect(learner.rows[2] == ["16", "5", "90,910", "160", "91,070", "125,161.0", "1,457,120"])
        #expect(learner.rows[3] == ["100", "33", "14,926", "256", "15,182", "20,257.0", "1,518,200"])
        #expect(learner.rows[4] == ["100", "49", "19,608", "256", "19,864", "20,257.0", "1,986,400"])
        let storage = try #require(standardReport("storage-theorem").tables.first)
        #expect(storage.rows[0][2] == "17,490,000,000")
        #expect(storage.rows[0][4] == "1,000,000,000,000")
    }

    @Test func merkleChecksumsMatchTheSlide() {
        #expect(MerkleTree(leaves: 8).checksum(of: 5) == ["h4", "h67", "h0123", "h01234567"])
        for (n, hashes, bytes) in [(4, 3, 96), (7, 4, 128), (8, 4, 128), (16, 5, 160), (100, 8, 256)] {
            #expect(MerkleTree(leaves: n).checksum(of: n - 1).count == hashes)
            #expect(DispersalArithmetic.checksumBytes(n: n, hashBytes: 32) == bytes)
        }
        let tree = MerkleTree(leaves: 5)
        #expect(tree.rootRecomputed(from: 4) == tree.node(level: tree.height, block: 0))
        #expect(tree.rootRecomputed(from: 4) != MerkleTree(leaves: 6).node(level: 3, block: 0))
    }

    @Test func probabilisticExpectationsAreExact() throws {
        let table = try #require(standardReport("cluster-sending-probabilistic").tables.first)
        #expect(table.rows.map { $0[4] } == ["16/9", "49/25", "25/9", "9/4", "25/8", "7/3"])
        let run = Lemma.clusterSendingProbabilistic(pairs: [ClusterPair(n1: 100, n2: 100, f1: 33, f2: 33)]).run()
        #expect(run.report.tables.first?.rows.first?[4] == "10000/4489")
    }
}
