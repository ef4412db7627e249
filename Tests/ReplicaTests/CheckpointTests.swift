import Testing

@testable import Replica

/// Checkpoints and state transfer driven by scripted inputs (Castro & Liskov, OSDI '99 §4.3).
@Suite struct CheckpointTests {
    @Test func laggingReplicaFetchesAndVerifiesTheStableState() throws {
        var cluster = try LockstepCluster(try smallConfiguration(interval: 2, window: 4))
        let lagging = ReplicaID(3)
        for client in UInt32(1)...4 { cluster.request(request(client, 1), to: [0]) }
        // r3 hears nothing of the normal case.
        cluster.deliverAll { message, _, receiver in
            if receiver != lagging { return false }
            if case .checkpoint = message { return false }
            if case .fetchState = message { return false }
            if case .state = message { return false }
            return true
        }
        let leader = cluster[0]
        let follower = cluster[3]
        #expect(leader.stableCheckpoint == SequenceNumber(4))
        #expect(follower.lastExecuted == SequenceNumber(4))
        #expect(follower.stableCheckpoint == SequenceNumber(4))
        #expect(follower.service == leader.service)
        #expect(cluster.executed(by: 3).isEmpty)
        let stable = cluster.steps(of: 3).compactMap { if case .checkpointStable(let n, _) = $0 { n.number } else { nil } }
        #expect(stable.last == 4)
        // It learned the clients' last replies too: a retransmitted request gets the cached reply.
        var copy = cluster.replicas[3]
        #expect(copy.receive(request: request(2, 1)).contains(.dropped(.staleRequest)))
    }

    @Test func aStateThatDoesNotMatchTheCertifiedDigestIsRefused() throws {
        var replica = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(3))
        let real = CheckpointSnapshot(
            sequence: SequenceNumber(2), history: .hashing([1]), service: CounterService().snapshot(), replies: [])
        for sender in 0..<3 {
            _ = replica.receive(.checkpoint(CheckpointVote(sequence: SequenceNumber(2), stateDigest: real.digest)), from: ReplicaID(sender))
        }
        #expect(replica.fetching == StateFetch(sequence: SequenceNumber(2), stateDigest: real.digest))
        let forged = CheckpointSnapshot(
            sequence: SequenceNumber(2), history: .hashing([2]), service: CounterService().snapshot(), replies: [])
        #expect(replica.receive(.state(forged), from: ReplicaID(0)) == [.dropped(.invalidState)])
        let garbage = CheckpointSnapshot(sequence: SequenceNumber(2), history: .hashing([1]), service: [1, 2, 3], replies: [])
        #expect(replica.receive(.state(garbage), from: ReplicaID(0)) == [.dropped(.invalidState)])
        let installed = replica.receive(.state(real), from: ReplicaID(1))
        #expect(installed.contains(.record(.checkpointStable(SequenceNumber(2), state: real.digest))))
        #expect(replica.stableCheckpoint == SequenceNumber(2) && replica.lastExecuted == SequenceNumber(2))
    }

    @Test func checkpointVotesOffTheIntervalOrBelowTheStableCheckpointAreDropped() throws {
        var replica = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(interval: 2), id: ReplicaID(1))
        #expect(
            replica.receive(.checkpoint(CheckpointVote(sequence: SequenceNumber(3), stateDigest: .zero)), from: ReplicaID(0)) == [
                .dropped(.outOfWindow)
            ])
        #expect(
            replica.receive(.checkpoint(CheckpointVote(sequence: .genesis, stateDigest: .zero)), from: ReplicaID(0)) == [
                .dropped(.outOfWindow)
            ])
        let vote = CheckpointVote(sequence: SequenceNumber(2), stateDigest: .zero)
        #expect(replica.receive(.checkpoint(vote), from: ReplicaID(0)) == [.record(.received(.checkpoint(vote), from: ReplicaID(0)))])
        #expect(replica.receive(.checkpoint(vote), from: ReplicaID(0)) == [.dropped(.duplicate)])
    }
}
