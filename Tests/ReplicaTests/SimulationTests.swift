import Testing

@testable import Replica

/// Many seeded schedules of the simulated cluster per fault kind: agreement and exactly-once always, and
/// completion of every request whenever the network loses nothing (Castro & Liskov, OSDI '99 §4.5).
@Suite struct SimulationTests {
    static func configuration(batchSize: Int = 1, interval: UInt64 = 2, window: UInt64 = 4) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: interval, window: window, batchSize: batchSize,
            batchTimeout: .milliseconds(2), viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100))
    }

    /// Runs `count` seeds of `make` and expects every property to hold; returns the outcomes.
    @discardableResult
    static func runSeeds(_ seeds: Range<UInt64>, _ make: (UInt64) throws -> SimulationScenario) throws -> [SimulationOutcome] {
        var outcomes: [SimulationOutcome] = []
        for seed in seeds {
            var simulator = try ClusterSimulator(scenario: try make(seed))
            let outcome = simulator.run()
            #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations.map(\.description).joined(separator: "; "))")
            outcomes.append(outcome)
        }
        return outcomes
    }

    @Test func goodNetworkCompletesEveryRequest() throws {
        let outcomes = try Self.runSeeds(1..<51) { seed in
            SimulationScenario(configuration: try Self.configuration(), seed: seed, clientCount: 3, requestsPerClient: 4)
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 12 && $0.highestView == .initial })
        print("good network:", outcomes.map(\.events).reduce(0, +), "events in", outcomes.count, "schedules")
    }

    @Test func crashedPrimaryIsReplacedByAViewChange() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(configuration: try Self.configuration(), seed: seed, faults: [ReplicaID(0): .crashed])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 6 && $0.highestView >= ViewNumber(1) })
    }

    @Test func primaryCrashingMidRun() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 5,
                faults: [ReplicaID(0): .crashes(at: .milliseconds(Int64(5 + seed % 40)))])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 10 })
    }

    @Test func crashedBackupDoesNotStopProgress() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(configuration: try Self.configuration(), seed: seed, faults: [ReplicaID(1 + Int(seed % 3)): .crashed])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 6 && $0.highestView == .initial })
    }

    @Test func equivocatingPrimaryNeverBreaksAgreement() throws {
        let outcomes = try Self.runSeeds(1..<41) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 3, requestsPerClient: 3,
                faults: [ReplicaID(0): .equivocatingPrimary])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 9 })
        #expect(outcomes.contains { $0.highestView >= ViewNumber(1) })
    }

    @Test func lyingVoterNeverBreaksAgreement() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(
                configuration: try Self.configuration(batchSize: 1 + Int(seed % 2)), seed: seed, clientCount: 3, requestsPerClient: 3,
                faults: [ReplicaID(Int(seed % 4)): .lyingVoter])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 9 && $0.lies > 0 })
    }

    @Test func laggingReplicaCatchesUpByStateTransfer() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 8,
                faults: [ReplicaID(3): .isolated(until: .milliseconds(150))])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 16 })
        #expect(outcomes.contains { $0.stateTransfers > 0 })
    }

    @Test func restartedReplicaRecoversFromItsWriteAheadLog() throws {
        let outcomes = try Self.runSeeds(1..<31) { seed in
            SimulationScenario(
                configuration: try Self.configuration(), seed: seed, clientCount: 2, requestsPerClient: 6,
                faults: [
                    ReplicaID(Int(seed % 4)): .restarts(
                        at: .milliseconds(Int64(5 + seed % 30)), downtime: .milliseconds(Int64(20 + seed % 50)))
                ])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 12 && $0.restarts == 1 })
        #expect(outcomes.allSatisfy { $0.tornTails <= 1 } && outcomes.contains { $0.tornTails == 1 })
    }

    @Test func sevenReplicasWithTwoFaults() throws {
        let configuration = try ReplicaConfiguration(
            replicaCount: 7, faultTolerance: 2, checkpointInterval: 2, window: 4, batchSize: 2, batchTimeout: .milliseconds(2),
            viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100))
        let outcomes = try Self.runSeeds(1..<21) { seed in
            SimulationScenario(
                configuration: configuration, seed: seed, clientCount: 3, requestsPerClient: 3,
                faults: [ReplicaID(0): .equivocatingPrimary, ReplicaID(1 + Int(seed % 6)): .crashed])
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 9 })
    }

    @Test func lossyNetworkStaysSafe() throws {
        let outcomes = try Self.runSeeds(1..<41) { seed in
            SimulationScenario(
                configuration: try Self.configuration(batchSize: 1 + Int(seed % 3)), seed: seed, clientCount: 3, requestsPerClient: 3,
                network: NetworkConditions(
                    minimumDelay: .milliseconds(1), maximumDelay: .milliseconds(40), dropRate: 0.05, duplicateRate: 0.1),
                faults: seed % 2 == 0 ? [ReplicaID(0): .equivocatingPrimary] : [:], eventLimit: 20_000, timeLimit: .seconds(20))
        }
        print(
            "lossy:", outcomes.map(\.completedRequests).reduce(0, +), "of", outcomes.map(\.expectedRequests).reduce(0, +),
            "requests completed")
    }

    @Test func batchingOrdersSeveralRequestsPerSequenceNumber() throws {
        let outcomes = try Self.runSeeds(1..<21) { seed in
            SimulationScenario(
                configuration: try Self.configuration(batchSize: 4, interval: 4, window: 8), seed: seed, clientCount: 8,
                requestsPerClient: 3)
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 24 })
        #expect(outcomes.allSatisfy { $0.highestExecuted < SequenceNumber(24) })
    }
}

/// The simulator's checks must catch a broken protocol: with quorums one smaller than PBFT's, an
/// equivocating primary splits the correct replicas (Castro & Liskov §4.2's quorum-intersection argument
/// no longer holds).
@Suite struct SimulationCheckerTests {
    @Test func weakenedQuorumIsCaughtAsAnAgreementViolation() throws {
        var configuration = try SimulationTests.configuration()
        configuration.quorumReduction = 1
        var caught = 0
        for seed in UInt64(1)..<11 {
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: configuration, seed: seed, clientCount: 3, requestsPerClient: 3,
                    faults: [ReplicaID(0): .equivocatingPrimary]))
            let outcome = simulator.run()
            if outcome.violations.contains(where: \.isAgreement) { caught += 1 }
        }
        #expect(caught >= 5, "only \(caught) of 10 schedules exposed the weakened quorum")
    }
}
