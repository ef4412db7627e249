import Testing

@testable import Replica

/// View changes driven by scripted inputs (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5): prepared
/// certificates in VIEW-CHANGE, O recomputed by the new primary and checked by the backups, the f + 1
/// rule and doubling timeouts.
@Suite struct ViewChangeTests {
    let v0 = ViewNumber.initial
    let v1 = ViewNumber(1)

    /// A cluster where request (1, 1) is prepared at sequence number 1 everywhere, but no COMMIT arrived.
    func preparedNotCommitted() throws -> LockstepCluster {
        var cluster = try LockstepCluster(try smallConfiguration())
        cluster.request(request(1, 1), to: [0, 1, 2, 3])
        cluster.deliverAll { message, _, _ in if case .commit = message { true } else { false } }
        cluster.held = []
        return cluster
    }

    @Test func viewChangeCarriesTheLatestPreparedCertificates() throws {
        var cluster = try preparedNotCommitted()
        let batch = RequestBatch([request(1, 1)])
        #expect(cluster.executed(by: 1).isEmpty)
        cluster.fire(.viewChange(v0), at: 2)
        let expected = ViewChange(
            view: v1, checkpoint: .genesis, checkpointDigest: cluster[2].stableDigest,
            prepared: [
                // The proof: the PREPAREs it counted when it became prepared (r1's, then its own).
                PreparedCertificate(
                    view: v0, sequence: SequenceNumber(1), batch: batch,
                    prepares: [SignedPrepare(replica: ReplicaID(1)), SignedPrepare(replica: ReplicaID(2))])
            ])
        let actions = cluster.actions[ReplicaID(2)]!.suffix(3)
        #expect(
            Array(actions) == [
                .record(.viewChange(v1)),
                .send(.viewChange(expected), to: [ReplicaID(0), ReplicaID(1), ReplicaID(3)]),
                .setTimer(.viewChange(v1), after: .milliseconds(200)),
            ])
        #expect(cluster[2].isChangingView && cluster[2].view == v1)
    }

    @Test func newPrimaryReproposesThePreparedBatchAndEveryoneExecutesItOnce() throws {
        var cluster = try preparedNotCommitted()
        for index in [2, 3] { cluster.fire(.viewChange(v0), at: index) }
        cluster.deliverAll()
        let digest = request(1, 1).digest
        // r1 joined by the f + 1 rule, then built NEW-VIEW(v1) with O = [the prepared batch].
        #expect(cluster.steps(of: 1).contains(.viewChange(v1)))
        #expect(cluster.steps(of: 1).contains(.newView(v1, checkpoint: .genesis, state: cluster[1].stableDigest, o: [digest])))
        for index in 0..<4 {
            #expect(cluster[index].view == v1 && !cluster[index].isChangingView)
            #expect(cluster.executed(by: index).map(\.0) == [SequenceNumber(1)])
            #expect(cluster.executed(by: index).map(\.1) == [digest])
        }
        #expect(cluster.replies.count == 4)
        // The new primary orders the next request at sequence number 2, in view 1.
        cluster.request(request(2, 1), to: [1])
        cluster.deliverAll()
        for index in 0..<4 { #expect(cluster.executed(by: index).map(\.0.number) == [1, 2]) }
    }

    @Test func recomputationTakesTheHighestViewAndFillsGapsWithNull() throws {
        let a = RequestBatch([request(1, 1)])
        let b = RequestBatch([request(2, 1)])
        let c = RequestBatch([request(3, 1)])
        let genesis = Digest.hashing([1])
        func change(_ prepared: [PreparedCertificate]) -> ViewChange {
            ViewChange(view: ViewNumber(2), checkpoint: .genesis, checkpointDigest: genesis, prepared: prepared)
        }
        let v = [
            SignedViewChange(
                sender: ReplicaID(0), viewChange: change([PreparedCertificate(view: v0, sequence: SequenceNumber(1), batch: a)])),
            SignedViewChange(
                sender: ReplicaID(1),
                viewChange: change([
                    PreparedCertificate(view: v1, sequence: SequenceNumber(1), batch: b),
                    PreparedCertificate(view: v0, sequence: SequenceNumber(3), batch: c),
                ])),
            SignedViewChange(sender: ReplicaID(3), viewChange: change([])),
        ]
        let result = try #require(PBFTStateMachine<CounterService>.recompute(from: v))
        #expect(result.checkpoint == .genesis && result.digest == genesis)
        #expect(result.batches == [b, .null, c])
    }

    @Test func backupsRejectANewViewWhoseOIsNotWhatVYields() throws {
        var cluster = try preparedNotCommitted()
        for index in [1, 2, 3] { cluster.fire(.viewChange(v0), at: index) }
        let changes = cluster.inFlight.compactMap { item -> SignedViewChange? in
            if case .viewChange(let message) = item.message, item.to == ReplicaID(0) {
                SignedViewChange(sender: item.from, viewChange: message)
            } else {
                nil
            }
        }
        #expect(changes.count == 3)
        var backup = cluster.replicas[3]
        let genesis = backup.stableDigest
        let forged = NewView(view: v1, viewChanges: changes, checkpoint: .genesis, checkpointDigest: genesis, batches: [.null])
        #expect(backup.receive(.newView(forged), from: ReplicaID(1)) == [.dropped(.invalidNewView)])
        let tooFew = NewView(
            view: v1, viewChanges: Array(changes.prefix(2)), checkpoint: .genesis, checkpointDigest: genesis,
            batches: [RequestBatch([request(1, 1)])])
        #expect(backup.receive(.newView(tooFew), from: ReplicaID(1)) == [.dropped(.invalidNewView)])
        let honest = NewView(
            view: v1, viewChanges: changes, checkpoint: .genesis, checkpointDigest: genesis, batches: [RequestBatch([request(1, 1)])])
        #expect(backup.receive(.newView(honest), from: ReplicaID(2)) == [.dropped(.wrongSender)])
        let accepted = backup.receive(.newView(honest), from: ReplicaID(1))
        #expect(accepted.contains(.record(.newView(v1, checkpoint: .genesis, state: genesis, o: [request(1, 1).digest]))))
        #expect(
            accepted.contains(
                .send(
                    .prepare(SlotVote(view: v1, sequence: SequenceNumber(1), digest: request(1, 1).digest)),
                    to: [ReplicaID(0), ReplicaID(1), ReplicaID(2)])))
    }

    @Test func timeoutsDoubleWhileNoViewMakesProgress() throws {
        var backup = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(2))
        #expect(backup.receive(request: request(1, 1)) == [.setTimer(.viewChange(v0), after: .milliseconds(100))])
        #expect(backup.timerFired(.viewChange(v0)).contains(.setTimer(.viewChange(v1), after: .milliseconds(200))))
        #expect(backup.timerFired(.viewChange(v1)).contains(.setTimer(.viewChange(ViewNumber(2)), after: .milliseconds(400))))
        // A stale expiry is ignored.
        #expect(backup.timerFired(.viewChange(v0)) == [])
        #expect(backup.view == ViewNumber(2) && backup.isChangingView)
    }
}
