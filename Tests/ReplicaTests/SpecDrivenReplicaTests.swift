import Conformance
import Foundation
import MessagePassing
import ReplicaTesting
import Testing

/// The spec drives the production replica (`SpecDrivenRun`): schedules walked from the PBFT spec —
/// requests, deliveries in the spec's order, timeouts — replayed as the inputs of in-process
/// replicas, every run judged by agreement and by the trace validator.
@Suite struct SpecDrivenReplicaTests {
    static func drive(
        seeds: ClosedRange<UInt64>, events: Int, crashed: ReplicaSet = ReplicaSet(), byzantine: ReplicaSet = ReplicaSet(), timeouts: Int
    ) throws -> SpecDrivenTotals {
        var tally = SpecDrivenTotals()
        for seed in seeds {
            let walk = PBFTSpecWalk(
                .init(
                    checkpointInterval: 4, window: 8, crashed: crashed, byzantine: byzantine,
                    byzantinePerMillion: byzantine.isEmpty ? 0 : 50_000,
                    timeoutsPerMillion: timeouts, seed: seed))
            let outcome = try SpecDrivenRun(walk: walk, events: events).run()
            #expect(outcome.holds, "seed \(seed): \(outcome.disagreements) \(outcome.validation?.text ?? "not judged")")
            tally.add(outcome)
        }
        return tally
    }

    /// 200 schedules of four replicas, view changes in most: every run holds and conforms, and most
    /// of the spec's deliveries find the message the replica sent.
    @Test func specScheduledRunsOfFourReplicasHold() throws {
        let tally = try Self.drive(seeds: 1...200, events: 400, timeouts: 10_000)
        print("spec-driven replica, n = 4: \(tally)")
        #expect(
            tally.runs == 200 && tally.deliveries > 2 * tally.unmatchedDeliveries && tally.runsWithViewChange >= 100
                && tally.highestExecuted >= 8)
    }

    /// With r3 crashed from the start (the spec walk's too): the other three still agree and conform.
    @Test func specScheduledRunsWithACrashedReplicaHold() throws {
        let tally = try Self.drive(seeds: 1...100, events: 400, crashed: ReplicaSet([ReplicaID(3)]), timeouts: 10_000)
        print("spec-driven replica, n = 4, r3 crashed: \(tally)")
        #expect(tally.runs == 100 && tally.deliveries > tally.unmatchedDeliveries && tally.highestExecuted >= 4)
    }

    /// r0, the primary of views 0 and 4, is Byzantine in the walk: its PRE-PREPAREs (half of them
    /// equivocating), votes and checkpoints reach the real replicas as the walk sends them, and the
    /// three correct replicas still agree and conform (n = 3f + 1: the spec's n = 3f counterexample's
    /// equivocation does not break a correctly sized cluster).
    @Test func specScheduledRunsWithAByzantinePrimaryHold() throws {
        let tally = try Self.drive(seeds: 1...100, events: 400, byzantine: ReplicaSet([ReplicaID(0)]), timeouts: 10_000)
        print("spec-driven replica, n = 4, r0 Byzantine: \(tally)")
        #expect(tally.runs == 100 && tally.byzantineMessages >= 1_000 && tally.highestExecuted >= 4, "\(tally)")
    }

    /// The judge can fail: a run whose trace is altered (one replica claims to execute another batch)
    /// is rejected by the validator.
    @Test func anAlteredRunIsRejected() throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 4, window: 8, timeoutsPerMillion: 10_000, seed: 1))
        var outcome = try SpecDrivenRun(walk: walk, events: 400).run()
        #expect(outcome.holds)
        let position = try #require(outcome.traces.firstIndex { $0.text.contains("\"event\":\"executed\"") })
        let text = outcome.traces[position].text
        let range = try #require(text.range(of: #""event":"executed","seq":1,"digest":""#))
        outcome.traces[position].text = text.replacingCharacters(in: range, with: #""event":"executed","seq":1,"digest":"0"#)
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(
            texts: outcome.traces, options: ValidationOptions(reportsAll: false))
        #expect(!report.isConformant)
    }
}
