import BFTCheckTestSupport
import Foundation
import Testing

/// `bftcheck faults spec-driven` with schedules from files and from the bounded spec, through the
/// real binary: what each source prints, and exit status 2 with a one-line error naming the file and
/// field for what the replica or the reader refuses.
@Suite struct FaultsSpecDrivenCommandTests {
    @Test func counterexamplesSchedulesAndBoundedWalksHold() throws {
        let work = TestRepository.scratch("spec-driven-sources")
        let counterexample = try TestRepository.run(
            ["faults", "spec-driven", "--counterexample", TestRepository.repo("Counterexamples/pbft/mutant-quorum-2f1-n5.Agreement.json")],
            in: work)
        #expect(counterexample.status == 0, "\(counterexample.stdout)\(counterexample.stderr)")
        #expect(counterexample.stdout.contains("mutant-quorum-2f1-n5.Agreement.json: holds (n = 5, 14 stimuli"))
        let kept = try TestRepository.run(
            [
                "faults", "spec-driven", "--schedule",
                TestRepository.repo("Tests/ReplicaTests/Regressions/byzantine-view-change-in-new-view.json"),
            ],
            in: work)
        #expect(kept.status == 0 && kept.stdout.contains("holds (n = 4, 5 stimuli"), "\(kept.stdout)\(kept.stderr)")
        let walks = try TestRepository.run(
            ["faults", "spec-driven", "--config", "n4-f1-view-change", "--runs", "20", "--seed", "1"], in: TestRepository.packageRoot)
        #expect(walks.status == 0, "\(walks.stdout)\(walks.stderr)")
        #expect(walks.stdout.contains("spec-driven: 20 walks of Specs/pbft/n4-f1-view-change.cfg hold"))
        #expect(walks.stderr.contains("seed 1; reproduce with bftcheck faults spec-driven --config Specs/pbft/n4-f1-view-change.cfg"))
        // --json: the same totals, machine-readable; the same seed gives the same bytes.
        let arguments = ["faults", "spec-driven", "--config", "n4-f1-view-change", "--runs", "20", "--seed", "1", "--json"]
        let first = try TestRepository.run(arguments, in: TestRepository.packageRoot)
        let second = try TestRepository.run(arguments, in: TestRepository.packageRoot)
        #expect(first.status == 0 && first.stdout == second.stdout, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "bftcheck-spec-driven/1" && json["holds"] as? Bool == true && json["runs"] as? Int == 20)
        #expect(json["seed"] as? Int == 1 && json["failure"] == nil && (json["stimuli"] as? Int ?? 0) > 0)
    }

    @Test func whatTheReplicaOrTheReaderRefusesExitsTwo() throws {
        let work = TestRepository.scratch("spec-driven-refused")
        let bad = TestRepository.write("{\"format\":\"bftcheck-spec-schedule/1\"}", named: "bad.json", in: work)
        let cases: [([String], String)] = [
            (
                ["--counterexample", TestRepository.repo("Counterexamples/pbft/n3-f1-unsafe.Agreement.json")],
                "n3-f1-unsafe.Agreement.json: replicas: the replica refuses it: PBFT needs n ≥ 3f + 1 = 4 replicas, got 3"
            ),
            (
                ["--counterexample", TestRepository.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json")],
                "model: pbft or pbft-layer drives the replica, not 'lock-mutex'"
            ),
            (["--schedule", bad], "bad.json"),
            (["--config", TestRepository.repo("Specs/fixtures/lock-mutex.cfg")], "model: pbft or pbft-layer drives the replica"),
            (["--config", "n4-f1-view-change", "--depth", "0"], "--depth"),
            (["--shrink-budget", "-1"], "--shrink-budget"),
        ]
        for (arguments, expected) in cases {
            let run = try TestRepository.run(["faults", "spec-driven"] + arguments, in: TestRepository.packageRoot)
            #expect(run.status == 2, "\(arguments): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
        }
    }
}
