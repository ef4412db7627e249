import BFTCheckTestSupport
import Foundation
import Testing

@testable import BFTCheckCLI

/// `bftcheck simulate CONFIG --events N`: one unbounded run walked from the spec, written as
/// version-2 traces that `bftcheck conform` accepts; with `--mutate`, a run it rejects at the line
/// the command prints; bad flags exit 2 with one line.
@Suite struct SimulateUnboundedCommandTests {
    static let config = TestRepository.repo("Specs/pbft/n4-f1-checkpoints-view-change.cfg")

    @Test func aLongRunIsWrittenAndAccepted() throws {
        let directory = TestRepository.scratch("long-run")
        let arguments = ["simulate", Self.config, "--events", "8000", "--seed", "3", "--trace-out", directory]
        let run = try TestRepository.run(arguments, in: TestRepository.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        // The seed is printed; the view-0 primary is Byzantine in this config and acts.
        #expect(run.stderr.contains("--events 8000 --seed 3"), "\(run.stderr)")
        #expect(
            run.stdout.hasPrefix("unbounded run (seed 3): ") && run.stdout.contains("{r0} Byzantine: ")
                && run.stdout.contains(" messages sent, "), "\(run.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == ["r1.ndjson", "r2.ndjson", "r3.ndjson"])
        #expect(BFTCheck.execute(["conform", directory, "--quiet"]) == 0)
        // The seed fixes the bytes.
        let first = try String(contentsOfFile: "\(directory)/r1.ndjson", encoding: .utf8)
        #expect(BFTCheck.execute(arguments) == 0)
        #expect(try String(contentsOfFile: "\(directory)/r1.ndjson", encoding: .utf8) == first)
        // Silenced, it sends nothing.
        let silent = try TestRepository.run(arguments + ["--byzantine-per-million", "0"], in: TestRepository.packageRoot)
        #expect(silent.status == 0 && silent.stdout.contains("{r0} Byzantine, silent"), "\(silent.stdout)")
        #expect(silent.stderr.contains("--byzantine-per-million 0"), "\(silent.stderr)")
        #expect(try !String(contentsOfFile: "\(directory)/r1.ndjson", encoding: .utf8).contains("\"from\":\"r0\""))
    }

    /// Without `--mutate` the run is streamed to its files (memory does not grow with the run);
    /// a merged file holds the same events as the per-replica files, in the order they happened.
    @Test func aStreamedMergedRunHoldsTheSameEvents() throws {
        let perReplica = TestRepository.scratch("long-run-streamed")
        let merged = TestRepository.scratch("long-run-streamed-merged")
        let common = ["simulate", Self.config, "--events", "3000", "--seed", "5"]
        #expect(BFTCheck.execute(common + ["--trace-out", perReplica]) == 0)
        #expect(BFTCheck.execute(common + ["--trace-out", merged, "--merged"]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: merged) == ["run.ndjson"])
        #expect(BFTCheck.execute(["conform", merged, "--quiet"]) == 0)
        func events(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        }
        let all = try events("\(merged)/run.ndjson")
        for replica in ["r1", "r2", "r3"] {
            let own = all.filter { $0.hasPrefix("{\"replica\":\"\(replica)\"") }
            #expect(try events("\(perReplica)/\(replica).ndjson") == own, "\(replica)")
        }
    }

    @Test func aMutatedRunIsRejectedWhereTheCommandSays() throws {
        let directory = TestRepository.scratch("long-run-mutant")
        let arguments = [
            "simulate", Self.config, "--events", "8000", "--seed", "3", "--trace-out", directory, "--mutate", "execute-out-of-order",
        ]
        let run = try TestRepository.run(arguments, in: TestRepository.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = try #require(run.stdout.firstMatch(of: /must reject at (\S+:\d+)/), "\(run.stdout)").output.1
        let verdict = try TestRepository.run(["conform", directory], in: TestRepository.packageRoot)
        #expect(verdict.status == 1)
        #expect(verdict.stdout.contains("\n\(expected): "), "\(verdict.stdout)")
    }

    @Test func badFlagsExitTwo() {
        let directory = TestRepository.scratch("long-run-bad")
        for extra in [
            ["--events", "0"], ["--events", "10", "--walks", "2"], ["--events", "10", "--timeouts-per-million", "2000000"],
            ["--timeouts-per-million", "5"], ["--events", "10", "--mutate", "receive-before-send"],
            ["--events", "10", "--byzantine-per-million", "-1"], ["--byzantine-per-million", "5"],
        ] {
            var lines: [String] = []
            #expect(BFTCheck.execute(["simulate", Self.config, "--trace-out", directory] + extra) { lines.append($0) } == 2, "\(extra)")
            #expect(lines.count == 1, "\(extra): \(lines)")
        }
        // No checkpoints: an unbounded run would fill its window.
        var lines: [String] = []
        let normal = TestRepository.repo("Specs/pbft/n4-f1-normal-case.cfg")
        #expect(BFTCheck.execute(["simulate", normal, "--events", "10", "--trace-out", directory]) { lines.append($0) } == 2)
        #expect(lines.first?.contains("checkpoint_interval") == true, "\(lines)")
    }
}
