/// Retransmission (Castro & Liskov, TOCS 2002 §5.2: the protocol "retransmits messages until they are
/// received"): with `ReplicaConfiguration.retransmitInterval` set, a timer runs while the replica has
/// something unfinished, and each expiry re-sends what the others may have lost. Receivers drop what
/// they already hold as duplicates, so re-sending is always safe; it only costs traffic, which a backoff
/// bounds: the interval doubles with each expiry that saw no progress (up to 16 times), and starts
/// again from the configured one when the view, the execution or the stable checkpoint moves.
extension PBFTStateMachine {
    /// Whether the replica has something others may still need from it: it waits for NEW-VIEW, a sequence
    /// number above h in its view is pre-prepared, or its own latest checkpoint is not yet stable.
    var hasUnfinishedWork: Bool {
        if isChangingView { return true }
        if slots.contains(where: { $0.key.view == view && isInWindow($0.key.sequence) && $0.value.accepted != nil }) { return true }
        return checkpointVotes[id]?.contains { $0.sequence > stableCheckpoint } ?? false
    }

    /// Re-sends (§5.2): while changing views, its VIEW-CHANGE; otherwise, for each sequence number above h
    /// in the current view, in increasing order, its PRE-PREPARE (primary), PREPARE (backup that sent
    /// one) and COMMIT (once prepared); then its latest CHECKPOINT above h.
    mutating func retransmit() {
        if isChangingView {
            if let own = viewChanges[view]?[id] { emit(.send(.viewChange(own), to: others)) }
            return
        }
        let keys = slots.keys.filter { $0.view == view && isInWindow($0.sequence) }.sorted { $0.sequence < $1.sequence }
        for key in keys {
            let slot = slots[key]!
            guard let batch = slot.accepted else { continue }
            let vote = SlotVote(view: view, sequence: key.sequence, digest: batch.digest)
            if isPrimary {
                // O's entries were announced by the NEW-VIEW, not by PRE-PREPAREs.
                if !isFromNewView(key.sequence) {
                    emit(.send(.prePrepare(PrePrepare(view: view, sequence: key.sequence, batch: batch)), to: others))
                }
            } else if slot.prepares[batch.digest]?[id] != nil {
                emit(.send(.prepare(vote), to: others))
            }
            if slot.isPrepared { emit(.send(.commit(vote), to: others)) }
        }
        if let latest = checkpointVotes[id]?.last(where: { $0.sequence > stableCheckpoint }) {
            emit(.send(.checkpoint(latest), to: others))
        }
    }

    /// Whether `sequence` of the current view was pre-prepared by the NEW-VIEW this primary sent.
    func isFromNewView(_ sequence: SequenceNumber) -> Bool {
        guard let sent = sentNewView, sent.view == view else { return false }
        return sequence > sent.checkpoint && sequence.number <= sent.checkpoint.number + UInt64(sent.batches.count)
    }

    /// A replica still changing to the view this primary leads asks for NEW-VIEW by re-sending its
    /// VIEW-CHANGE: with retransmission on, the primary answers with the NEW-VIEW it sent (§4.4, §5.2).
    /// The VIEW-CHANGE itself is then dropped as for a view already entered.
    mutating func resendNewView(to sender: ReplicaID, for message: ViewChange) {
        guard configuration.retransmitInterval != nil, message.view == view, !isChangingView, isPrimary, let sent = sentNewView,
            sent.view == view
        else { return }
        emit(.send(.newView(sent), to: [sender]))
    }

    /// Starts or stops the retransmission timer with the work there is.
    mutating func updateRetransmitTimer() {
        guard let interval = configuration.retransmitInterval else { return }
        let progress = RetransmitProgress(view: view, executed: lastExecuted, stable: stableCheckpoint)
        if progress != retransmitProgress {
            retransmitProgress = progress
            retransmitRounds = 0
        }
        let needed = hasUnfinishedWork
        if needed, !isRetransmitTimerRunning {
            isRetransmitTimerRunning = true
            emit(.setTimer(.retransmit, after: interval * (1 << min(retransmitRounds, 4))))
        } else if !needed, isRetransmitTimerRunning {
            isRetransmitTimerRunning = false
            emit(.cancelTimer(.retransmit))
        }
    }
}
