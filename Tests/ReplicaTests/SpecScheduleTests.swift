import BFTCheckTestSupport
import Conformance
import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import ReplicaTesting
import Testing
import Verification

@testable import Replica

/// The checker's counterexamples drive the replica (`SpecSchedule(path:system:source:)`), a failing
/// schedule shrinks to a 1-minimal one (`SpecDrivenShrinker`), and shrunk schedules kept under
/// `Tests/ReplicaTests/Regressions/` replay as regression tests.
@Suite struct SpecScheduleTests {
    /// `pbft-layer` on the shipped config `name` (its parameters, the model replaced).
    static func layer(_ name: String) throws -> MessagePassingSystem<PBFTLayer> {
        var config = try ModelConfig.load(TestRepository.repo("Specs/pbft/\(name).cfg"))
        config.model = "pbft-layer"
        return try #require(try ModelCatalog.model(for: config).system(as: MessagePassingSystem<PBFTLayer>.self))
    }

    /// The checker's shortest violation of Agreement in `system`.
    static func counterexample(_ system: MessagePassingSystem<PBFTLayer>) throws -> Trace<MessagePassingSystem<PBFTLayer>> {
        var options = CheckerOptions()
        options.threadCount = 1
        options.usesSymmetry = true
        options.selectedProperties = ["Agreement"]
        return try #require(Checker(system, options: options).run().violations.first?.trace)
    }

    /// The checker's counterexample for quorums of 2f + 1 = 3 with n = 5, f = 1 (seeded mutant M2;
    /// the right quorum is n − f = 4) drives the replicas. The correct replica (quorum
    /// ⌈(n + f + 1)/2⌉ = 4) holds and conforms: it commits nothing. The replica with the same bug
    /// seeded (quorums one smaller) executes req1 at r1 and r2 and req2 at r3 and r4, at sequence
    /// number 1, as the spec's counterexample commits them.
    @Test func theQuorumCounterexampleBreaksOnlyTheReplicaWithThatBug() throws {
        let system = try Self.layer("mutant-quorum-2f1-n5")
        let schedule = try SpecSchedule(path: try Self.counterexample(system), system: system, source: "mutant-quorum-2f1-n5")
        // Two requests, 4 PRE-PREPAREs of the Byzantine r0, and per prepare and commit step the quorum
        // senders' messages (2 of them Byzantine COMMITs).
        #expect(schedule.stimuli.count == 14 && schedule.byzantine == [ReplicaID(0)] && schedule.replicaCount == 5)
        let correct = try SpecDrivenRun(schedule: schedule).run()
        #expect(correct.holds && correct.highestExecuted == 0)
        var buggy = try SpecDrivenRun.configuration(for: schedule)
        buggy.quorumReduction = 1
        let broken = try SpecDrivenRun(schedule: schedule, configuration: buggy).run()
        #expect(broken.disagreements == ["r1 and r3 executed different batches at 1"], "\(broken.disagreements)")
        // The validator no longer takes the quorum from the header on trust: the traces declare 3.
        #expect(broken.validation == nil)
        #expect(
            broken.validationError?.contains("params.quorum: 3 is not a PBFT quorum for n = 5, f = 1") == true,
            "\(broken.validationError ?? "")")
    }

    /// The counterexample files `bftcheck check` ships for the seeded spec mutants drive the correct
    /// replica, which holds on each (its rules are not the mutants'), from the packed spec's file (the
    /// same parameters checked again on pbft-layer) as from the layer's own path.
    @Test(arguments: ["mutant-quorum-2f1-n5", "mutant-viewchange-without-certificates", "mutant-newview-small-quorum"])
    func shippedCounterexamplesDriveTheCorrectReplica(name: String) throws {
        let schedule = try SpecSchedule(counterexampleAt: TestRepository.repo("Counterexamples/pbft/\(name).Agreement.json"))
        let outcome = try SpecDrivenRun(schedule: schedule).run()
        #expect(outcome.holds, "\(name): \(outcome.disagreements) \(outcome.validation?.text ?? "")")
        #expect(outcome.deliveries + outcome.byzantineDeliveries > outcome.unmatchedDeliveries, "\(name)")
    }

    /// Random walks of the bounded spec (those of `bftcheck test CONFIG`) drive the replica: 200
    /// walks each of a view change with a Byzantine replica and of a Byzantine new primary hold; the
    /// counts are pinned (deterministic walks, deterministic replicas).
    @Test(arguments: [
        ("n4-f1-view-change", [4_649, 2_229, 366, 1_095, 559]),
        ("n4-f1-new-primary-byzantine", [5_328, 1_630, 1_210, 1_036, 776]),
    ])
    func walksOfTheBoundedSpecDriveTheReplica(name: String, counts: [Int]) throws {
        let walks = try SpecPathWalks(config: TestRepository.repo("Specs/pbft/\(name).cfg"), depth: 100, seed: 1)
        var totals = SpecDrivenTotals()
        for run in 1...200 {
            let outcome = try SpecDrivenRun(schedule: try walks.schedule(run)).run()
            #expect(outcome.holds, "\(name) walk \(run): \(outcome.disagreements) \(outcome.validation?.text ?? "")")
            totals.add(outcome)
        }
        #expect(
            [totals.stimuli, totals.deliveries, totals.unmatchedDeliveries, totals.byzantineMessages, totals.timeouts] == counts,
            "\(name): stimuli, deliveries matched, unmatched, Byzantine, timeouts")
    }

    /// 100 walks of every shipped PBFT config the replica can run (n ≥ 3f + 1; the two unsafe
    /// configs are refused) drive it, 1,600 schedules in all, the mutants' configs included (their
    /// walks follow the mutant rules; the replica keeps its own): every run holds.
    @Test(arguments: ConfigLocator.allConfigs(under: TestRepository.repo("Specs/pbft")))
    func walksOfEveryShippedConfigHold(config: String) throws {
        let walks = try SpecPathWalks(config: config, depth: 100, seed: 1)
        let first = try walks.schedule(1)
        guard first.replicaCount >= 3 * first.faultThreshold + 1 else {
            #expect(config.hasSuffix("-unsafe.cfg"), "\(config) has n < 3f + 1")
            #expect(throws: ConfigurationError.self) { try SpecDrivenRun(schedule: first) }
            return
        }
        var executed: UInt64 = 0
        for run in 1...100 {
            let outcome = try SpecDrivenRun(schedule: try walks.schedule(run)).run()
            #expect(outcome.holds, "\(config) walk \(run): \(outcome.disagreements) \(outcome.validation?.text ?? "")")
            executed = max(executed, outcome.highestExecuted)
        }
        // The quorum mutant's walks deliver 2f + 1 = 3 matching votes, below the replica's quorum of 4.
        #expect(executed >= (config.hasSuffix("mutant-quorum-2f1-n5.cfg") ? 0 : 1), "\(config): no walk executed a request")
    }

    /// A counterexample with n ≤ 3f is refused by the replica (PBFT needs n ≥ 3f + 1), a file of another
    /// model by the schedule, each with the field at fault.
    @Test func counterexamplesTheReplicaCannotRunAreRefused() throws {
        let unsafe = try SpecSchedule(counterexampleAt: TestRepository.repo("Counterexamples/pbft/n3-f1-unsafe.Agreement.json"))
        #expect(throws: ConfigurationError.self) { try SpecDrivenRun(schedule: unsafe) }
        let error = #expect(throws: InputError.self) {
            try SpecSchedule(counterexampleAt: TestRepository.repo("Counterexamples/lock-mutex-bug.MutualExclusion.json"))
        }
        #expect(error?.description.contains("model") == true)
    }

    /// Walks with a Byzantine primary drive replicas whose quorums are one too small: the first
    /// failing seed's schedule (hundreds of stimuli) shrinks to a 1-minimal one that still makes
    /// two replicas execute different batches — removing any single stimulus makes it hold — and
    /// on which the correct replica holds. The file round-trips.
    @Test func aFailingScheduleShrinksToAOneMinimalRegressionTest() throws {
        var failing: SpecSchedule? = nil
        var buggy: ReplicaConfiguration? = nil
        for seed in UInt64(1)...20 {
            let walk = PBFTSpecWalk(
                .init(
                    checkpointInterval: 4, window: 8, byzantine: ReplicaSet([ReplicaID(0)]), byzantinePerMillion: 50_000,
                    timeoutsPerMillion: 10_000, seed: seed))
            let schedule = SpecSchedule(walk: walk, events: 300)
            var configuration = try SpecDrivenRun.configuration(for: schedule)
            configuration.quorumReduction = 1
            if !(try SpecDrivenRun(schedule: schedule, configuration: configuration).run(validating: false).disagreements.isEmpty) {
                failing = schedule
                buggy = configuration
                break
            }
        }
        let schedule = try #require(failing)
        let shrunk = try SpecDrivenShrinker(configuration: buggy).shrink(schedule)
        print(
            "shrunk \(schedule.source): \(shrunk.originalStimuli) → \(shrunk.schedule.stimuli.count) stimuli in \(shrunk.executions) runs")
        #expect(!shrunk.budgetExhausted && shrunk.schedule.stimuli.count < 30 && shrunk.originalStimuli > 100)
        #expect(!shrunk.run.disagreements.isEmpty)
        for index in shrunk.schedule.stimuli.indices {
            var smaller = shrunk.schedule
            smaller.stimuli.remove(at: index)
            #expect(try SpecDrivenRun(schedule: smaller, configuration: buggy).run(validating: false).disagreements.isEmpty)
        }
        #expect(try SpecDrivenRun(schedule: shrunk.schedule).run().holds)
        let directory = TestRepository.scratch("shrunk-schedule")
        let path = TestRepository.write(try shrunk.schedule.fileText(), named: "shrunk.json", in: directory)
        #expect(try SpecSchedule.read(from: path) == shrunk.schedule)
    }

    /// Every schedule kept under `Tests/ReplicaTests/Regressions/` holds on the replica. The first,
    /// `byzantine-view-change-in-new-view.json`, is the counterexample of
    /// mutant-viewchange-without-certificates shrunk from 18 to 5 stimuli: a correct new primary whose
    /// V holds a Byzantine replica's VIEW-CHANGE, which the validator once could not see.
    @Test func keptRegressionSchedulesHold() throws {
        let directory = TestRepository.repo("Tests/ReplicaTests/Regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let schedule = try SpecSchedule.read(from: (directory as NSString).appendingPathComponent(file))
            let outcome = try SpecDrivenRun(schedule: schedule).run()
            #expect(outcome.holds, "\(file): \(outcome.disagreements) \(outcome.validation?.text ?? "")")
        }
    }

    /// Malformed schedule files: one line naming the file and the field.
    @Test func malformedScheduleFilesAreRefusedWithTheField() throws {
        let directory = TestRepository.scratch("bad-schedules")
        let valid = try SpecSchedule(
            source: "test", replicaCount: 4, faultThreshold: 1, checkpointInterval: 2, window: 4,
            stimuli: [.timeout(replica: ReplicaID(1), view: View(1))]
        ).fileText()
        let cases: [(String, String)] = [
            ("not json", "not valid JSON"),
            (valid.replacingOccurrences(of: "bftcheck-spec-schedule/1", with: "other/1"), "format"),
            (valid.replacingOccurrences(of: "\"replicaCount\":4", with: "\"replicaCount\":2"), "replicaCount"),
            (valid.replacingOccurrences(of: "\"r1\"", with: "\"r9\""), "stimuli[0]"),
            (valid.replacingOccurrences(of: "\"window\":4", with: "\"window\":\"x\""), "window"),
            (valid.replacingOccurrences(of: "\"window\":4", with: "\"window\":0"), "window: expected 1..."),
            (valid.replacingOccurrences(of: "\"view\":\"v1\"", with: "\"view\":\"v-1\""), "stimuli[0]"),
        ]
        for (index, (text, field)) in cases.enumerated() {
            let path = TestRepository.write(text, named: "bad-\(index).json", in: directory)
            let error = #expect(throws: InputError.self) { try SpecSchedule.read(from: path) }
            #expect(error?.description.contains(path) == true && error?.description.contains(field) == true, "\(error?.description ?? "")")
        }
    }
}
