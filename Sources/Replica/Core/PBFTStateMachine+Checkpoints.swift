/// Checkpoints, garbage collection and state transfer (Castro & Liskov, OSDI '99 §4.3): after every K-th
/// execution a replica multicasts CHECKPOINT with its state digest; a quorum of matching CHECKPOINTs
/// makes the checkpoint stable, which discards the log at and below it and moves the watermarks; a
/// replica that has not reached a stable checkpoint fetches its state from the replicas that vouched
/// for it and checks it against the digest.
extension PBFTStateMachine {
    /// How many CHECKPOINT votes above h are kept per sender: the window's worth, and two more.
    var checkpointVotesPerSender: Int { Int(configuration.window / configuration.checkpointInterval) + 2 }

    mutating func takeCheckpoint(at sequence: SequenceNumber) {
        let snapshot = currentSnapshot()
        snapshots[sequence] = snapshot
        record(.checkpoint(sequence, state: snapshot.digest))
        let vote = CheckpointVote(sequence: sequence, stateDigest: snapshot.digest)
        insert(vote, from: id)
        emit(.send(.checkpoint(vote), to: others))
    }

    /// Adds `vote` to `sender`'s votes; at most one per sequence number, the lowest dropped past the cap.
    ///
    /// - Returns: whether it was new.
    @discardableResult
    mutating func insert(_ vote: CheckpointVote, from sender: ReplicaID) -> Bool {
        var votes = checkpointVotes[sender, default: []]
        guard !votes.contains(where: { $0.sequence == vote.sequence }) else { return false }
        votes.append(vote)
        votes.sort { $0.sequence < $1.sequence }
        checkpointsChanged = true
        if votes.count > checkpointVotesPerSender { votes.removeFirst(votes.count - checkpointVotesPerSender) }
        checkpointVotes[sender] = votes
        return true
    }

    mutating func accept(_ vote: CheckpointVote, from sender: ReplicaID) {
        guard vote.sequence.isCheckpoint(every: configuration.checkpointInterval) else { return drop(.outOfWindow) }
        guard vote.sequence > stableCheckpoint else { return drop(.outOfWindow) }
        guard insert(vote, from: sender) else { return drop(.duplicate) }
        record(.received(.checkpoint(vote), from: sender))
    }

    /// The highest checkpoint above h with a quorum of matching votes, and who voted for it with their
    /// signatures, in replica order: the proof C of the checkpoint (§4.4).
    func highestCertifiedCheckpoint() -> (vote: CheckpointVote, voters: [SignedCheckpoint])? {
        var support: [CheckpointVote: [SignedCheckpoint]] = [:]
        for sender in checkpointVotes.keys.sorted() {
            for vote in checkpointVotes[sender]! where vote.sequence > stableCheckpoint {
                support[vote.content, default: []].append(SignedCheckpoint(replica: sender, signature: vote.signature))
            }
        }
        let certified = support.filter { $0.value.count >= configuration.quorum }
        guard let best = certified.keys.max(by: { ($0.sequence, $0.stateDigest) < ($1.sequence, $1.stateDigest) }) else { return nil }
        return (best, certified[best]!)
    }

    /// Makes the highest certified checkpoint stable if the replica has reached it with the same state;
    /// if it has not, starts fetching that state (§4.3).
    ///
    /// - Returns: whether the stable checkpoint moved.
    mutating func stabilizeCheckpoint() -> Bool {
        // Only new votes, a new checkpoint of its own or a new state can change the answer.
        guard checkpointsChanged else { return false }
        checkpointsChanged = false
        guard let (vote, voters) = highestCertifiedCheckpoint() else { return false }
        if lastExecuted >= vote.sequence, snapshots[vote.sequence]?.digest == vote.stateDigest {
            record(.checkpointStable(vote.sequence, state: vote.stateDigest))
            moveStableCheckpoint(to: vote.sequence, digest: vote.stateDigest, proof: voters)
            return true
        }
        if lastExecuted < vote.sequence || snapshots[vote.sequence]?.digest != vote.stateDigest {
            let fetch = StateFetch(sequence: vote.sequence, stateDigest: vote.stateDigest)
            if fetching != fetch {
                if let old = fetching { emit(.cancelTimer(.stateFetch(old.sequence))) }
                fetching = fetch
                emit(.send(.fetchState(fetch), to: voters.map(\.replica).filter { $0 != id }))
                emit(.setTimer(.stateFetch(vote.sequence), after: configuration.stateFetchTimeout))
            }
        }
        return false
    }

    /// h becomes `sequence`, proved by `proof`: the log at and below it is discarded and the window moves
    /// (§4.3).
    mutating func moveStableCheckpoint(to sequence: SequenceNumber, digest: Digest, proof: [SignedCheckpoint]) {
        guard sequence > stableCheckpoint else { return }
        if let overtaken = fetching, overtaken.sequence <= sequence {
            // Reached by other means (its own execution, a NEW-VIEW): a STATE still on its way must not roll
            // the replica back below what it executed (found by `bftcheck faults`: a batch executed twice).
            fetching = nil
            emit(.cancelTimer(.stateFetch(overtaken.sequence)))
        }
        stableCheckpoint = sequence
        stableDigest = digest
        stableProof = proof
        checkpointsChanged = true
        slots = slots.filter { $0.key.sequence > sequence }
        committedBatches = committedBatches.filter { $0.key > sequence }
        certificates = certificates.filter { $0.key > sequence }
        snapshots = snapshots.filter { $0.key >= sequence }
        for sender in checkpointVotes.keys { checkpointVotes[sender]!.removeAll { $0.sequence <= sequence } }
        if nextSequence <= sequence { nextSequence = sequence.next }
        // Sequence numbers that just entered the window may now progress.
        for key in slots.keys where key.view == view { dirty.insert(key.sequence) }
        // The store holds the state through h (its `.persist` came first): the log below h may go.
        if lastExecuted >= sequence, snapshots[sequence]?.digest == digest { emit(.truncateLog(through: sequence)) }
    }

    /// Answers a lagging replica with the state it asks for, if this replica has it (§4.3).
    mutating func serve(_ fetch: StateFetch, to sender: ReplicaID) {
        guard let snapshot = snapshots[fetch.sequence], snapshot.digest == fetch.stateDigest else { return drop(.invalidState) }
        emit(.send(.state(snapshot), to: [sender]))
    }

    /// Installs a fetched checkpoint state if it is the one wanted (its digest matches the quorum's).
    mutating func install(_ snapshot: CheckpointSnapshot, from sender: ReplicaID) {
        guard let fetch = fetching, snapshot.sequence == fetch.sequence, snapshot.digest == fetch.stateDigest,
            snapshot.sequence >= stableCheckpoint,
            snapshot.sequence > lastExecuted || snapshots[snapshot.sequence]?.digest != snapshot.digest
        else {
            return drop(.invalidState)
        }
        guard let restored = try? Service(snapshot: snapshot.service) else { return drop(.invalidState) }
        fetching = nil
        emit(.cancelTimer(.stateFetch(snapshot.sequence)))
        service = restored
        history = snapshot.history
        clients = Dictionary(uniqueKeysWithValues: snapshot.replies.map { ($0.client, $0) })
        lastExecuted = snapshot.sequence
        snapshots[snapshot.sequence] = snapshot
        emit(
            .persist(
                ExecutedStateUpdate(
                    sequence: snapshot.sequence, history: history, writes: service.entries(), clients: snapshot.replies, replacesAll: true))
        )
        checkpointsChanged = true
        for (key, request) in pending where clients[request.client].map({ $0.timestamp >= request.timestamp }) ?? false {
            pending[key] = nil
            assigned.remove(key)
        }
        if snapshot.sequence > stableCheckpoint {
            // The fetch began when these votes certified the checkpoint: they are its proof.
            let wanted = CheckpointVote(sequence: snapshot.sequence, stateDigest: snapshot.digest)
            let proof = checkpointVotes.keys.sorted().compactMap { sender in
                checkpointVotes[sender]!.first { $0.content == wanted }.map { SignedCheckpoint(replica: sender, signature: $0.signature) }
            }
            record(.checkpointStable(snapshot.sequence, state: snapshot.digest))
            moveStableCheckpoint(to: snapshot.sequence, digest: snapshot.digest, proof: proof)
        }
        // Batches committed above the installed state may now execute.
        committedBatches = committedBatches.filter { $0.key > snapshot.sequence }
    }
}
