import Conformance
import Foundation
import Replica
import Testing

/// The replica's traces, judged by the trace validator (Docs/conformance.md) with the PBFT spec's
/// rules: every simulated run must be accepted whole, client replies included. The Replica module
/// never imports Conformance: the two meet only in the trace format.
@Suite struct ReplicaConformanceTests {
    /// What happened to the runs of one scenario.
    struct Tally {
        var judged = 0
        var events = 0
        /// Judged runs in which some replica changed views.
        var withViewChange = 0
        /// Judged runs in which some replica installed a checkpoint by state transfer.
        var withStateTransfer = 0
        /// Judged runs that ordered fewer sequence numbers than requests (some batch held several).
        var withBatches = 0
    }

    static func configuration(interval: UInt64 = 2, window: UInt64 = 4) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: interval, window: window, batchSize: 1,
            batchTimeout: .milliseconds(2), viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100))
    }

    /// Simulates each seed, writes its traces, and expects the validator to accept every run.
    static func judge(_ seeds: Range<UInt64>, _ make: (UInt64) throws -> SimulationScenario) throws -> Tally {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-conformance-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var tally = Tally()
        for seed in seeds {
            var simulator = try ClusterSimulator(scenario: try make(seed))
            let outcome = simulator.run()
            #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations)")
            let paths = try simulator.writeTraces(to: "\(root)/seed-\(seed)")
            let report = try TraceValidator(codec: PBFTTraceCodec()).validate(paths: paths)
            #expect(report.isConformant, "\(outcome.reproduction)\n\(report.text)")
            #expect(report.consumed == report.events)
            tally.judged += 1
            tally.events += report.events
            if outcome.highestView > .initial { tally.withViewChange += 1 }
            if outcome.stateTransfers > 0 { tally.withStateTransfer += 1 }
            if outcome.highestExecuted.number < UInt64(outcome.completedRequests) { tally.withBatches += 1 }
        }
        return tally
    }

    @Test func normalCaseWithCheckpoints() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 2)
        }
        #expect(tally.judged == 20)
        print("conformance, normal case: \(tally.judged) runs, \(tally.events) events accepted")
    }

    @Test func crashedPrimaryAndViewChange() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 2, faults: [ReplicaID(0): .crashed])
        }
        #expect(tally.judged == 20 && tally.withViewChange == tally.judged)
        print("conformance, crashed primary: \(tally.judged) runs judged, \(tally.events) events")
    }

    @Test func equivocatingPrimary() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 3, requestsPerClient: 1,
                faults: [ReplicaID(0): .equivocatingPrimary])
        }
        #expect(tally.judged == 20 && tally.withViewChange > 0)
        print(
            "conformance, equivocating primary: \(tally.judged) runs judged, \(tally.withViewChange) with a view change, \(tally.events) events"
        )
    }

    @Test func lyingVoter() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 2,
                faults: [ReplicaID(1 + Int(seed % 3)): .lyingVoter])
        }
        #expect(tally.judged == 20)
        print("conformance, lying voter: \(tally.judged) runs judged, \(tally.events) events")
    }

    @Test func primaryCrashingMidRun() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 2,
                faults: [ReplicaID(0): .crashes(at: .milliseconds(Int64(3 + seed % 20)))])
        }
        #expect(tally.judged == 20)
        print("conformance, primary crashing: \(tally.judged) runs judged, \(tally.events) events")
    }

    @Test func laggingReplica() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(interval: 1, window: 2), seed: seed, clientCount: 1, requestsPerClient: 4,
                faults: [ReplicaID(3): .isolated(until: .milliseconds(Int64(10 + seed % 30)))])
        }
        #expect(tally.judged == 20 && tally.withStateTransfer > 0)
        print(
            "conformance, lagging replica: \(tally.judged) runs judged, \(tally.withStateTransfer) with state transfer, \(tally.events) events"
        )
    }

    @Test func replicaRestartingFromItsLog() throws {
        let tally = try Self.judge(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 2,
                faults: [ReplicaID(Int(seed % 4)): .restarts(at: .milliseconds(Int64(3 + seed % 20)), downtime: .milliseconds(30))])
        }
        #expect(tally.judged == 20)
        print(
            "conformance, restart: \(tally.judged) runs judged, \(tally.withViewChange) with a view change"
        )
    }

    @Test func batchesOfTwoAreOrderedAsOneDigest() throws {
        let tally = try Self.judge(1..<21) { seed in
            var configuration = try Self.configuration()
            configuration = try ReplicaConfiguration(
                replicaCount: 4, faultTolerance: 1, checkpointInterval: 2, window: 4, batchSize: 2, batchTimeout: .milliseconds(2),
                viewChangeTimeout: configuration.viewChangeTimeout, stateFetchTimeout: configuration.stateFetchTimeout)
            return SimulationScenario(configuration: configuration, seed: seed, clientCount: 4, requestsPerClient: 1)
        }
        #expect(tally.judged == 20 && tally.withBatches > 0)
        print("conformance, batches of 2: \(tally.judged) runs judged, \(tally.withBatches) with a batch of 2, \(tally.events) events")
    }

    /// The pipeline can fail: one replica's tampered result must be rejected.
    @Test func tamperedResultIsRejected() throws {
        var simulator = try ClusterSimulator(
            scenario: SimulationScenario(configuration: try Self.configuration(), seed: 7, clientCount: 2, requestsPerClient: 2))
        #expect(simulator.run().holds)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-tampered-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = try simulator.writeTraces(to: root)
        let victim = paths.first { $0.hasSuffix("r2.ndjson") }!
        var text = try String(contentsOfFile: victim, encoding: .utf8)
        let range = try #require(text.range(of: "\"result\":\"counter-"))
        text.replaceSubrange(range, with: "\"result\":\"tampered-")
        try text.write(toFile: victim, atomically: true, encoding: .utf8)
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(paths: paths)
        #expect(!report.isConformant)
        #expect(report.divergences.first?.problem.contains("result") == true, "\(report.text)")
    }
}
