import Testing

@testable import Replica

/// The normal case driven by scripted inputs (Castro & Liskov, OSDI '99 §4.2): exact actions for each
/// input, in-order execution of out-of-order commits, the watermarks, de-duplication and batching.
@Suite struct NormalCaseTests {
    let r0 = ReplicaID(0)
    let r1 = ReplicaID(1)
    let others = [ReplicaID(1), ReplicaID(2), ReplicaID(3)]

    @Test func primaryOrdersAFullBatchAtOnce() throws {
        var primary = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: r0)
        let req = request(1, 1)
        let batch = RequestBatch([req])
        #expect(batch.digest == req.digest)
        let actions = primary.receive(request: req)
        #expect(
            actions == [
                .record(.request(batch)), .record(.prePrepared(.initial, SequenceNumber(1), req.digest)),
                .send(.prePrepare(PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: batch)), to: others),
            ])
    }

    @Test func backupAcceptsPrePrepareSendsPrepareAndStartsNoTimerWithoutRequests() throws {
        var backup = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: r1)
        let batch = RequestBatch([request(1, 1)])
        let prePrepare = PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: batch)
        let actions = backup.receive(.prePrepare(prePrepare), from: r0)
        #expect(
            actions == [
                .record(.received(.prePrepare(prePrepare), from: r0)), .record(.prePrepared(.initial, SequenceNumber(1), batch.digest)),
                .send(
                    .prepare(SlotVote(view: .initial, sequence: SequenceNumber(1), digest: batch.digest)),
                    to: [r0, ReplicaID(2), ReplicaID(3)]),
            ])
        // The same PRE-PREPARE again is a duplicate; another digest for (v0, 1) conflicts; not from the primary is refused.
        #expect(backup.receive(.prePrepare(prePrepare), from: r0) == [.dropped(.duplicate)])
        let other = PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: RequestBatch([request(2, 1)]))
        #expect(backup.receive(.prePrepare(other), from: r0) == [.dropped(.conflictingPrePrepare)])
        #expect(backup.receive(.prePrepare(other), from: ReplicaID(2)) == [.dropped(.wrongSender)])
        #expect(
            backup.receive(.prepare(SlotVote(view: .initial, sequence: SequenceNumber(1), digest: batch.digest)), from: r0) == [
                .dropped(.wrongSender)
            ])
    }

    @Test func membershipIsChecked() throws {
        var backup = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: r1)
        let vote = SlotVote(view: .initial, sequence: SequenceNumber(1), digest: .zero)
        #expect(backup.receive(.commit(vote), from: ReplicaID(7)) == [.dropped(.nonMember)])
        #expect(backup.receive(.commit(vote), from: r1) == [.dropped(.fromSelf)])
        #expect(throws: ConfigurationError.self) {
            try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(4))
        }
    }

    @Test func allReplicasExecuteAndReply() throws {
        var cluster = try LockstepCluster(try smallConfiguration())
        let req = request(1, 1, "apples")
        cluster.request(req, to: [0])
        cluster.deliverAll()
        for index in 0..<4 {
            #expect(cluster.executed(by: index).map(\.0) == [SequenceNumber(1)])
            #expect(cluster[index].lastExecuted == SequenceNumber(1))
            #expect(cluster[index].lastRecord(of: ClientID(1))?.result == Array("apples=1".utf8))
        }
        #expect(cluster.replies.count == 4)
        #expect(Set(cluster.replies.map(\.result)) == [Array("apples=1".utf8)])
        // Each replica logged pre-prepared, prepared, committed and executed once.
        let steps = cluster.steps(of: 2).filter { if case .received = $0 { false } else { true } }
        #expect(
            steps == [
                .prePrepared(.initial, SequenceNumber(1), req.digest), .prepared(.initial, SequenceNumber(1), req.digest),
                .committed(.initial, SequenceNumber(1), req.digest),
                .executed(SequenceNumber(1), req.digest, results: [Array("apples=1".utf8)]),
            ])
    }

    @Test func commitsOutOfOrderExecuteInOrder() throws {
        var cluster = try LockstepCluster(try smallConfiguration(window: 4))
        cluster.request(request(1, 1), to: [0])
        cluster.request(request(2, 1), to: [0])
        // Hold back every COMMIT for sequence number 1 until sequence number 2 has committed everywhere.
        cluster.deliverAll { message, _, _ in
            if case .commit(let vote) = message { return vote.sequence == SequenceNumber(1) }
            return false
        }
        for index in 0..<4 {
            #expect(cluster.steps(of: index).contains(.committed(.initial, SequenceNumber(2), request(2, 1).digest)))
            #expect(cluster.executed(by: index).isEmpty)
            #expect(cluster[index].committedBatch(at: SequenceNumber(2)) != nil)
        }
        // Now let sequence number 1 commit: both execute, 1 before 2.
        cluster.release()
        cluster.deliverAll()
        for index in 0..<4 { #expect(cluster.executed(by: index).map(\.0) == [SequenceNumber(1), SequenceNumber(2)]) }
    }

    @Test func windowBoundsWhatIsKeptAndWhatIsActedOn() throws {
        var backup = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(interval: 2, window: 2), id: r1)
        // h = 0, L = 2: 1…2 acted on, 3…4 kept for later, 5 and beyond dropped.
        let far = PrePrepare(view: .initial, sequence: SequenceNumber(5), batch: RequestBatch([request(1, 5)]))
        #expect(backup.receive(.prePrepare(far), from: r0) == [.dropped(.outOfWindow)])
        let ahead = PrePrepare(view: .initial, sequence: SequenceNumber(3), batch: RequestBatch([request(1, 3)]))
        #expect(backup.receive(.prePrepare(ahead), from: r0) == [.record(.received(.prePrepare(ahead), from: r0))])
        let stale = PrePrepare(view: .initial, sequence: .genesis, batch: RequestBatch([request(1, 0)]))
        #expect(backup.receive(.prePrepare(stale), from: r0) == [.dropped(.outOfWindow)])
    }

    @Test func primaryStopsAtTheHighWatermarkAndResumesAfterTheCheckpoint() throws {
        var cluster = try LockstepCluster(try smallConfiguration(interval: 2, window: 2))
        for client in UInt32(1)...5 { cluster.request(request(client, 1), to: [0]) }
        // Only sequence numbers 1 and 2 may be assigned before checkpoint 2 is stable.
        let proposed = cluster.steps(of: 0).filter { if case .prePrepared = $0 { true } else { false } }
        #expect(proposed.count == 2)
        cluster.deliverAll()
        for index in 0..<4 {
            #expect(cluster.executed(by: index).map(\.0.number) == [1, 2, 3, 4, 5])
            #expect(cluster[index].stableCheckpoint == SequenceNumber(4))
            #expect(cluster[index].committedBatch(at: SequenceNumber(4)) == nil)  // garbage-collected
            #expect(cluster[index].committedBatch(at: SequenceNumber(5)) != nil)
        }
        let stable = cluster.steps(of: 1).compactMap { if case .checkpointStable(let n, _) = $0 { n.number } else { nil } }
        #expect(stable == [2, 4])
    }

    @Test func executedRequestIsNotOrderedAgainAndItsReplyIsResent() throws {
        var cluster = try LockstepCluster(try smallConfiguration())
        let req = request(1, 1, "pears")
        cluster.request(req, to: [0, 1, 2, 3])
        cluster.deliverAll()
        #expect(cluster.replies.count == 4)
        var primary = cluster.replicas[0]
        let again = primary.receive(request: req)
        #expect(
            again == [
                .reply(ClientReply(view: .initial, timestamp: 1, client: ClientID(1), replica: r0, result: Array("pears=1".utf8))),
                .dropped(.staleRequest),
            ])
        #expect(primary.receive(request: request(1, 0, "old")) == [.dropped(.staleRequest)])
        // A duplicate of a request still pending is dropped without ordering it twice.
        var fresh = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(batchSize: 2), id: r0)
        _ = fresh.receive(request: request(3, 1))
        #expect(fresh.receive(request: request(3, 1)) == [.dropped(.duplicate)])
    }

    @Test func batchTimerOrdersAPartialBatch() throws {
        var primary = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(batchSize: 3), id: r0)
        #expect(primary.receive(request: request(1, 1)) == [.setTimer(.batch, after: .milliseconds(5))])
        #expect(primary.receive(request: request(2, 1)) == [])
        let actions = primary.timerFired(.batch)
        let batch = RequestBatch([request(1, 1), request(2, 1)])
        #expect(batch.digest != request(1, 1).digest)
        #expect(actions.contains(.send(.prePrepare(PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: batch)), to: others)))
        // A full batch goes at once, without the timer.
        for client in UInt32(3)...5 { _ = primary.receive(request: request(client, 1)) }
        #expect(primary.nextSequence == SequenceNumber(3))
    }

    @Test func backupWithAWaitingRequestRunsItsViewChangeTimer() throws {
        var backup = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: r1)
        #expect(backup.receive(request: request(1, 1)) == [.setTimer(.viewChange(.initial), after: .milliseconds(100))])
        #expect(backup.pendingRequestCount == 1)
    }
}
