import Foundation
import Testing

@testable import BFTCheckCLI
@testable import Conformance

/// `bftcheck simulate` and `bftcheck conform` as users run them: exit codes, JSON, determinism.
@Suite struct ConformanceCommandTests {
    @Test func simulateThenConformExitsZeroAndMutantsExitOne() throws {
        let directory = Fixture.scratch("commands")
        let config = Fixture.repo("Traces/configs/pbft-n4-wide.cfg")
        let good = (directory as NSString).appendingPathComponent("good")
        #expect(BFTCheck.execute(["simulate", config, "--seed", "7", "--trace-out", good]) == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: good).sorted()
        #expect(files == ["r0.ndjson", "r1.ndjson", "r2.ndjson", "r3.ndjson"])
        #expect(BFTCheck.execute(["conform"] + files.map { (good as NSString).appendingPathComponent($0) }) == 0)
        for mutation in TraceMutation.allCases {
            let bad = (directory as NSString).appendingPathComponent(mutation.rawValue)
            #expect(
                BFTCheck.execute(["simulate", config, "--seed", "7", "--trace-out", bad, "--merged", "--mutate", mutation.rawValue]) == 0)
            #expect(BFTCheck.execute(["conform", bad]) == 1, "\(mutation.rawValue)")
        }
        #expect(BFTCheck.execute(["simulate", config, "--trace-out", good, "--mutate", "nope"]) == 2)
        #expect(BFTCheck.execute(["simulate", Fixture.repo("Specs/fixtures/lock-mutex.cfg"), "--trace-out", good]) == 2)
    }

    @Test func simulateWritesTheSameBytesForTheSameSeed() throws {
        let directory = Fixture.scratch("determinism")
        let config = Fixture.repo("Traces/configs/pbft-n4-wide.cfg")
        for name in ["a", "b"] {
            #expect(
                BFTCheck.execute([
                    "simulate", config, "--seed", "99", "--walks", "3", "--trace-out", "\(directory)/\(name)", "--itf-out",
                    "\(directory)/\(name)-itf",
                ]) == 0)
        }
        for walk in ["walk-0001", "walk-0002", "walk-0003"] {
            for file in ["r0.ndjson", "r1.ndjson", "r2.ndjson", "r3.ndjson"] {
                let a = FileManager.default.contents(atPath: "\(directory)/a/\(walk)/\(file)")
                #expect(a != nil && a == FileManager.default.contents(atPath: "\(directory)/b/\(walk)/\(file)"))
            }
            #expect(
                FileManager.default.contents(atPath: "\(directory)/a-itf/\(walk).itf.json")
                    == FileManager.default.contents(atPath: "\(directory)/b-itf/\(walk).itf.json"))
        }
        // A directory of runs is one run per subdirectory.
        #expect(try ConformCommand.group(["\(directory)/a"]).count == 3)
        #expect(BFTCheck.execute(["conform", "--quiet", "\(directory)/a"]) == 0)
    }

    @Test func theJSONReportDecodes() throws {
        let directory = Fixture.scratch("json")
        let path = (directory as NSString).appendingPathComponent("r.ndjson")
        try String(contentsOfFile: Fixture.repo("Traces/examples/divergent-commit-quorum.ndjson"), encoding: .utf8).write(
            toFile: path, atomically: true, encoding: .utf8)
        let report = try ConformanceOracle().check(paths: [path])
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(ConformanceReport.self, from: data) == report)
        #expect(report.verdict == "divergent" && report.format == "bftcheck-conformance/1")
        #expect(report.text.hasPrefix("\(path):36: divergence at r3 #8 committed v0 seq 1 req1\n"))
        #expect(BFTCheck.execute(["conform", "--json", path]) == 1)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["BFTCHECK_SKIP_E2E"] == nil && EndToEnd.executable != nil))
    func theBinaryNamesTheDivergenceAndTheMalformedLine() throws {
        let work = Fixture.scratch("binary")
        let simulate = try EndToEnd.run(
            ["simulate", Fixture.repo("Traces/configs/pbft-n4-wide.cfg"), "--seed", "3", "--trace-out", "t"], in: work)
        #expect(simulate.status == 0)
        #expect(simulate.stderr.hasPrefix("simulate: seed 3; reproduce with bftcheck simulate"))
        let conform = try EndToEnd.run(["conform", "t/r0.ndjson", "t/r1.ndjson", "t/r2.ndjson", "t/r3.ndjson"], in: work)
        #expect(conform.status == 0)
        #expect(conform.stdout.hasPrefix("conformant: "))
        let divergent = try EndToEnd.run(["conform", Fixture.repo("Traces/examples/divergent-commit-quorum.ndjson")], in: work)
        #expect(divergent.status == 1)
        #expect(divergent.stdout.contains("nearest miss: COMMIT at seq 1 (v0, req1) after 2 matching COMMITs (r0, r3 itself); quorum is 3"))
        try "{\"format\":\"bftcheck-trace/1\"\n".write(toFile: "\(work)/bad.ndjson", atomically: true, encoding: .utf8)
        let malformed = try EndToEnd.run(["conform", "bad.ndjson"], in: work)
        #expect(malformed.status == 2)
        #expect(
            malformed.stderr
                == "bftcheck: error: bad.ndjson:1: invalid JSON at column 29: unexpected end of the text; expected ',' or '}'\n")
    }
}
