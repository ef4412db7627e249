import Foundation
import Testing

@testable import BFTCheckCLI

/// `bftcheck lemmas` and `bftcheck model throughput`: exit codes, and the real binary's output.
@Suite struct LemmasCommandTests {
    @Test(arguments: [
        ["lemmas", "--n1", "15"],
        ["lemmas", "--only", "no-such-lemma"],
        ["lemmas", "no-such-lemma"],
        ["lemmas", "cluster-sending", "--n1", "4", "--n2", "4", "--f1", "2", "--f2", "1"],
        ["lemmas", "view-change", "--n1", "4", "--n2", "4", "--f1", "1", "--f2", "1"],
        ["lemmas", "--timeout", "0"],
        ["model", "throughput", "--format", "xml"],
        ["model", "throughput", "--from", "1"],
        ["model", "throughput", "--batch-size", "0"],
    ])
    func badUsageExitsWithTwo(arguments: [String]) {
        #expect(BFTCheck.execute(arguments) == 2)
    }

    @Test func selectedLemmasExitZero() {
        let output = LemmasTestPaths.scratch("select")
        #expect(BFTCheck.execute(["lemmas", "--only", "quorum-intersection", "--summary", "--output", output]) == 0)
    }

    @Test(.enabled(if: LemmasTestPaths.executable != nil))
    func binaryChecksTheTutorialExample() throws {
        let work = LemmasTestPaths.scratch("e2e")
        let run = try LemmasTestPaths.run(
            ["lemmas", "cluster-sending", "--n1", "15", "--n2", "5", "--f1", "7", "--f2", "2", "--smtlib", "smt"], in: work)
        #expect(run.status == 0)
        #expect(run.stdout.contains("(15, 5, 7, 2): σ = 14 (q = 2, r = 2), exact minimum 14, naive (f1 + 1)(f2 + 1) = 24"))
        #expect(run.stdout.contains("1 lemma, 2 queries"))
        #expect(FileManager.default.fileExists(atPath: work + "/smt/cluster-sending/n15-n05-f07-f02-below-sigma.smt2"))
        let json = try LemmasTestPaths.run(["lemmas", "--only", "view-change", "--json", "--output", "cx"], in: work)
        #expect(json.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["allAsExpected"] as? Bool == true)
        #expect(FileManager.default.fileExists(atPath: work + "/cx/view-change.txt"))
        let bad = try LemmasTestPaths.run(["lemmas", "--n1", "15", "--n2", "5", "--f1", "8", "--f2", "2"], in: work)
        #expect(bad.status == 2)
        #expect(bad.stderr == "bftcheck: error: --f1 8: needs n1 > 2·f1 (n1 = 15)\n")
    }

    @Test(.enabled(if: LemmasTestPaths.executable != nil))
    func binaryPrintsThroughputAsCSVAndWritesThePlot() throws {
        let work = LemmasTestPaths.scratch("throughput")
        let run = try LemmasTestPaths.run(["model", "throughput", "--format", "csv", "--svg", "plots/throughput.svg"], in: work)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("n,primary-backup,pbft-in-order,"))
        #expect(run.stdout.split(separator: "\n").count == 98)
        let svg = try String(contentsOfFile: work + "/plots/throughput.svg", encoding: .utf8)
        #expect(svg.contains("<polyline id=\"pbft-out-of-order\""))
        let help = try LemmasTestPaths.run(["model", "throughput", "--help"], in: work)
        #expect(help.stdout.contains("β·B / ((n − 1)(β·s_pp + s_p + s_c))"))
    }
}
