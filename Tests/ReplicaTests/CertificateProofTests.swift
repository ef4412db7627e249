import Testing

@testable import Replica

/// Prepared certificates with proof (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5): a VIEW-CHANGE's P
/// carries, per certificate, the signed PREPAREs of 2f backups; the state machine refuses a certificate
/// whose proof names too few or the wrong replicas (`DropReason.invalidCertificate`), the authenticator
/// one whose PREPARE signatures do not verify (`AuthenticationError.forgedProof`), so a Byzantine
/// replica cannot make O undo a committed batch.
@Suite struct CertificateProofTests {
    let v0 = ViewNumber.initial
    let v1 = ViewNumber(1)
    let committed = RequestBatch([request(1, 1)])
    let other = RequestBatch([request(2, 1)])

    /// A cluster where request (1, 1) committed and executed at sequence number 1 in view 0 everywhere,
    /// then r0, r2 and r3 moved to view 1 (as when their timers expire); their VIEW-CHANGEs (to r1, the
    /// new primary) are returned and nothing is left in flight. `trusting` seeds the bug of taking certificates as claimed.
    func committedThenViewChange(trusting: Bool) throws -> (LockstepCluster, [SignedViewChange]) {
        var configuration = try smallConfiguration()
        configuration.trustsUnprovenCertificates = trusting
        var cluster = try LockstepCluster(configuration)
        cluster.request(request(1, 1), to: [0, 1, 2, 3])
        cluster.deliverAll()
        for index in 0..<4 { #expect(cluster.executed(by: index).map(\.1) == [committed.digest]) }
        for index in [0, 2, 3] {
            cluster.replicas[index].startViewChange()
            let actions = cluster.replicas[index].takeOutbox()
            cluster.take(actions, of: ReplicaID(index))
        }
        let changes = cluster.inFlight.compactMap { item -> SignedViewChange? in
            guard case .viewChange(let message) = item.message, item.to == ReplicaID(1) else { return nil }
            return SignedViewChange(sender: item.from, viewChange: message)
        }
        cluster.inFlight = []
        return (cluster, changes)
    }

    /// The Byzantine r1's NEW-VIEW(v1): its own VIEW-CHANGE claims `other` prepared at 1 in view 0 with
    /// only its own PREPARE as proof; on the tie in view 0 with the honest certificates, r1 comes first in
    /// replica order, so O = [other].
    func forgedNewView(_ honest: [SignedViewChange], genesis: Digest) -> NewView {
        let claim = PreparedCertificate(
            view: v0, sequence: SequenceNumber(1), batch: other, prepares: [SignedPrepare(replica: ReplicaID(1))])
        let own = ViewChange(view: v1, checkpoint: .genesis, checkpointDigest: genesis, prepared: [claim])
        let v = [SignedViewChange(sender: ReplicaID(1), viewChange: own)] + honest.filter { $0.sender != ReplicaID(0) }
        return NewView(view: v1, viewChanges: v, checkpoint: .genesis, checkpointDigest: genesis, batches: [other])
    }

    /// Gives the forged NEW-VIEW to r0, r2 and r3, then lets every message through.
    func deliverForgedNewView(in cluster: inout LockstepCluster, _ honest: [SignedViewChange]) {
        let newView = forgedNewView(honest, genesis: cluster[0].stableDigest)
        for index in [0, 2, 3] {
            let actions = cluster.replicas[index].receive(.newView(newView), from: ReplicaID(1))
            cluster.take(actions, of: ReplicaID(index))
        }
        cluster.deliverAll()
    }

    @Test func honestCertificatesCarryTheMatchingPreparesAsProof() throws {
        let (_, changes) = try committedThenViewChange(trusting: false)
        #expect(changes.map(\.sender) == [ReplicaID(0), ReplicaID(2), ReplicaID(3)])
        for change in changes {
            let certificate = try #require(change.viewChange.prepared.first)
            #expect(certificate.batch == committed && certificate.view == v0)
            // 2f or more backups of view 0, in order (r0, its primary, sent none), the sender among them
            // when it is a backup: the PREPAREs it counted when it became prepared.
            let senders = certificate.prepares.map(\.replica)
            #expect(senders.count >= 2 && senders == senders.sorted() && !senders.contains(ReplicaID(0)))
            #expect(change.sender == ReplicaID(0) || senders.contains(change.sender))
        }
    }

    @Test func aViewChangeWithAnUnprovenCertificateIsDropped() throws {
        let (cluster, _) = try committedThenViewChange(trusting: false)
        var backup = cluster.replicas[3]
        let genesis = backup.stableDigest
        func change(_ prepares: [Int]) -> ProtocolMessage {
            let claim = PreparedCertificate(
                view: v0, sequence: SequenceNumber(1), batch: other, prepares: prepares.map { SignedPrepare(replica: ReplicaID($0)) })
            return .viewChange(ViewChange(view: v1, checkpoint: .genesis, checkpointDigest: genesis, prepared: [claim]))
        }
        // Too few PREPAREs; one from view 0's primary; one replica twice; out of order; a non-member.
        for prepares in [[1], [0, 1], [1, 1], [2, 1], [1, 7]] {
            #expect(backup.receive(change(prepares), from: ReplicaID(1)) == [.dropped(.invalidCertificate)], "\(prepares)")
        }
        // 2f distinct backups of view 0: the state machine's part of the check passes (the signatures are
        // the authenticator's part, tested below).
        #expect(backup.receive(change([1, 2]), from: ReplicaID(1)).contains(.record(.received(change([1, 2]), from: ReplicaID(1)))))
    }

    @Test func anUnprovenCertificateInANewViewIsRefusedAndSafetyHolds() throws {
        var (cluster, changes) = try committedThenViewChange(trusting: false)
        deliverForgedNewView(in: &cluster, changes)
        for index in [0, 2, 3] {
            #expect(cluster.drops(of: index).filter { $0 == .invalidCertificate }.count == 1)
            #expect(cluster[index].isChangingView && cluster[index].view == v1)
            #expect(!cluster[index].hasConflictingCommit)
            #expect(cluster.executed(by: index).map(\.1) == [committed.digest])
        }
    }

    @Test func withoutTheProofCheckTheForgedCertificateUndoesACommit() throws {
        // The same run with the seeded bug: the forged certificate wins O, and the three correct
        // replicas commit `other` at the sequence number where `committed` committed.
        var (cluster, changes) = try committedThenViewChange(trusting: true)
        deliverForgedNewView(in: &cluster, changes)
        for index in [0, 2, 3] {
            #expect(!cluster.drops(of: index).contains(.invalidCertificate))
            #expect(cluster[index].view == v1 && !cluster[index].isChangingView)
            #expect(cluster[index].hasConflictingCommit)
        }
    }

    /// The Byzantine r1's NEW-VIEW(v1) whose own VIEW-CHANGE claims a stable checkpoint 4 with a state
    /// nobody has, "proven" by its own CHECKPOINT only; min-s is then 4.
    func newViewClaimingACheckpoint(_ honest: [SignedViewChange]) -> NewView {
        let bogus = Digest.hashing([9, 9])
        let own = ViewChange(
            view: v1, checkpoint: SequenceNumber(4), checkpointDigest: bogus, checkpointProof: [SignedCheckpoint(replica: ReplicaID(1))],
            prepared: [])
        let v = [SignedViewChange(sender: ReplicaID(1), viewChange: own)] + honest.filter { $0.sender != ReplicaID(0) }
        return NewView(view: v1, viewChanges: v, checkpoint: SequenceNumber(4), checkpointDigest: bogus, batches: [])
    }

    @Test func anUnprovenCheckpointIsRefusedAndWouldOtherwiseMoveTheWindow() throws {
        for trusting in [false, true] {
            var (cluster, changes) = try committedThenViewChange(trusting: trusting)
            let newView = newViewClaimingACheckpoint(changes)
            for index in [0, 2, 3] {
                let actions = cluster.replicas[index].receive(.newView(newView), from: ReplicaID(1))
                if trusting {
                    // The seeded bug: the window jumps to a checkpoint whose state no correct replica has,
                    // discarding the certificate at 1, and the replica asks for that state in vain.
                    #expect(cluster[index].stableCheckpoint == SequenceNumber(4) && cluster[index].stableDigest == newView.checkpointDigest)
                    #expect(actions.contains { if case .send(.fetchState, _) = $0 { true } else { false } })
                } else {
                    #expect(actions == [.dropped(.invalidCheckpointProof)])
                    #expect(cluster[index].stableCheckpoint == .genesis && cluster[index].isChangingView)
                }
            }
        }
        // Alone, the VIEW-CHANGE is refused for the same reason; with 2f + 1 distinct voters it passes the
        // state machine's part of the check (their signatures are the authenticator's part).
        let (cluster, _) = try committedThenViewChange(trusting: false)
        var backup = cluster.replicas[3]
        func claim(_ voters: [Int]) -> ProtocolMessage {
            .viewChange(
                ViewChange(
                    view: v1, checkpoint: SequenceNumber(4), checkpointDigest: .hashing([9, 9]),
                    checkpointProof: voters.map { SignedCheckpoint(replica: ReplicaID($0)) }, prepared: []))
        }
        for voters in [[1], [1, 2], [1, 1, 2], [2, 1, 3], [1, 2, 9]] {
            #expect(backup.receive(claim(voters), from: ReplicaID(1)) == [.dropped(.invalidCheckpointProof)], "\(voters)")
        }
        #expect(backup.receive(claim([0, 1, 2]), from: ReplicaID(1)).contains(.record(.received(claim([0, 1, 2]), from: ReplicaID(1)))))
    }

    @Test func forgedPrepareSignaturesAreRefusedByTheAuthenticator() throws {
        let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: 0)
        let authenticators = try (0..<4).map { try keyring.authenticator(for: .replica(ReplicaID($0))) }
        let digest = Digest.hashing([1])
        let vote = SlotVote(view: v0, sequence: SequenceNumber(1), digest: other.digest)
        // Real PREPAREs: r2's and r3's, as r1 received them through the authenticator.
        func received(from index: Int) throws -> SignedPrepare {
            let sealed = try authenticators[index].seal(.protocolMessage(.prepare(vote)), to: .replica(ReplicaID(1)))
            guard case .protocolMessage(.prepare(let opened)) = try authenticators[1].open(sealed, from: .replica(ReplicaID(index))) else {
                throw AuthenticationError.badSignature(.replica(ReplicaID(index)))
            }
            #expect(!opened.signature.isEmpty)
            return SignedPrepare(replica: ReplicaID(index), signature: opened.signature)
        }
        func viewChange(_ prepares: [SignedPrepare]) -> WireMessage {
            let certificate = PreparedCertificate(view: v0, sequence: SequenceNumber(1), batch: other, prepares: prepares)
            return .protocolMessage(
                .viewChange(ViewChange(view: v1, checkpoint: .genesis, checkpointDigest: digest, prepared: [certificate])))
        }
        // r1's own PREPARE is signed when its VIEW-CHANGE is sealed; with r2's and r3's it verifies at r0.
        let proven = [SignedPrepare(replica: ReplicaID(1)), try received(from: 2), try received(from: 3)]
        let honest = try authenticators[1].seal(viewChange(proven), to: .replica(ReplicaID(0)))
        _ = try authenticators[0].open(honest, from: .replica(ReplicaID(1)))
        // r1 forges r3's PREPARE (it can sign only with its own key): refused, though its own signature
        // over the VIEW-CHANGE is good.
        let forgedSignature = authenticators[1].sign(WireCodec.signedBytes(ofPrepare: vote, by: ReplicaID(3)))
        let forged = [proven[0], proven[1], SignedPrepare(replica: ReplicaID(3), signature: forgedSignature)]
        let sealed = try authenticators[1].seal(viewChange(forged), to: .replica(ReplicaID(0)))
        #expect(throws: AuthenticationError.forgedProof(ReplicaID(1))) { try authenticators[0].open(sealed, from: nil) }
        // A proof for another digest than the certificate's batch does not verify either.
        let moved = PreparedCertificate(view: v0, sequence: SequenceNumber(1), batch: committed, prepares: [try received(from: 2)])
        let wrongDigest = WireMessage.protocolMessage(
            .viewChange(ViewChange(view: v1, checkpoint: .genesis, checkpointDigest: digest, prepared: [moved])))
        #expect(throws: AuthenticationError.forgedProof(ReplicaID(1))) {
            try authenticators[0].open(authenticators[1].seal(wrongDigest, to: .replica(ReplicaID(0))), from: nil)
        }
        // Carried in a NEW-VIEW's V by another replica, the forged VIEW-CHANGE is refused too.
        guard case .protocolMessage(.viewChange(let carried)) = sealed.message else { return }
        let newView = NewView(
            view: ViewNumber(2), viewChanges: [SignedViewChange(sender: ReplicaID(1), viewChange: carried)], checkpoint: .genesis,
            checkpointDigest: digest, batches: [])
        let fromR2 = try authenticators[2].seal(.protocolMessage(.newView(newView)), to: .replica(ReplicaID(0)))
        #expect(throws: AuthenticationError.forgedProof(ReplicaID(1))) { try authenticators[0].open(fromR2, from: nil) }
    }

    @Test func checkpointProofsAreSignedCheckpointsAndForgeriesAreRefused() throws {
        let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: 0)
        let authenticators = try (0..<4).map { try keyring.authenticator(for: .replica(ReplicaID($0))) }
        let state = Digest.hashing([4])
        let vote = CheckpointVote(sequence: SequenceNumber(4), stateDigest: state)
        // r2's and r3's CHECKPOINTs as r1 received them: each carries its own signature.
        func received(from index: Int) throws -> SignedCheckpoint {
            let sealed = try authenticators[index].seal(.protocolMessage(.checkpoint(vote)), to: .replica(ReplicaID(1)))
            guard case .protocolMessage(.checkpoint(let opened)) = try authenticators[1].open(sealed, from: .replica(ReplicaID(index)))
            else {
                throw AuthenticationError.badSignature(.replica(ReplicaID(index)))
            }
            return SignedCheckpoint(replica: ReplicaID(index), signature: opened.signature)
        }
        func viewChange(_ digest: Digest, _ proof: [SignedCheckpoint]) -> WireMessage {
            .protocolMessage(
                .viewChange(
                    ViewChange(view: v1, checkpoint: SequenceNumber(4), checkpointDigest: digest, checkpointProof: proof, prepared: [])))
        }
        let proof = [SignedCheckpoint(replica: ReplicaID(1)), try received(from: 2), try received(from: 3)]
        _ = try authenticators[0].open(try authenticators[1].seal(viewChange(state, proof), to: .replica(ReplicaID(0))), from: nil)
        // The same signatures do not prove another state at 4, and r1 cannot sign for r3.
        #expect(throws: AuthenticationError.forgedProof(ReplicaID(1))) {
            try authenticators[0].open(authenticators[1].seal(viewChange(.hashing([5]), proof), to: .replica(ReplicaID(0))), from: nil)
        }
        let forged = SignedCheckpoint(
            replica: ReplicaID(3), signature: authenticators[1].sign(WireCodec.signedBytes(ofCheckpoint: vote, by: ReplicaID(3))))
        #expect(throws: AuthenticationError.forgedProof(ReplicaID(1))) {
            try authenticators[0].open(
                authenticators[1].seal(viewChange(state, [proof[0], proof[1], forged]), to: .replica(ReplicaID(0))), from: nil)
        }
    }

    // MARK: In the simulator

    /// `count` seeds of a cluster whose primary r0 forges certificates in every VIEW-CHANGE it sends.
    static func forgerRuns(_ seeds: Range<UInt64>, authenticates: Bool) throws -> [SimulationOutcome] {
        try seeds.map { seed in
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: try SimulationTests.configuration(), seed: seed, clientCount: 3, requestsPerClient: 3,
                    faults: [ReplicaID(0): .certificateForger], authenticates: authenticates))
            return simulator.run()
        }
    }

    @Test func authenticatedRunsRefuseForgedCertificatesAndStaySafe() throws {
        let outcomes = try Self.forgerRuns(1..<21, authenticates: true)
        for outcome in outcomes {
            #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations.map(\.description).joined(separator: "; "))")
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 9 })
        let forging = outcomes.filter { $0.forgedViewChanges > 0 }
        #expect(!forging.isEmpty)
        // Every forged VIEW-CHANGE that reached a correct replica was refused by its authenticator.
        #expect(forging.allSatisfy { $0.authenticationFailures > 0 })
        print("forger, authenticated:", forging.count, "of", outcomes.count, "runs forged;", outcomes.map(\.authenticationFailures))
    }

    @Test func withoutSignatureChecksForgedCertificatesBreakAgreement() throws {
        // The same schedules with nothing checking signatures: the structural check passes (2f backups are
        // named), the forged null batches win O, and committed batches are undone.
        let outcomes = try Self.forgerRuns(1..<21, authenticates: false)
        let broken = outcomes.filter { !$0.holds }
        #expect(broken.count == 4, "\(broken.count) of 20 schedules exposed the forger (pinned: 4)")
        #expect(broken.allSatisfy { $0.violations.contains(where: \.isAgreement) })
        print("forger, unauthenticated:", broken.count, "of", outcomes.count, "runs broke agreement")
    }

    @Test func authenticatedViewChangesProveHonestCertificates() throws {
        // Real PREPARE signatures end to end: the primary crashes mid-run, with batches prepared, so the
        // VIEW-CHANGEs carry certificates; no honest proof is ever refused.
        let outcomes = try SimulationTests.runSeeds(1..<11) { seed in
            SimulationScenario(
                configuration: try SimulationTests.configuration(), seed: seed, clientCount: 2, requestsPerClient: 5,
                faults: [ReplicaID(0): .crashes(at: .milliseconds(Int64(5 + seed % 40)))], authenticates: true)
        }
        #expect(outcomes.allSatisfy { $0.completedRequests == 10 && $0.highestView >= ViewNumber(1) && $0.authenticationFailures == 0 })
        #expect(outcomes.allSatisfy { $0.drops[.invalidCertificate] == nil })
    }
}
