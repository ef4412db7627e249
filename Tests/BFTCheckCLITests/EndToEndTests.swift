import Foundation
import Testing

/// The real `bftcheck` binary, as a user runs it.
@Suite struct EndToEndTests {
    @Test(.enabled(if: TestPaths.executable != nil))
    func binaryChecksReplaysAndRejectsBadConfigs() throws {
        let work = TestPaths.scratch("e2e")
        let config = TestPaths.repo("Specs/fixtures/lock-mutex-bug.cfg")
        let check = try TestPaths.run(["check", config, "--output", "out"], in: work)
        #expect(check.status == 1)
        #expect(check.stdout.contains("result: VIOLATED MutualExclusion after 4 steps"))
        let replay = try TestPaths.run(["replay", "out/lock-mutex-bug.MutualExclusion.json"], in: work)
        #expect(replay.status == 1)
        #expect(replay.stdout.contains("violation confirmed: MutualExclusion"))
        let bad = TestPaths.write("model = lock-mutex\n[constants]\nprocesses = many\n", named: "bad.cfg", in: work)
        let rejected = try TestPaths.run(["check", bad], in: work)
        #expect(rejected.status == 2)
        #expect(rejected.stderr == "bftcheck: error: \(bad):3: processes: expected an integer in 1...30, got 'many'\n")
        let list = try TestPaths.run(["list", "--specs", TestPaths.repo("Specs")], in: work)
        #expect(list.status == 0)
        #expect(list.stdout.contains("lock-mutex-bug.cfg [lock-mutex]"))
    }
}
