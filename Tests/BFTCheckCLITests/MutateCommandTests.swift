import BFTCheckTestSupport
import Foundation
import Testing

/// `bftcheck mutate` through the real binary: the kill table, `--json`, `--list`, its exit statuses
/// (0 all accounted for, 1 an unargued survivor, 2 bad input) and one-line errors.
@Suite(.serialized) struct MutateCommandTests {
    static let replica = TestRepository.repo("Specs/broadcast/n4-f1-byzantine-replica.cfg")
    static let sender = TestRepository.repo("Specs/broadcast/n4-f1-byzantine-sender.cfg")

    @Test func killedAndArguedMutantsExitZeroWithAJSONReport() throws {
        let work = TestRepository.scratch("mutate-json")
        let run = try TestRepository.run(
            ["mutate", Self.replica, "--only", "readyOnReadies.quorum/", "--json", "--quiet", "--check-argued"], in: work)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "bftcheck-mutate/1")
        #expect(json["killed"] as? Int == 1)
        #expect(json["equivalent"] as? Int == 1)
        #expect(json["unchecked"] as? Int == 0)
        // Without --check-argued the argued mutant is reported, not run.
        let quick = try TestRepository.run(["mutate", Self.replica, "--only", "readyOnReadies.quorum/", "--json", "--quiet"], in: work)
        #expect(quick.status == 0, "\(quick.stderr)")
        let quickJSON = try #require(try JSONSerialization.jsonObject(with: Data(quick.stdout.utf8)) as? [String: Any])
        #expect(quickJSON["equivalent"] as? Int == 0)
        #expect(quickJSON["unchecked"] as? Int == 1)
        let mutants = try #require(json["mutants"] as? [[String: Any]])
        #expect(mutants.map { $0["name"] as? String } == ["readyOnReadies.quorum/threshold-1", "readyOnReadies.quorum/threshold+1"])
        let kill = try #require(mutants[0]["killedBy"] as? [String: Any])
        #expect(kill["property"] as? String == "Validity")
        #expect(kill["steps"] as? Int == 3)
    }

    @Test func anUnarguedSurvivorExitsOneAndTheTableSaysSo() throws {
        // With a Byzantine sender Validity says nothing, so this config cannot kill a mutant that
        // lets other replicas' INITIALs count: a gap in this one-config suite.
        let work = TestRepository.scratch("mutate-survivor")
        let run = try TestRepository.run(["mutate", Self.sender, "--only", "echo.fromSender/", "--quiet"], in: work)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("echo.fromSender/drop-guard  SURVIVED"))
        #expect(run.stdout.contains("score: 0 of 1 non-equivalent mutants killed (0.0 %)"))
    }

    @Test func listPrintsTheCatalogue() throws {
        let work = TestRepository.scratch("mutate-list")
        let run = try TestRepository.run(["mutate", Self.sender, "--list"], in: work)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 18)
        #expect(
            lines.first
                == "broadcast.sender/drop-guard  (argued equivalent: the inputs offer broadcast to the sender only, so the guard never decides)"
        )
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        let work = TestRepository.scratch("mutate-bad")
        let unsafe = TestRepository.repo("Specs/pbft/n3-f1-unsafe.cfg")
        let cases: [([String], String)] = [
            (["mutate"], "CONFIG"),
            (["mutate", Self.sender, "--only", "no-such-site"], "--only"),
            (["mutate", unsafe, "--only", "prepare.quorum/"], "n3-f1-unsafe.cfg"),
            (["mutate", Self.sender, TestRepository.repo("Specs/pbft/n4-f1-checkpoints.cfg")], "one model at a time"),
            (["mutate", TestRepository.repo("Specs/fixtures/lock-mutex.cfg")], "no mutation sites"),
        ]
        for (arguments, named) in cases {
            let run = try TestRepository.run(arguments, in: work)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(named), "\(arguments): \(run.stderr)")
        }
    }
}
