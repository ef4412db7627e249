import Foundation
import Testing
import Verification

@testable import BFTCheckCLI

/// `bftcheck check --checkpoint DIR / --resume DIR / --memory SIZE`: a run stopped by a limit leaves a
/// checkpoint, resuming it gives the uninterrupted run's counts and byte-identical counterexample
/// files, and a checkpoint of another config is refused with one line and exit status 2.
@Suite(.serialized) struct CheckpointCommandTests {
    let bugConfig = TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg")
    let twoPhaseConfig = TestPaths.repo("Specs/fixtures/two-phase-commit-5.cfg")

    func files(in directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name))
        }
        return result
    }

    @Test func aResumedRunWritesByteIdenticalCounterexamples() throws {
        let scratch = TestPaths.scratch("checkpoint-bug")
        let plain = (scratch as NSString).appendingPathComponent("plain")
        let resumed = (scratch as NSString).appendingPathComponent("resumed")
        let checkpoint = (scratch as NSString).appendingPathComponent("checkpoint")
        #expect(BFTCheck.execute(["check", bugConfig, "--output", plain, "--quiet", "--json", "--no-symmetry"]) == 1)
        // Stopped by a limit (exit 3), with a checkpoint at the level it stopped.
        #expect(
            BFTCheck.execute([
                "check", bugConfig, "--output", resumed, "--quiet", "--json", "--no-symmetry", "--checkpoint", checkpoint,
                "--max-depth", "2", "--no-expect",
            ]) == 3)
        #expect(FileManager.default.fileExists(atPath: (checkpoint as NSString).appendingPathComponent("header.json")))
        #expect(
            BFTCheck.execute([
                "check", bugConfig, "--output", resumed, "--quiet", "--json", "--no-symmetry", "--resume", checkpoint, "--threads", "2",
            ]) == 1)
        let expected = try files(in: plain)
        #expect(expected.count >= 2)
        #expect(try files(in: resumed) == expected)
    }

    /// SIGINT stops a long run the way a limit does: exit 3, the reason in the `--json` result, and with
    /// `--checkpoint` a checkpoint at the level it stopped (spill files removed), which `--resume`
    /// continues. The config's space holds billions of states, so the run is still going when the
    /// signal comes, whenever that is.
    @Test func anInterruptedRunStopsWithACheckpointThatResumes() throws {
        let executable = try #require(TestPaths.executable, "the bftcheck binary is not built")
        let scratch = TestPaths.scratch("checkpoint-interrupt")
        let checkpoint = (scratch as NSString).appendingPathComponent("checkpoint")
        let spill = (scratch as NSString).appendingPathComponent("spill")
        try FileManager.default.createDirectory(atPath: spill, withIntermediateDirectories: true)
        let config = TestPaths.repo("Benchmarks/pbft/n4-f1-two-view-changes.cfg")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "check", config, "--checkpoint", checkpoint, "--checkpoint-every", "1000000", "--memory", "64MiB", "--scratch", spill,
            "--json", "--threads", "2", "--output", (scratch as NSString).appendingPathComponent("out"),
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // The first progress line says the search is under way.
        var stderr = Data()
        while !String(decoding: stderr, as: UTF8.self).contains("progress:") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr.append(chunk)
        }
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        stderr.append(err.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(stdout)")
        #expect(String(decoding: stderr, as: UTF8.self).contains("bftcheck: interrupted: stopping at the end of this level"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        #expect((result["reason"] as? String)?.contains("interrupted by a signal") == true, "\(stdout)")
        #expect(FileManager.default.fileExists(atPath: (checkpoint as NSString).appendingPathComponent("header.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spill).isEmpty)
        let statistics = try #require(result["statistics"] as? [String: Any])
        let depth = try #require(statistics["maxDepth"] as? Int)
        let states = try #require(statistics["distinctStates"] as? Int)
        // The resumed run goes one level further.
        let resumed = try CheckCommand.check(
            ModelConfig.load(config),
            overrides: CheckCommand.parse([
                config, "--resume", checkpoint, "--max-depth", "\(depth + 1)", "--quiet", "--threads", "2", "--output",
                (scratch as NSString).appendingPathComponent("out"),
            ]))
        #expect(resumed.exitCode == 3)
        #expect(resumed.statistics.storage?.resumedFromDepth == depth)
        #expect(resumed.statistics.distinctStates > states)
    }

    @Test func resumingGivesTheUninterruptedCountAndSpillingChangesNothing() throws {
        let scratch = TestPaths.scratch("checkpoint-2pc")
        let checkpoint = (scratch as NSString).appendingPathComponent("checkpoint")
        let output = (scratch as NSString).appendingPathComponent("out")
        let stopped = try CheckCommand.check(
            ModelConfig.load(twoPhaseConfig),
            overrides: CheckCommand.parse([
                twoPhaseConfig, "--checkpoint", checkpoint, "--checkpoint-every", "2", "--max-depth", "5", "--quiet",
                "--output", output, "--no-symmetry", "--no-expect",
            ]))
        #expect(stopped.exitCode == 3)
        #expect(stopped.statistics.storage?.lastCheckpointDepth == 5)
        let resumed = try CheckCommand.check(
            ModelConfig.load(twoPhaseConfig),
            overrides: CheckCommand.parse([
                twoPhaseConfig, "--resume", checkpoint, "--memory", "64KiB", "--scratch", scratch, "--quiet", "--output", output,
                "--no-symmetry", "--no-expect",
            ]))
        #expect(resumed.exitCode == 0)
        #expect(resumed.statistics.distinctStates == 8_832)
        #expect(resumed.statistics.storage?.resumedFromDepth == 5)
        #expect((resumed.statistics.storage?.spilledBytes ?? 0) > 0)
        #expect(resumed.witnesses.map(\.depth) == [16])
    }

    @Test func aMismatchedResumeIsRefusedWithOneLineAndStatusTwo() throws {
        let scratch = TestPaths.scratch("checkpoint-mismatch")
        let checkpoint = (scratch as NSString).appendingPathComponent("checkpoint")
        #expect(
            BFTCheck.execute([
                "check", bugConfig, "--output", scratch, "--quiet", "--checkpoint", checkpoint, "--max-depth", "1", "--no-expect",
            ]) == 3)
        // Another config (another model), and the same config with another engine option.
        #expect(BFTCheck.execute(["check", twoPhaseConfig, "--output", scratch, "--quiet", "--resume", checkpoint]) == 2)
        #expect(BFTCheck.execute(["check", bugConfig, "--output", scratch, "--quiet", "--resume", checkpoint, "--exact"]) == 2)
        do {
            _ = try CheckCommand.check(
                ModelConfig.load(twoPhaseConfig), overrides: CheckCommand.parse([twoPhaseConfig, "--resume", checkpoint, "--quiet"]))
            Issue.record("a checkpoint of lock-mutex was resumed by two-phase-commit")
        } catch let error as InputError {
            #expect(!error.description.contains("\n"))
            #expect(
                error.description
                    == "--resume: checkpoint \(checkpoint) does not match this run: the model is lock-mutex there, two-phase-commit here")
        }
        // Bad sizes and flags are one-line input errors too.
        #expect(BFTCheck.execute(["check", bugConfig, "--quiet", "--memory", "12 apples"]) == 2)
        #expect(BFTCheck.execute(["check", bugConfig, "--quiet", "--memory", "1KiB"]) == 2)
        #expect(BFTCheck.execute(["check", bugConfig, "--quiet", "--memory", "9999999999TiB"]) == 2)
        #expect(BFTCheck.execute(["check", bugConfig, "--quiet", "--checkpoint-every", "3"]) == 2)
        #expect(BFTCheck.execute(["check", bugConfig, "--quiet", "--resume", scratch]) == 2)
        #expect(throws: InputError.self) { _ = try CheckCommand.bytes(fromSize: "-5MiB") }
        #expect(try CheckCommand.bytes(fromSize: "16GiB") == 16 << 30)
        #expect(try CheckCommand.bytes(fromSize: "512MiB") == 512 << 20)
    }
}
