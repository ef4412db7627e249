import Foundation
import Testing
import Verification

@testable import BFTCheckCLI

/// `bftcheck test`: random schedules of the spec configs, shrunk counterexamples that replay, the
/// same seed giving the same bytes, coverage, and bad input as exit 2.
@Suite(.serialized) struct TestCommandTests {
    /// Runs `bftcheck test` in process with `arguments` after the config (and `--quiet`).
    func report(_ config: String, _ arguments: [String]) throws -> TestReport {
        let command = try TestCommand.parse([TestPaths.repo(config), "--quiet"] + arguments)
        return try TestCommand.test(try ModelConfig.load(TestPaths.repo(config)), flags: command)
    }

    /// The one error line and exit status of `bftcheck test …`.
    func rejection(_ arguments: [String]) -> (status: Int32, line: String?) {
        var line: String? = nil
        let status = BFTCheck.execute(["test"] + arguments + ["--quiet"]) { line = $0 }
        return (status, line)
    }

    @Test(arguments: [
        ("Specs/pbft/n3-f1-unsafe.cfg", 6), ("Specs/pbft/mutant-quorum-2f1-n5.cfg", 10),
        ("Specs/pbft/mutant-viewchange-without-certificates.cfg", 12), ("Specs/broadcast/n3-f1-unsafe.cfg", 6),
    ])
    func anUnsafeConfigFailsAndShrinksToAReplayableCounterexample(config: String, checkerDepth: Int) throws {
        let output = TestPaths.scratch("unsafe-\((config as NSString).lastPathComponent)")
        let report = try report(config, ["--runs", "300", "--seed", "5", "--output", output])
        let failure = try #require(report.failure, "\(config): no failure in 300 runs")
        #expect(report.exitCode == 1 && report.outcome == "failed")
        #expect(failure.shrunkSteps <= failure.originalSteps)
        // The checker's shortest counterexample, plus a little slack (here it is met exactly).
        #expect(failure.shrunkSteps >= checkerDepth && failure.shrunkSteps <= checkerDepth + 2)
        #expect(failure.actions.count == failure.shrunkSteps)
        #expect(failure.files.count == 2 && failure.files[0].hasSuffix(".test.json") && failure.files[1].hasSuffix(".test.txt"))
        let replay = try ReplayCommand.replay(failure.files[0])
        #expect(replay.violationConfirmed && replay.steps == failure.shrunkSteps && replay.property == failure.property)
        #expect(BFTCheck.execute(["replay", failure.files[0]]) == 1)
        // The failing walk alone, from the seed the report names, fails the same way.
        let alone = try self.report(config, ["--runs", "1", "--seed", "\(failure.runSeed)", "--output", output])
        #expect(alone.failure?.originalSteps == failure.originalSteps && alone.failure?.actions == failure.actions)
    }

    /// A failure's exploration bounds are lowered while the same property still fails: the lock's
    /// race needs two processes, not three; the amplifying broadcast variant breaks Validity with
    /// one value. The counterexample records the smaller instance and replays on it.
    @Test(arguments: [
        ("Specs/fixtures/lock-mutex-bug.cfg", "processes", "3", "2"), ("Specs/broadcast/variant-amplify-on-f.cfg", "values", "2", "1"),
    ])
    func theBoundsOfAFailureShrinkToTheSmallestFailingInstance(config: String, parameter: String, from: String, to: String) throws {
        let output = TestPaths.scratch("shrink-bounds-\(parameter)")
        let report = try report(config, ["--runs", "100", "--seed", "1", "--output", output])
        let failure = try #require(report.failure, "\(config): no failure")
        #expect(report.shrunkParameters == [TestReport.ParameterChange(name: parameter, from: from, to: to)], "\(report.text)")
        #expect(report.text.contains("smallest failing bounds: \(parameter) = \(to) (config: \(from))"), "\(report.text)")
        let document = try String(contentsOfFile: failure.files[0], encoding: .utf8)
        #expect(document.contains("\"\(parameter)\" : \"\(to)\""), "\(document)")
        let replay = try ReplayCommand.replay(failure.files[0])
        #expect(replay.violationConfirmed && replay.steps == failure.shrunkSteps && replay.property == failure.property)
        // Without shrinking, the config's own bounds.
        let unshrunk = try self.report(config, ["--runs", "100", "--seed", "1", "--output", output, "--no-shrink"])
        #expect(unshrunk.failure != nil && unshrunk.shrunkParameters.isEmpty)
    }

    @Test func theSameSeedGivesByteIdenticalReportsAndFiles() throws {
        var texts: [String] = []
        var jsons: [Data] = []
        var files: [Data] = []
        let output = TestPaths.scratch("identical")
        for _ in 0..<2 {
            let report = try report(
                "Specs/pbft/mutant-newview-small-quorum.cfg", ["--runs", "300", "--seed", "17", "--strategy", "pct", "--output", output])
            texts.append(report.text)
            jsons.append(try CanonicalJSON.encode(report))
            for file in report.failure?.files ?? [] { files.append(try #require(FileManager.default.contents(atPath: file))) }
        }
        #expect(texts[0] == texts[1] && jsons[0] == jsons[1])
        #expect(files.count == 4 && files[0] == files[2] && files[1] == files[3])
        #expect(texts[0].contains("seed 17"))
        let other = try report(
            "Specs/pbft/mutant-newview-small-quorum.cfg", ["--runs", "300", "--seed", "18", "--strategy", "pct", "--output", output])
        #expect(other.text != texts[0])
    }

    @Test func aSafeConfigPassesItsRunsAndReportsCoverage() throws {
        let report = try report("Specs/pbft/n4-f1-checkpoints-view-change.cfg", ["--runs", "40", "--seed", "3", "--depth", "60"])
        #expect(report.failure == nil && report.exitCode == 0 && report.runs == 40 && report.outcome == "passed")
        let kinds = report.coverage.kinds.map(\.name)
        #expect(
            kinds == ["propose", "acceptPrePrepare", "prepare", "commit", "stabilizeCheckpoint", "timeout", "sendNewView", "acceptNewView"])
        #expect(report.coverage.kinds.reduce(0) { $0 + $1.fired } == report.steps)
        #expect(report.coverage.maxDepth <= 60)
        #expect(report.text.contains("passed: no invariant violated in 40 runs"))
        // The message-passing layer reports why guards refused.
        let broadcast = try self.report("Specs/broadcast/n4-f1-byzantine-sender.cfg", ["--runs", "20", "--seed", "1"])
        #expect(broadcast.coverage.reportsGuardOutcomes && broadcast.coverage.kinds.contains { !$0.refused.isEmpty })
        #expect(broadcast.coverage.kinds[0].excludedBecause != nil)
        // Until covered: stop at the first walk after which every kind the config allows has fired.
        let covered = try self.report(
            "Specs/pbft/n4-f1-checkpoints-view-change.cfg", ["--runs", "500", "--seed", "3", "--target", "timeout", "--until-covered"])
        #expect(covered.covered && covered.runs < 500 && covered.coverage.unfiredKinds.isEmpty)
    }

    @Test func badInputIsOneLineAndExitTwo() {
        let config = TestPaths.repo("Specs/pbft/n3-f1-unsafe.cfg")
        let cases: [([String], String)] = [
            ([config, "--strategy", "bogus"], "--strategy: expected uniform, pct or targeted, got 'bogus'"),
            ([config, "--target", "nothing-like-it"], "--target: no action kind of model 'pbft' contains 'nothing-like-it'"),
            ([config, "--runs", "0"], "--runs: expected an integer in 1...1000000000, got 0"),
            ([config, "--depth", "-1"], "--depth: expected an integer in 1...10000000, got -1"),
            ([config, "--change-points", "2"], "--change-points: needs --strategy pct"),
            ([config, "--strategy", "targeted"], "--target: --strategy targeted needs a pattern"),
            ([config, "--weight", "0", "--target", "commit"], "--weight: expected an integer in 1...1000000, got 0"),
            (["/nonexistent/x.cfg"], "/nonexistent/x.cfg: no such config file"),
        ]
        for (arguments, expected) in cases {
            let (status, line) = rejection(arguments)
            #expect(status == 2, "\(arguments)")
            #expect(line?.contains(expected) == true, "\(arguments): \(line ?? "no line")")
            #expect(line?.contains("\n") == false)
        }
    }

    @Test(arguments: [
        ("--runs", [String]()), ("--depth", []), ("--seed", []), ("--shrink-budget", []),
        ("--change-points", ["--strategy", "pct"]), ("--weight", ["--target", "reset"]),
    ])
    func numericFlagsTakeBoundaryValuesWithOneLineNamingTheFlag(flag: String, context: [String]) {
        let config = TestPaths.repo("Specs/fixtures/counters-4x6.cfg")
        let output = TestPaths.scratch("boundaries-\(flag.dropFirst(2))")
        let values = [
            "0", "-1", "1", "2", "\(Int.max)", "\(Int.min)", "18446744073709551616", "1e308", "-inf", "nan", "1.5", "", "0x10",
        ]
        for value in values {
            // Small runs unless the flag under test is the one that sets them.
            var arguments = [config, "--output", output] + context
            if flag != "--runs" { arguments += ["--runs", "2"] }
            if flag != "--depth" { arguments += ["--depth", "5"] }
            let (status, line) = rejection(arguments + [flag, value])
            #expect([0, 1, 2].contains(status), "\(flag) \(value): exit \(status)")
            if status == 2 {
                #expect(line?.contains(flag.dropFirst(2)) == true, "\(flag) \(value): \(line ?? "no line")")
            } else {
                #expect(line == nil, "\(flag) \(value): \(line ?? "")")
            }
        }
    }

    @Test(.enabled(if: TestPaths.executable != nil))
    func theBinaryPrintsTheSeedAndTheSameBytesForTheSameSeed() throws {
        let work = TestPaths.scratch("test-binary")
        let config = TestPaths.repo("Specs/pbft/n3-f1-unsafe.cfg")
        var outputs: [String] = []
        for format in [[], ["--json"]] {
            let first = try TestPaths.run(["test", config, "--runs", "50", "--seed", "9", "--output", "out"] + format, in: work)
            let second = try TestPaths.run(["test", config, "--runs", "50", "--seed", "9", "--output", "out"] + format, in: work)
            #expect(first.status == 1 && second.status == 1)
            #expect(first.stdout == second.stdout && !first.stdout.isEmpty)
            #expect(first.stderr.hasPrefix("test: seed 9; reproduce with bftcheck test \(config) --seed 9 --runs 50"))
            outputs.append(first.stdout)
        }
        #expect(outputs[0].contains("replay: bftcheck replay out/n3-f1-unsafe.Agreement.test.json"))
        let json = try JSONSerialization.jsonObject(with: Data(outputs[1].utf8)) as? [String: Any]
        #expect(json?["seed"] as? Int == 9 && json?["outcome"] as? String == "failed")
        let replay = try TestPaths.run(["replay", "out/n3-f1-unsafe.Agreement.test.json"], in: work)
        #expect(replay.status == 1 && replay.stdout.contains("violation confirmed: Agreement"))
        let safe = try TestPaths.run(["test", TestPaths.repo("Specs/pbft/n4-f1-normal-case.cfg"), "--runs", "20", "--seed", "1"], in: work)
        #expect(safe.status == 0 && safe.stdout.contains("passed: no invariant violated in 20 runs"))
    }
}
