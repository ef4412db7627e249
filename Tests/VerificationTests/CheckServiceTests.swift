import BFTCheckTestSupport
import FixtureModels
import Foundation
import ModelChecking
import Testing
import Verification

/// The checking services without the CLI: property selection, a check that writes the committed
/// counterexample byte for byte, `[expect]` comparison, replay, schedule testing and the
/// counterexample writer.
@Suite struct CheckServiceTests {
    /// The seeded-bug fixture, read as the committed config (relative path, as the committed files name it).
    static func lockMutexBug() throws -> ModelConfig {
        let text = try String(contentsOfFile: TestRepository.repo("Specs/fixtures/lock-mutex-bug.cfg"), encoding: .utf8)
        return try ModelConfig.parse(text, path: "Specs/fixtures/lock-mutex-bug.cfg")
    }

    @Test func propertySelectionFollowsTheSections() throws {
        let config = try Self.lockMutexBug()
        let model = try ModelCatalog.model(for: config)
        #expect(model.name == "lock-mutex")
        #expect(model.parameters == ["processes": "3", "seeded_bug": "true"])
        #expect(model.properties.map(\.name) == ["MutualExclusion", "SomeoneCritical"])
        // [invariants] lists MutualExclusion; there is no [sometimes], so every target is selected.
        #expect(try model.selectedProperties(config) == ["MutualExclusion", "SomeoneCritical"])
        var none = config
        none.sometimes = []
        #expect(try model.selectedProperties(none) == ["MutualExclusion"])
    }

    @Test func aCheckWritesTheCommittedCounterexampleAndMeetsItsExpectation() throws {
        let output = TestRepository.scratch("check-service")
        var request = try CheckRequest(config: try Self.lockMutexBug(), outputDirectory: output)
        request.settings.options.threadCount = 2
        let report = try ModelCatalog.check(request)
        #expect(report.outcome == "violated")
        #expect(report.exitCode == 1)
        #expect(report.expectation?.met == true, "\(report.expectation?.mismatches ?? [])")
        let files = report.violations.first?.files ?? []
        #expect(
            files.map { ($0 as NSString).lastPathComponent } == [
                "lock-mutex-bug.MutualExclusion.json", "lock-mutex-bug.MutualExclusion.txt",
            ])
        for file in files {
            let committed = TestRepository.repo("Counterexamples/\((file as NSString).lastPathComponent)")
            #expect(FileManager.default.contents(atPath: file) == FileManager.default.contents(atPath: committed), "\(file)")
        }
        let replay = try ModelCatalog.replay(counterexampleAt: try #require(files.first))
        #expect(replay.violationConfirmed)
        #expect(replay.steps == 4)
    }

    @Test func anUnmetExpectationSaysWhatDiffered() throws {
        var request = try CheckRequest(config: try Self.lockMutexBug(), outputDirectory: TestRepository.scratch("check-expect"))
        request.settings.expectation = RunSettings.Expectation(outcome: "violated", depth: 5, states: 1)
        let report = try ModelCatalog.check(request)
        let expectation = try #require(report.expectation)
        #expect(!expectation.met)
        #expect(
            expectation.mismatches == [
                "expected a counterexample of 5 steps, got 4",
                "expected 1 distinct states, got \(report.statistics.distinctStates)",
            ])
        // The checker's own verdict is unchanged; the CLI turns an unmet expectation into exit 1.
        #expect(report.exitCode == 1)
    }

    @Test func theWriterNamesItsFilesAndReplaysThem() throws {
        let config = try Self.lockMutexBug()
        let model = try #require(try ModelCatalog.model(for: config).system(as: LockMutex.self))
        let committed = TestRepository.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json")
        let data = try #require(FileManager.default.contents(atPath: committed))
        let document = try JSONDecoder().decode(CounterexampleDocument<LockMutex>.self, from: data)
        #expect(document.format == CounterexampleDocument<LockMutex>.formatName)
        let output = TestRepository.scratch("writer")
        let files = try CounterexampleFiles.write(document, of: model, in: output, named: "copy", chart: true)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["copy.json", "copy.txt"])
        #expect(FileManager.default.contents(atPath: files[0]) == data)
        #expect(try ModelCatalog.replay(counterexampleAt: files[0]).violationConfirmed)
    }

    @Test func aScheduleTestShrinksTheBugAndItsFileReplays() throws {
        let config = try Self.lockMutexBug()
        var options = ScheduleTestOptions()
        options.runs = 50
        options.depth = 20
        options.seed = 1
        let output = TestRepository.scratch("schedule-test")
        let request = ScheduleTestRequest(
            config: config, options: options, outputDirectory: output, reproduce: "rerun", reproduceRun: { "rerun \($0)" })
        let report = try ModelCatalog.model(for: config).scheduleTest(request)
        #expect(report.outcome == "failed")
        #expect(report.exitCode == 1)
        let failure = try #require(report.failure)
        #expect(failure.property == "MutualExclusion")
        #expect(failure.shrunkSteps == 4)
        #expect(report.reproduceFailingRun == "rerun \(failure.runSeed)")
        #expect(
            failure.files.map { ($0 as NSString).lastPathComponent } == [
                "lock-mutex-bug.MutualExclusion.test.json", "lock-mutex-bug.MutualExclusion.test.txt",
            ])
        #expect(try ModelCatalog.replay(counterexampleAt: failure.files[0]).violationConfirmed)
    }
}
