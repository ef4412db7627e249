import Foundation
import Testing
import Verification

@testable import BFTCheckCLI

/// `bftcheck check` and `bftcheck replay` on the fixture configs.
@Suite(.serialized) struct CheckCommandTests {
    let bugConfig = TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg")

    @Test func seededBugConfigExitsOneAndWritesItsCounterexample() throws {
        let output = TestPaths.scratch("bug")
        let status = BFTCheck.execute(["check", bugConfig, "--output", output, "--quiet", "--json"])
        #expect(status == 1)
        let json = (output as NSString).appendingPathComponent("lock-mutex-bug.MutualExclusion.json")
        let text = (output as NSString).appendingPathComponent("lock-mutex-bug.MutualExclusion.txt")
        #expect(FileManager.default.fileExists(atPath: json))
        let rendered = try String(contentsOfFile: text, encoding: .utf8)
        #expect(rendered.contains("Step 4: enter(1)"))
        #expect(rendered.contains("locations[1]: sawFree -> critical"))
        let replay = try ReplayCommand.replay(json)
        #expect(replay.violationConfirmed)
        #expect(replay.steps == 4)
        #expect(BFTCheck.execute(["replay", json]) == 1)
    }

    @Test func counterexampleFilesAreByteIdenticalAcrossRunsAndThreadCounts() throws {
        var contents: [Data] = []
        for (run, threads) in [(0, 1), (1, 2), (2, 2)] {
            let output = TestPaths.scratch("identical-\(run)")
            let config = TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg")
            #expect(BFTCheck.execute(["check", config, "--output", output, "--quiet", "--threads", "\(threads)", "--json"]) == 1)
            for suffix in ["json", "txt"] {
                let path = (output as NSString).appendingPathComponent("lock-mutex-bug.MutualExclusion.\(suffix)")
                contents.append(FileManager.default.contents(atPath: path)!)
            }
        }
        #expect(contents[0] == contents[2] && contents[0] == contents[4])
        #expect(contents[1] == contents[3] && contents[1] == contents[5])
    }

    @Test func replayRejectsATamperedCounterexample() throws {
        let output = TestPaths.scratch("tamper")
        _ = BFTCheck.execute(["check", bugConfig, "--output", output, "--quiet", "--json"])
        let path = (output as NSString).appendingPathComponent("lock-mutex-bug.MutualExclusion.json")
        let original = try String(contentsOfFile: path, encoding: .utf8)

        // A recorded state that is not the successor.
        var object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        var steps = object["steps"] as! [[String: Any]]
        var state = steps[1]["state"] as! [String: Any]
        state["locked"] = true
        steps[1]["state"] = state
        object["steps"] = steps
        let tampered = TestPaths.write(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self), named: "tampered.json", in: output)
        #expect(throws: InputError.self) { try ReplayCommand.replay(tampered) }
        #expect(BFTCheck.execute(["replay", tampered]) == 2)
        do {
            _ = try ReplayCommand.replay(tampered)
        } catch let error as InputError {
            #expect(error.description.contains("step 2: the recorded state is not the successor under test(1)"))
        }

        // A step that is not enabled: process 0 enters twice.
        object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        steps = object["steps"] as! [[String: Any]]
        steps[1]["action"] = ["leave": ["process": 1]]
        object["steps"] = steps
        let disabled = TestPaths.write(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self), named: "disabled.json", in: output)
        do {
            _ = try ReplayCommand.replay(disabled)
            Issue.record("a disabled step was accepted")
        } catch let error as InputError {
            #expect(
                error.description.contains("step 2: leave(1) is not enabled in the state before it (enabled: enter(0), test(1), test(2))"))
        }

        // A property the final state satisfies is no violation: exit 0.
        object = try JSONSerialization.jsonObject(with: Data(original.utf8)) as! [String: Any]
        object["steps"] = Array((object["steps"] as! [[String: Any]]).prefix(3))
        let short = TestPaths.write(
            String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self), named: "short.json", in: output)
        #expect(try ReplayCommand.replay(short).violationConfirmed == false)
        #expect(BFTCheck.execute(["replay", short]) == 0)

        // Not JSON at all.
        let garbage = TestPaths.write("{ not json", named: "garbage.json", in: output)
        #expect(BFTCheck.execute(["replay", garbage]) == 2)
    }

    @Test func holdingConfigsExitZeroAndMeetTheirExpectations() throws {
        for name in ["lock-mutex", "two-phase-commit-5", "counters-4x6"] {
            let config = try ModelConfig.load(TestPaths.repo("Specs/fixtures/\(name).cfg"))
            let report = try CheckCommand.check(config, overrides: nil)
            #expect(report.exitCode == 0, "\(name)")
            #expect(report.expectation?.met == true, "\(name): \(report.expectation?.mismatches ?? [])")
        }
    }

    @Test func limitFlagsGiveExitThree() {
        let config = TestPaths.repo("Specs/fixtures/counters-4x6.cfg")
        #expect(BFTCheck.execute(["check", config, "--max-states", "100", "--quiet", "--json", "--no-expect"]) == 3)
        #expect(BFTCheck.execute(["check", config, "--max-depth", "2", "--quiet", "--json", "--no-expect"]) == 3)
    }

    @Test func anUnmetExpectationExitsOneWithOneLineSayingWhatDiffered() {
        let config = TestPaths.repo("Specs/fixtures/counters-4x6.cfg")
        // Stopped early: the config expects `holds` with 1,296 states.
        var errors: [String] = []
        #expect(BFTCheck.execute(["check", config, "--max-states", "100", "--quiet", "--json"]) { errors.append($0) } == 1)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("counters-4x6.cfg: expectation not met:") == true, "\(errors)")
        #expect(errors.first?.contains("expected 1296 distinct states") == true, "\(errors)")
        // Every property holds, but the count differs: still a failure, so CI goes red.
        let text = "model = counters\n[constants]\ncounters = 2\nlimit = 3\n[expect]\noutcome = holds\nstates = 10\n"
        let path = TestPaths.write(text, named: "wrong-count.cfg", in: TestPaths.scratch("expect"))
        errors = []
        #expect(BFTCheck.execute(["check", path, "--quiet"]) { errors.append($0) } == 1)
        #expect(errors == ["\(path): expectation not met: expected 10 distinct states, got 9"], "\(errors)")
        #expect(BFTCheck.execute(["check", path, "--quiet", "--no-expect"]) == 0)
    }

    @Test func theJSONOfAnUnmetExpectationSaysTheExitStatus() throws {
        let text = "model = counters\n[constants]\ncounters = 2\nlimit = 3\n[expect]\noutcome = holds\nstates = 10\n"
        let directory = TestPaths.scratch("expect-json")
        let path = TestPaths.write(text, named: "wrong-count.cfg", in: directory)
        let run = try TestPaths.run(["check", path, "--quiet", "--json"], in: directory)
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 1, "\(run.stdout)")
    }

    @Test func badFlagsExitTwo() {
        let config = TestPaths.repo("Specs/fixtures/counters-4x6.cfg")
        #expect(BFTCheck.execute(["check", config, "--strategy", "sideways"]) == 2)
        #expect(BFTCheck.execute(["check", config, "--threads", "0"]) == 2)
        #expect(BFTCheck.execute(["check", config, "--no-such-flag"]) == 2)
        #expect(BFTCheck.execute(["check", "/nonexistent/x.cfg"]) == 2)
        #expect(BFTCheck.execute(["frobnicate"]) == 2)
    }
}
