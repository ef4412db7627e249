import Conformance
import Testing

@testable import Replica

/// Twins as the adversary of the production replica (Bano, Sonnino, Chursin, Perelman and Malkhi,
/// "Twins: BFT Systems Made Robust", OPODIS 2021; issue 14): two correct instances under one identity,
/// each heard by its own part of the cluster. The replicas must keep agreement whatever the twins
/// send, and their logs must satisfy the trace validator; with quorums one smaller than PBFT's, the
/// twins alone must split the cluster.
@Suite struct TwinsTests {
    static func configuration(replicas: Int = 4) throws -> ReplicaConfiguration {
        try FaultScenario.configuration(replicas: replicas)
    }

    /// The primary of view 0 as twins, the second heard by the last f backups.
    static func scenario(_ configuration: ReplicaConfiguration, seed: UInt64) -> SimulationScenario {
        let secondSide = Array(configuration.replicas.suffix(configuration.faultTolerance))
        return SimulationScenario(
            configuration: configuration, seed: seed, clientCount: 3, requestsPerClient: 3,
            faults: [configuration.primary(of: .initial): .twins(secondSide: secondSide)])
    }

    @Test(arguments: [4, 7])
    func twinsNeverBreakAgreementAndTheirRunsConform(replicas: Int) throws {
        let configuration = try Self.configuration(replicas: replicas)
        var contradicting = 0
        for seed in UInt64(1)...30 {
            var simulator = try ClusterSimulator(scenario: Self.scenario(configuration, seed: seed))
            let outcome = simulator.run()
            #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations.map(\.description).joined(separator: "; "))")
            #expect(outcome.completedRequests == 9, "\(outcome.reproduction)")
            if outcome.twinContradictions > 0 { contradicting += 1 }
            let files = simulator.traceFiles().map { (name: $0.name, text: $0.contents) }
            #expect(files.count == replicas - 1)
            let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files)
            #expect(report.isConformant, "\(outcome.reproduction): \(report.text)")
        }
        print("twins n=\(replicas): \(contradicting) of 30 schedules with contradicting messages under one identity")
        // The twins really equivocate: most schedules order the clients' requests differently.
        #expect(contradicting >= 15, "only \(contradicting) of 30 schedules made the twins contradict each other")
    }

    @Test func withQuorumsOneSmallerTheTwinsSplitTheCluster() throws {
        var configuration = try Self.configuration()
        configuration.quorumReduction = 1
        var caught = 0
        for seed in UInt64(1)...10 {
            var simulator = try ClusterSimulator(scenario: Self.scenario(configuration, seed: seed))
            if simulator.run().violations.contains(where: \.isAgreement) { caught += 1 }
        }
        print("twins, quorums one smaller: \(caught) of 10 schedules broke agreement")
        #expect(caught >= 5, "only \(caught) of 10 schedules exposed the weakened quorum")
    }

    @Test func aMalformedTwinsFaultIsRefused() throws {
        let configuration = try Self.configuration()
        for side in [[ReplicaID(0)], [ReplicaID(9)]] {
            let scenario = SimulationScenario(configuration: configuration, seed: 1, faults: [ReplicaID(0): .twins(secondSide: side)])
            #expect(throws: ConfigurationError.self) { _ = try ClusterSimulator(scenario: scenario) }
        }
    }
}
