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
