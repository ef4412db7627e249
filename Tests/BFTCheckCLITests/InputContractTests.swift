import Foundation
import ModelChecking
import Testing

@testable import BFTCheckCLI
@testable import Verification

/// The command-line contract on inputs that used to slip through: CRLF configs, counterexample files
/// with non-integer numbers, unwritable output paths, `list` on a missing directory, and coverage
/// messages that blamed the spec for what the config excludes.
@Suite struct InputContractTests {
    /// The error `body` throws, as its one-line description.
    func inputError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as InputError {
            return error.description
        } catch {
            return "not an InputError: \(error)"
        }
    }

    // MARK: Configs with CRLF line endings

    @Test func configsWithCRLFLineEndingsParseLikeLF() throws {
        let text =
            "# counters\nmodel = counters   # the fixture\ndescription = two\n\n[constants]\ncounters = 2\nlimit = 3\n[symmetry]\ncounters\n"
        let lf = try ModelConfig.parse(text, path: "x.cfg")
        let crlf = try ModelConfig.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), path: "x.cfg")
        #expect(crlf.model == "counters")
        #expect(crlf.description == lf.description)
        #expect(crlf.parameters.map { "\($0.key)=\($0.value)@\($0.line)" } == lf.parameters.map { "\($0.key)=\($0.value)@\($0.line)" })
        #expect(crlf.symmetry.map(\.key) == ["counters"])
        // With a byte-order mark too, as Windows editors write it.
        let bom = try ModelConfig.parse("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"), path: "x.cfg")
        #expect(bom.model == "counters")
    }

    @Test func crlfConfigsReportTheRightLine() {
        let text = "model = counters\r\n[constants]\r\ncounters = two\r\nlimit = 3\r\n"
        #expect(
            inputError {
                let config = try ModelConfig.parse(text, path: "x.cfg")
                _ = try ModelCatalog.entry(named: config.model)!.instantiate(config)
            } == "x.cfg:3: counters: expected an integer in 1...16, got 'two'")
    }

    @Test func aMissingModelLineSaysWhereItShouldHaveBeen() {
        #expect(
            inputError { _ = try ModelConfig.parse("# nothing\r\n\r\n[constants]\r\ncounters = 2\r\n", path: "x.cfg") }
                == "x.cfg:3: model: missing before [constants]: 'model = NAME' must come before the first section")
        #expect(
            inputError { _ = try ModelConfig.parse("# only a comment\n", path: "x.cfg") }
                == "x.cfg:1: model: missing: the config has no 'model = NAME' line (it must start with one)")
    }

    @Test func checkRunsACRLFConfigFromDisk() throws {
        let directory = TestPaths.scratch("crlf")
        let config = TestPaths.write(
            "model = counters\r\n[constants]\r\ncounters = 2\r\nlimit = 3\r\n[expect]\r\nstates = 9\r\n", named: "c.cfg", in: directory)
        let report = try CheckCommand.check(try ModelConfig.load(config), overrides: try CheckCommand.parse(["x", "--quiet"]))
        #expect(report.outcome == "holds")
        #expect(report.expectation?.met == true)
    }

    // MARK: Counterexample files with numbers that are not 64-bit integers

    /// The committed lock-mutex counterexample with its first step's `process` replaced by `value`.
    func tamperedCounterexample(_ value: String, named name: String) throws -> (path: String, line: Int) {
        let original = try String(contentsOfFile: TestPaths.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("\"process\" : 0") })
        lines[index] = lines[index].replacingOccurrences(of: "\"process\" : 0", with: "\"process\" : \(value)")
        let path = TestPaths.write(lines.joined(separator: "\n"), named: name, in: TestPaths.scratch("cx-\(name)"))
        return (path, index + 1)
    }

    @Test func aFractionInACounterexampleNamesItsFieldAndLine() throws {
        let (path, line) = try tamperedCounterexample("1.5", named: "fraction.json")
        #expect(
            inputError { _ = try ReplayCommand.replay(path) }
                == "\(path):\(line): steps[0].action.test.process: expected an integer, got 1.5")
        #expect(BFTCheck.execute(["replay", path]) == 2)
        #expect(BFTCheck.execute(["itf", "export", path, "--output", path + ".itf.json"]) == 2)
    }

    @Test func aNumberBeyond64BitsInACounterexampleIsOutOfRange() throws {
        let (path, line) = try tamperedCounterexample("18446744073709551616", named: "big.json")
        #expect(
            inputError { _ = try ReplayCommand.replay(path) }
                == "\(path):\(line): steps[0].action.test.process: out of range: 18446744073709551616 does not fit in a 64-bit integer")
    }

    @Test func brokenJSONInACounterexampleNamesItsLine() throws {
        let (path, line) = try tamperedCounterexample("0,,", named: "syntax.json")
        #expect(
            inputError { _ = try ReplayCommand.replay(path) } == "\(path):\(line): not valid JSON: expected a member name in double quotes")
    }

    @Test func theScannerFollowsPathsThroughObjectsAndArrays() {
        let text = #"{"a": [1, {"b": "x:y", "c": [true, null, -2.5e3]}], "d": {"e": 18446744073709551616}}"#
        let scanner = JSONScanner(Array(text.utf8))
        #expect(scanner.firstValue { $0.isNumber && !$0.isInteger64 }?.path == "a[1].c[2]")
        #expect(scanner.firstValue { $0.isNumber && !$0.isInteger }?.text == "-2.5e3")
        #expect(scanner.firstValue { $0.text == "18446744073709551616" }?.path == "d.e")
        #expect(scanner.firstValue { $0.text == "x:y" }?.path == "a[1].b")
    }

    // MARK: Output paths that cannot be written

    @Test func outputFileErrorsAreOneLineAndNameThePathAndFlag() throws {
        let directory = TestPaths.scratch("unwritable")
        let file = TestPaths.write("x", named: "plain", in: directory)
        #expect(
            inputError { try OutputFile.write("data", to: "\(file)/out.json", key: "--itf-out", what: "the ITF file") }
                == "\(file): --itf-out: is a file, not a directory")
        #expect(
            inputError { try OutputFile.write("data", to: "", key: "--svg", what: "the SVG plot") }
                == "--svg: the path of the SVG plot is empty")
        #expect(
            inputError { try OutputFile.write("data", to: directory, key: "--svg", what: "the SVG plot") }
                == "\(directory): --svg: is a directory; give the path of the SVG plot to write")
        #expect(
            inputError { try OutputFile.createDirectory(file, key: "--output") }
                == "\(file): --output: is a file, not a directory")
        #expect(
            inputError { try OutputFile.createDirectory("\(file)/a/b", key: "--trace-out") }
                == "\(file): --trace-out: is a file, so \(file)/a/b cannot be created")
        #expect(
            inputError { try LemmasFiles.write([.init(relativePath: "q/x.smt2", contents: "")], under: file, key: "--smtlib") }
                == "\(file): --smtlib: is a file, not a directory")
        // A path that can be written is, with its missing parents.
        try OutputFile.write("ok\n", to: "\(directory)/a/b/c.txt")
        #expect(try String(contentsOfFile: "\(directory)/a/b/c.txt", encoding: .utf8) == "ok\n")
    }

    @Test func commandsWritingToBadPathsExitTwo() throws {
        let directory = TestPaths.scratch("bad-paths")
        let file = TestPaths.write("x", named: "plain", in: directory)
        #expect(BFTCheck.execute(["model", "throughput", "--svg", ""]) == 2)
        #expect(BFTCheck.execute(["model", "throughput", "--svg", "."]) == 2)
        #expect(BFTCheck.execute(["model", "throughput", "--svg", "\(file)/plot.svg"]) == 2)
        #expect(
            BFTCheck.execute([
                "check", TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg"), "--output", "\(file)/cx", "--quiet",
            ]) == 2)
        let counterexample = TestPaths.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json")
        #expect(BFTCheck.execute(["itf", "export", counterexample, "--output", "\(file)/x.itf.json"]) == 2)
        #expect(BFTCheck.execute(["itf", "export", counterexample, "--output", directory]) == 2)
    }

    @Test(.enabled(if: TestPaths.executable != nil))
    func theBinaryPrintsOneLineForAnUnwritablePath() throws {
        let directory = TestPaths.scratch("bad-paths-binary")
        let file = TestPaths.write("x", named: "plain", in: directory)
        for arguments in [
            ["model", "throughput", "--svg", ""], ["model", "throughput", "--svg", "."],
            ["itf", "export", TestPaths.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json"), "--output", "\(file)/x.itf.json"],
        ] {
            let run = try TestPaths.run(arguments, in: directory)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("bftcheck: error: ") && run.stderr.filter { $0 == "\n" }.count == 1, "\(run.stderr)")
        }
    }

    // MARK: itf export's default output

    @Test(.enabled(if: TestPaths.executable != nil))
    func itfExportWritesToStdoutUnlessGivenAFile() throws {
        let directory = TestPaths.scratch("itf-default")
        let source = try Data(contentsOf: URL(fileURLWithPath: TestPaths.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json")))
        try source.write(to: URL(fileURLWithPath: "\(directory)/cx.json"))
        let run = try TestPaths.run(["itf", "export", "cx.json"], in: directory)
        #expect(run.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["cx.json"])
        let itf = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect((itf?["states"] as? [Any])?.count == 5)
        #expect(run.stderr == "cx.json -> stdout (5 states)\n")
    }

    // MARK: list

    @Test func listRejectsAMissingSpecsDirectory() {
        #expect(
            inputError { try ListCommand.parse(["--specs", "/nonexistent/specs"]).run() }
                == "/nonexistent/specs: --specs: no such directory")
        #expect(BFTCheck.execute(["list", "--specs", "/nonexistent/specs"]) == 2)
    }

    @Test(.enabled(if: TestPaths.executable != nil))
    func listWithoutSpecsHereStillListsTheModels() throws {
        let run = try TestPaths.run(["list"], in: TestPaths.scratch("list-elsewhere"))
        #expect(run.status == 0)
        #expect(run.stdout.contains("invariant MutualExclusion: at most one process is in the critical section"))
        #expect(run.stdout.hasSuffix("Configs: none here (no Specs/ directory; give --specs DIR)\n"))
        let explicit = try TestPaths.run(["list", "--specs", "nowhere"], in: TestPaths.scratch("list-elsewhere"))
        #expect(explicit.status == 2)
        #expect(explicit.stderr == "bftcheck: error: nowhere: --specs: no such directory\n")
    }

    @Test func listShowsEveryModelsProperties() throws {
        let listing = ListCommand.listing(specs: TestPaths.repo("Specs"))
        let pbft = try #require(listing.models.first { $0.name == "pbft" })
        #expect(pbft.properties?.filter { $0.kind == "always" }.map(\.name).contains("Agreement") == true)
        #expect(pbft.properties?.filter { $0.kind == "sometimes" }.map(\.name).contains("RequestExecuted") == true)
        for model in listing.models { #expect(model.properties?.isEmpty == false, "\(model.name)") }
        let mutex = try #require(listing.models.first { $0.name == "lock-mutex" })
        #expect(mutex.properties?.map(\.name) == ["MutualExclusion", "SomeoneCritical"])
        #expect(listing.configs.contains { $0.path.hasSuffix("lock-mutex-bug.cfg") && $0.model == "lock-mutex" })
        // The JSON form is what --json prints.
        let json = try JSONSerialization.jsonObject(with: try CanonicalJSON.encode(listing)) as? [String: Any]
        #expect(json?["format"] as? String == "bftcheck-list/1")
    }

    @Test func listNamesAnUnreadableConfigsProblem() throws {
        let directory = TestPaths.scratch("list-bad")
        _ = TestPaths.write("[constants]\n", named: "bad.cfg", in: directory)
        let listing = ListCommand.listing(specs: directory)
        #expect(
            listing.configs.map(\.problem) == [
                "\(directory)/bad.cfg:1: model: missing before [constants]: 'model = NAME' must come before the first section"
            ])
    }

    // MARK: Coverage: what the config excludes is not the spec's fault

    @Test func neverFiredKindsThatTheConfigExcludesAreSaidToBe() throws {
        let config = try ModelConfig.load(TestPaths.repo("Specs/pbft/n7-f2-normal-case.cfg"))
        let report = try CheckCommand.check(config, overrides: try CheckCommand.parse(["x", "--quiet", "--threads", "1"]))
        #expect(report.outcome == "holds")
        let excluded = Dictionary(
            uniqueKeysWithValues: report.statistics.coverage.compactMap { kind in kind.excludedBecause.map { (kind.name, $0) } })
        #expect(excluded["stabilizeCheckpoint"] == "checkpoint_interval = 0: checkpoints are off")
        #expect(excluded["timeout"] == "max_view = 0: no view changes")
        #expect(excluded["propose"]?.hasPrefix("the primary of view 0 is faulty") == true)
        #expect(excluded["prepare"] == nil && excluded["commit"] == nil)
        let summary = CheckSummary.render(report, config: config)
        #expect(summary.contains("excluded by the config: propose (the primary of view 0 is faulty: "))
        #expect(summary.contains("stabilizeCheckpoint (checkpoint_interval = 0: checkpoints are off)"))
        #expect(summary.contains("timeout, sendNewView, acceptNewView (max_view = 0: no view changes)"))
        #expect(!summary.contains("never fired"))
        #expect(!summary.contains("check the spec"))
    }

    @Test func theFixedMutexSaysItsTestStepIsExcludedNotMissing() throws {
        let config = try ModelConfig.load(TestPaths.repo("Specs/fixtures/lock-mutex.cfg"))
        let report = try CheckCommand.check(config, overrides: try CheckCommand.parse(["x", "--quiet", "--threads", "1"]))
        let summary = CheckSummary.render(report, config: config)
        #expect(summary.contains("excluded by the config: test (seeded_bug = false: test and set are one atomic enter step)"))
        #expect(!summary.contains("never fired"))
    }

    @Test func kindsTheConfigAllowsAreStillReportedWhenTheyNeverFire() throws {
        // Checkpoints on: stabilizeCheckpoint is allowed, so it is not excluded (and here it fires).
        let config = try ModelConfig.load(TestPaths.repo("Specs/pbft/n4-f1-checkpoints.cfg"))
        let report = try CheckCommand.check(config, overrides: try CheckCommand.parse(["x", "--quiet", "--threads", "1"]))
        let checkpoint = try #require(report.statistics.coverage.first { $0.name == "stabilizeCheckpoint" })
        #expect(checkpoint.excludedBecause == nil && checkpoint.count > 0)
        // A kind that never fired without a reason from the model keeps the warning.
        let lines = CheckSummary.neverFiredLines([
            .init(name: "a", count: 0, excludedBecause: "x = 0"), .init(name: "b", count: 0), .init(name: "c", count: 3),
            .init(name: "d", count: 0, excludedBecause: "x = 0"),
        ])
        #expect(
            lines == [
                "excluded by the config: a, d (x = 0)",
                "never fired: b (not reached within the bounds: check the spec and the bounds)",
            ])
    }

    // MARK: conform's progress

    @Test func progressLinesComeAtMostOncePerInterval() {
        final class Box: @unchecked Sendable {
            var now = 0.0
            var lines: [String] = []
        }
        let box = Box()
        var meter = ProgressMeter(interval: 1, elapsed: { box.now }, emit: { box.lines.append($0) })
        for (time, events) in [(0.2, 100), (0.9, 400), (1.1, 500), (1.5, 900), (2.0, 1_000), (2.4, 1_200), (3.1, 3_100), (3.5, 3_500)] {
            box.now = time
            meter.record(events: events, runs: events / 100)
        }
        #expect(
            box.lines == [
                "conform: 500 events judged in 5 runs, 455 events/s",
                "conform: 1200 events judged in 12 runs, 500 events/s",
                "conform: 3500 events judged in 35 runs, 1000 events/s",
            ])
    }
}
