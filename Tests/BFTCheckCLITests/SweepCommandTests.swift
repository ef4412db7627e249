import Foundation
import Testing
import Verification

@testable import BFTCheckCLI

/// `bftcheck sweep`: the table and the counterexamples of the unsafe sizes.
@Suite struct SweepCommandTests {
    @Test func sweepFindsNEqualsThreeFUnsafeAndThreeFPlusOneSafe() throws {
        let output = TestPaths.scratch("sweep")
        let rows = try SweepCommand.parseRange("1...2")
        #expect(rows == [1, 2])
        #expect(try SweepCommand.parseRange("1..<2") == [1])
        #expect(throws: InputError.self) { try SweepCommand.parseRange("2...1") }
        #expect(BFTCheck.execute(["sweep", "pbft", "--f", "1...2", "--extra", "0", "--output", output, "--threads", "2"]) == 0)
        for stem in ["pbft-n3-f1", "pbft-n6-f2"] {
            for suffix in ["json", "txt", "md"] {
                #expect(FileManager.default.fileExists(atPath: "\(output)/\(stem).Agreement.\(suffix)"), "\(stem).\(suffix)")
            }
            #expect(try ReplayCommand.replay("\(output)/\(stem).Agreement.json").violationConfirmed)
        }
        #expect(!FileManager.default.fileExists(atPath: "\(output)/pbft-n4-f1.Agreement.json"))
        #expect(BFTCheck.execute(["sweep", "pbft", "--f", "x"]) == 2)
        #expect(BFTCheck.execute(["sweep", "two-phase-commit"]) == 2)
    }

    @Test func theTableHasOneRowPerSize() throws {
        let output = TestPaths.scratch("sweep-table")
        var rows: [SweepCommand.Row] = []
        for n in 3...4 {
            var config = ModelConfig(path: "t", model: "pbft", parameters: ["replicas": "\(n)", "f": "1", "byzantine": "1"])
            config.sometimes = []
            let overrides = try CheckCommand.parse(["x", "--output", output, "--quiet", "--threads", "1"])
            rows.append(.init(n: n, f: 1, report: try CheckCommand.check(config, overrides: overrides, stem: "t\(n)")))
        }
        let table = SweepCommand.table(rows, model: "pbft", invariant: "all", symmetry: false)
        #expect(table.contains("| 3 | 1 | UNSAFE: UniquePreparedCertificate |"))
        #expect(table.contains("| 4 | 1 | safe |"))
    }
}
