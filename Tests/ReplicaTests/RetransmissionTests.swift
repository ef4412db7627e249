import Testing

@testable import Replica

/// Retransmission from the pure state machine (Castro & Liskov, TOCS 2002 §5.2): a timer input that
/// returns send actions re-sending the VIEW-CHANGE, the normal-case votes of unfinished sequence numbers
/// and the latest CHECKPOINT; on a network that loses messages, runs that stalled complete.
@Suite struct RetransmissionTests {
    static func configuration(retransmitting: Bool) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: 2, window: 4, batchSize: 1, batchTimeout: .milliseconds(2),
            viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100),
            retransmitInterval: retransmitting ? .milliseconds(50) : nil)
    }

    /// r3 crashed, so every quorum needs all three others, and 15 % of messages are lost.
    static func lossyRuns(retransmitting: Bool) throws -> [SimulationOutcome] {
        try (UInt64(1)..<21).map { seed in
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: try configuration(retransmitting: retransmitting), seed: seed, clientCount: 2, requestsPerClient: 4,
                    network: NetworkConditions(minimumDelay: .milliseconds(1), maximumDelay: .milliseconds(10), dropRate: 0.15),
                    faults: [ReplicaID(3): .crashed], eventLimit: 60_000, timeLimit: .seconds(10)))
            return simulator.run()
        }
    }

    @Test func aBackupReSendsItsVotesUntilTheSlotIsDone() throws {
        var cluster = try LockstepCluster(try Self.configuration(retransmitting: true))
        cluster.request(request(1, 1), to: [0])
        // r2 pre-prepared and sent PREPARE, but every COMMIT is lost: the slot is unfinished.
        cluster.deliverAll(hold: { message, _, _ in if case .commit = message { true } else { false } })
        cluster.held = []
        let digest = request(1, 1).digest
        #expect(cluster.actions[ReplicaID(2)]!.contains(.setTimer(.retransmit, after: .milliseconds(50))))
        let resent = cluster.replicas[2].timerFired(.retransmit)
        let vote = SlotVote(view: .initial, sequence: SequenceNumber(1), digest: digest)
        let others = [ReplicaID(0), ReplicaID(1), ReplicaID(3)]
        // Re-armed with the backoff: no progress since the timer was set, so the interval doubles.
        #expect(
            resent == [
                .send(.prepare(vote), to: others), .send(.commit(vote), to: others), .setTimer(.retransmit, after: .milliseconds(100)),
            ])
        // The primary re-sends its PRE-PREPARE.
        let prePrepare = PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: RequestBatch([request(1, 1)]))
        let fromPrimary = cluster.replicas[0].timerFired(.retransmit)
        #expect(fromPrimary.first == .send(.prePrepare(prePrepare), to: [ReplicaID(1), ReplicaID(2), ReplicaID(3)]))
        cluster.take(resent, of: ReplicaID(2))
        cluster.take(fromPrimary, of: ReplicaID(0))
        for index in [1, 3] {
            let actions = cluster.replicas[index].timerFired(.retransmit)
            cluster.take(actions, of: ReplicaID(index))
        }
        cluster.deliverAll()
        for index in 0..<4 { #expect(cluster.executed(by: index).map(\.1) == [digest]) }
        // Executed, but the others may still need its COMMIT until a checkpoint is stable: the timer stops
        // only when checkpoint 2 is.
        cluster.request(request(1, 2), to: [0])
        cluster.deliverAll()
        for index in 0..<4 {
            #expect(cluster[index].stableCheckpoint == SequenceNumber(2))
            let timerActions = cluster.actions[ReplicaID(index)]!.filter {
                switch $0 {
                case .setTimer(.retransmit, _), .cancelTimer(.retransmit): true
                default: false
                }
            }
            #expect(timerActions.last == .cancelTimer(.retransmit))
        }
    }

    @Test func aChangingReplicaReSendsItsViewChangeAndThePrimaryAnswersWithNewView() throws {
        var cluster = try LockstepCluster(try Self.configuration(retransmitting: true))
        for index in [1, 2, 3] {
            cluster.replicas[index].startViewChange()
            let actions = cluster.replicas[index].takeOutbox()
            cluster.take(actions, of: ReplicaID(index))
        }
        // r3's NEW-VIEW is lost: r1 and r2 enter view 1, r3 keeps waiting.
        cluster.deliverAll(hold: { message, _, receiver in if case .newView = message { receiver == ReplicaID(3) } else { false } })
        cluster.held = []
        #expect(cluster[3].isChangingView && !cluster[1].isChangingView)
        let resent = cluster.replicas[3].timerFired(.retransmit)
        guard case .send(.viewChange(let change), _) = resent.first else {
            Issue.record("no VIEW-CHANGE re-sent: \(resent)")
            return
        }
        #expect(change.view == ViewNumber(1))
        cluster.take(resent, of: ReplicaID(3))
        cluster.deliverAll()
        #expect(cluster[3].view == ViewNumber(1) && !cluster[3].isChangingView)
    }

    @Test func lossyRunsThatStalledCompleteWithRetransmission() throws {
        let without = try Self.lossyRuns(retransmitting: false)
        let with = try Self.lossyRuns(retransmitting: true)
        for outcome in without + with {
            #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations.map(\.description).joined(separator: "; "))")
        }
        let stalled = without.filter { $0.completedRequests < $0.expectedRequests }
        print(
            "lossy, r3 crashed:", stalled.count, "of 20 stalled without retransmission;",
            with.filter { $0.completedRequests < $0.expectedRequests }.count, "with")
        #expect(stalled.count == 20)
        #expect(with.allSatisfy { $0.completedRequests == $0.expectedRequests })
    }
}
