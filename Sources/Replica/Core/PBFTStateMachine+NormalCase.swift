/// The normal case (Castro & Liskov, OSDI '99 §4.2): PRE-PREPARE, PREPARE, COMMIT, with messages kept
/// per (view, sequence number) and processed out of order inside the window.
extension PBFTStateMachine {
    /// Whether normal-case messages for (`view`, `sequence`) are kept: views from the current one up to
    /// `viewLookahead` above, sequence numbers h < n ≤ h + 2L (one window beyond H, so that a replica
    /// whose checkpoint is about to become stable loses nothing).
    func keepsMessages(for view: ViewNumber, _ sequence: SequenceNumber) -> DropReason? {
        guard view >= self.view, view.number <= self.view.number + Self.viewLookahead else { return .wrongView }
        guard sequence > stableCheckpoint, sequence.number <= stableCheckpoint.number + 2 * configuration.window else {
            return .outOfWindow
        }
        return nil
    }

    /// Whether `sequence` is inside the watermarks h < n ≤ H (§4.2).
    func isInWindow(_ sequence: SequenceNumber) -> Bool { sequence > stableCheckpoint && sequence <= highWatermark }

    /// Marks (`view`, `sequence`) as possibly able to progress.
    mutating func touch(_ view: ViewNumber, _ sequence: SequenceNumber) {
        if view == self.view { dirty.insert(sequence) }
    }

    mutating func accept(_ message: PrePrepare, from sender: ReplicaID) {
        guard sender == configuration.primary(of: message.view) else { return drop(.wrongSender) }
        if let reason = keepsMessages(for: message.view, message.sequence) { return drop(reason) }
        let key = SlotKey(view: message.view, sequence: message.sequence)
        if let earlier = slots[key]?.received {
            return drop(earlier.digest == message.batch.digest ? .duplicate : .conflictingPrePrepare)
        }
        slots[key, default: SlotState()].received = message.batch
        record(.received(.prePrepare(message), from: sender))
        touch(message.view, message.sequence)
    }

    mutating func acceptPrepare(_ vote: SlotVote, from sender: ReplicaID) {
        // The primary's PRE-PREPARE stands for its PREPARE; a PREPARE from it is not counted (§4.2).
        guard sender != configuration.primary(of: vote.view) else { return drop(.wrongSender) }
        if let reason = keepsMessages(for: vote.view, vote.sequence) { return drop(reason) }
        let key = SlotKey(view: vote.view, sequence: vote.sequence)
        guard slots[key]?.prepares[vote.digest]?[sender] == nil else { return drop(.duplicate) }
        slots[key, default: SlotState()].prepares[vote.digest, default: [:]][sender] = vote.signature
        record(.received(.prepare(vote), from: sender))
        touch(vote.view, vote.sequence)
    }

    mutating func acceptCommit(_ vote: SlotVote, from sender: ReplicaID) {
        if let reason = keepsMessages(for: vote.view, vote.sequence) { return drop(reason) }
        let key = SlotKey(view: vote.view, sequence: vote.sequence)
        guard slots[key, default: SlotState()].commits[vote.digest, default: []].insert(sender).inserted else {
            return drop(.duplicate)
        }
        record(.received(.commit(vote), from: sender))
        touch(vote.view, vote.sequence)
    }

    /// Takes the enabled normal-case steps at (`view`, `sequence`): accept the PRE-PREPARE (backup),
    /// prepared, committed-local.
    ///
    /// - Returns: whether a step was taken.
    mutating func progressSlot(at sequence: SequenceNumber) -> Bool {
        let key = SlotKey(view: view, sequence: sequence)
        guard isInWindow(sequence), var slot = slots[key] else { return false }
        var progressed = false
        defer { slots[key] = slot }

        // A backup accepts the first PRE-PREPARE for (v, n) inside the window and sends PREPARE.
        if slot.accepted == nil, !isPrimary, let batch = slot.received {
            slot.accepted = batch
            record(.prePrepared(view, sequence, batch.digest))
            let vote = SlotVote(view: view, sequence: sequence, digest: batch.digest)
            slot.prepares[batch.digest, default: [:]][id] = []
            emit(.send(.prepare(vote), to: others))
            noteOrdered(batch)
            progressed = true
        }
        guard let batch = slot.accepted else { return progressed }
        let digest = batch.digest

        // Prepared: the PRE-PREPARE and quorum − 1 matching PREPAREs from backups (its own included).
        if !slot.isPrepared, let prepares = slot.prepares[digest], prepares.count >= configuration.quorum - 1 {
            slot.isPrepared = true
            // The proof: the matching PREPAREs, signed (its own is signed when the VIEW-CHANGE is sealed).
            let proof = prepares.keys.sorted().map { SignedPrepare(replica: $0, signature: prepares[$0]!) }
            certificates[sequence] = PreparedCertificate(view: view, sequence: sequence, batch: batch, prepares: proof)
            record(.prepared(view, sequence, digest))
            slot.commits[digest, default: []].insert(id)
            emit(.send(.commit(SlotVote(view: view, sequence: sequence, digest: digest)), to: others))
            progressed = true
        }

        // Committed-local: prepared and a quorum of matching COMMITs (its own included).
        if slot.isPrepared, !slot.isCommitted, slot.commits[digest, default: []].count >= configuration.quorum {
            slot.isCommitted = true
            if let earlier = committedBatches[sequence] {
                // Committed in an earlier view already (a NEW-VIEW re-proposed it): nothing new. Another
                // digest means more than f replicas are faulty: recorded, never executed.
                if earlier.digest != digest { hasConflictingCommit = true }
            } else {
                committedBatches[sequence] = batch
                record(.committed(view, sequence, digest))
            }
            progressed = true
        }
        return progressed
    }
}
