/// View changes (Castro & Liskov, OSDI '99 §4.4–4.5.2; TOCS 2002 §4.5): a backup whose timer expires
/// multicasts VIEW-CHANGE with its stable checkpoint and its latest prepared certificates; the new
/// primary, holding a quorum of them (its own included), multicasts NEW-VIEW with O recomputed from them;
/// backups recompute O from the NEW-VIEW's V before they enter the view and send PREPAREs for O.
extension PBFTStateMachine {
    /// The replica moves to the next view and multicasts VIEW-CHANGE (§4.4).
    mutating func startViewChange() {
        let target = view.next
        record(.viewChange(target))
        if let running = viewChangeTimer { emit(.cancelTimer(.viewChange(running))) }
        if isBatchTimerRunning {
            isBatchTimerRunning = false
            emit(.cancelTimer(.batch))
        }
        view = target
        isChangingView = true
        viewChangeAttempts += 1
        assigned = []
        orderedBeforeArrival = []
        pendingHead = 0
        dirty = []
        slots = slots.filter { $0.key.view >= target }
        viewChanges = viewChanges.filter { $0.key >= target }
        newViews = newViews.filter { $0.key >= target }
        let message = ViewChange(
            view: target, checkpoint: stableCheckpoint, checkpointDigest: stableDigest, checkpointProof: stableProof,
            prepared: certificates.keys.sorted().filter { $0 > stableCheckpoint }.map { certificates[$0]! })
        viewChanges[target, default: [:]][id] = message
        emit(.send(.viewChange(message), to: others))
        viewChangeTimer = target
        emit(.setTimer(.viewChange(target), after: viewChangeTimeout))
    }

    /// Whether `message` is well formed: certificates in increasing order, above its checkpoint, inside
    /// one window of it, from views below the one it moves to.
    func isWellFormed(_ message: ViewChange) -> Bool {
        var previous = message.checkpoint
        for certificate in message.prepared {
            guard certificate.sequence > previous, certificate.view < message.view,
                certificate.sequence.number <= message.checkpoint.number + configuration.window
            else { return false }
            previous = certificate.sequence
        }
        return message.checkpoint.isCheckpoint(every: configuration.checkpointInterval) || message.checkpoint == .genesis
    }

    /// Whether `message`'s C names enough CHECKPOINTs, from the right replicas (§4.4): genesis needs none;
    /// any other checkpoint a quorum (2f + 1) from distinct members in increasing order. That each was
    /// really sent for this checkpoint and digest is the host's check of their signatures.
    func isCheckpointProven(_ message: ViewChange) -> Bool {
        if message.checkpoint == .genesis || configuration.trustsUnprovenCertificates { return true }
        var previous: ReplicaID?
        for vote in message.checkpointProof {
            guard configuration.contains(vote.replica) else { return false }
            if let previous, previous >= vote.replica { return false }
            previous = vote.replica
        }
        return message.checkpointProof.count >= configuration.quorum
    }

    /// Whether `certificate`'s proof names enough PREPAREs, from the right replicas (§4.4): at least
    /// quorum − 1 (2f) of them, from distinct members in increasing order, none from the primary of the
    /// certificate's view (whose PRE-PREPARE stands for its PREPARE). That each was really sent is the
    /// host's check of their signatures (`Authenticator`), made before the message reaches the machine.
    func isProven(_ certificate: PreparedCertificate) -> Bool {
        if configuration.trustsUnprovenCertificates { return true }
        let primary = configuration.primary(of: certificate.view)
        var previous: ReplicaID?
        for prepare in certificate.prepares {
            guard configuration.contains(prepare.replica), prepare.replica != primary else { return false }
            if let previous, previous >= prepare.replica { return false }
            previous = prepare.replica
        }
        return certificate.prepares.count >= configuration.quorum - 1
    }

    mutating func accept(_ message: ViewChange, from sender: ReplicaID) {
        resendNewView(to: sender, for: message)
        guard message.view > view || (message.view == view && isChangingView) else { return drop(.wrongView) }
        guard message.view.number <= view.number + Self.viewLookahead else { return drop(.wrongView) }
        guard isWellFormed(message) else { return drop(.invalidViewChange) }
        guard isCheckpointProven(message) else { return drop(.invalidCheckpointProof) }
        guard message.prepared.allSatisfy(isProven) else { return drop(.invalidCertificate) }
        guard viewChanges[message.view]?[sender] == nil else { return drop(.duplicate) }
        viewChanges[message.view, default: [:]][sender] = message
        record(.received(.viewChange(message), from: sender))
    }

    /// The f + 1 rule (§4.5.2): when f + 1 replicas have sent VIEW-CHANGEs for views above its own, a
    /// replica moves to the next view too, so that it does not wait for its timer. Repeated, it climbs
    /// one view at a time, as the trace format's `view-change` step does.
    ///
    /// - Returns: whether it started a view change.
    mutating func joinHigherView() -> Bool {
        var senders: Set<ReplicaID> = []
        for (target, messages) in viewChanges where target > view { senders.formUnion(messages.keys) }
        senders.remove(id)
        guard senders.count >= configuration.faultTolerance + 1 else { return false }
        startViewChange()
        return true
    }

    /// min-s, its digest and O computed from V (§4.4): min-s is the latest stable checkpoint in V; for
    /// each n from min-s + 1 to max-s, the highest sequence number of a certificate in V, O holds the
    /// batch of the certificate of the highest view in V at n (the first in replica order on a tie), or
    /// the null batch.
    public static func recompute(
        from viewChanges: [SignedViewChange]
    ) -> (checkpoint: SequenceNumber, digest: Digest, batches: [RequestBatch])? {
        guard let base = viewChanges.max(by: { $0.viewChange.checkpoint < $1.viewChange.checkpoint }) else { return nil }
        let checkpoint = base.viewChange.checkpoint
        var best: [SequenceNumber: PreparedCertificate] = [:]
        for signed in viewChanges {
            for certificate in signed.viewChange.prepared where certificate.sequence > checkpoint {
                if let current = best[certificate.sequence], current.view >= certificate.view { continue }
                best[certificate.sequence] = certificate
            }
        }
        guard let last = best.keys.max() else { return (checkpoint, base.viewChange.checkpointDigest, []) }
        let batches = stride(from: checkpoint.number + 1, through: last.number, by: 1).map {
            best[SequenceNumber($0)]?.batch ?? .null
        }
        return (checkpoint, base.viewChange.checkpointDigest, batches)
    }

    /// Why `message` is not a NEW-VIEW a backup may accept, or `nil` when it is: V must hold a quorum of
    /// well-formed VIEW-CHANGEs for its view from distinct members, every checkpoint in them proven
    /// (`isCheckpointProven`, else `.invalidCheckpointProof`) and every prepared certificate too
    /// (`isProven`, else `.invalidCertificate`), and its checkpoint and O must be what V yields.
    func refusal(of message: NewView) -> DropReason? {
        guard message.viewChanges.allSatisfy({ isCheckpointProven($0.viewChange) }) else { return .invalidCheckpointProof }
        guard message.viewChanges.allSatisfy({ $0.viewChange.prepared.allSatisfy(isProven) }) else { return .invalidCertificate }
        return isValid(message) ? nil : .invalidNewView
    }

    /// Whether `message`'s V is a quorum of well-formed VIEW-CHANGEs for its view from distinct members, and
    /// its checkpoint and O are what V yields.
    func isValid(_ message: NewView) -> Bool {
        let senders = message.viewChanges.map(\.sender)
        guard Set(senders).count == senders.count, senders.count >= configuration.quorum,
            senders.allSatisfy(configuration.contains),
            message.viewChanges.allSatisfy({ $0.viewChange.view == message.view && isWellFormed($0.viewChange) }),
            let expected = Self.recompute(from: message.viewChanges)
        else { return false }
        return expected.checkpoint == message.checkpoint && expected.digest == message.checkpointDigest
            && expected.batches.map(\.digest) == message.batches.map(\.digest)
    }

    mutating func accept(_ message: NewView, from sender: ReplicaID) {
        guard sender == configuration.primary(of: message.view) else { return drop(.wrongSender) }
        let first = isChangingView ? view : view.next
        guard message.view >= first, message.view.number <= view.number + Self.viewLookahead else { return drop(.wrongView) }
        guard newViews[message.view] == nil else { return drop(.duplicate) }
        if let reason = refusal(of: message) { return drop(reason) }
        newViews[message.view] = message
        record(.received(.newView(message), from: sender))
    }

    /// The new primary sends NEW-VIEW once it holds a quorum of VIEW-CHANGEs for its view; a backup
    /// enters the lowest view it holds a valid NEW-VIEW for.
    ///
    /// - Returns: whether a view was entered.
    mutating func enterNewView() -> Bool {
        if isChangingView, isPrimary, let messages = viewChanges[view], messages.count >= configuration.quorum, messages[id] != nil {
            // V: its own VIEW-CHANGE and those of the lowest-numbered others, a quorum in all.
            let chosen = [id] + messages.keys.filter { $0 != id }.sorted().prefix(configuration.quorum - 1)
            let signed = chosen.sorted().map { SignedViewChange(sender: $0, viewChange: messages[$0]!) }
            let (checkpoint, digest, batches) = Self.recompute(from: signed)!
            let message = NewView(view: view, viewChanges: signed, checkpoint: checkpoint, checkpointDigest: digest, batches: batches)
            record(.newView(view, checkpoint: checkpoint, state: digest, o: batches.map(\.digest)))
            emit(.send(.newView(message), to: others))
            sentNewView = message
            enter(message, sendingPrepares: false)
            return true
        }
        let first = isChangingView ? view : view.next
        guard let target = newViews.keys.filter({ $0 >= first }).min(), let message = newViews[target] else { return false }
        record(.newView(target, checkpoint: message.checkpoint, state: message.checkpointDigest, o: message.batches.map(\.digest)))
        enter(message, sendingPrepares: true)
        return true
    }

    /// Enters `message.view`: adopts its checkpoint (fetching the state if the replica is behind it),
    /// pre-prepares O and, as a backup, multicasts a PREPARE for each entry above h (§4.4).
    mutating func enter(_ message: NewView, sendingPrepares: Bool) {
        if let running = viewChangeTimer {
            viewChangeTimer = nil
            emit(.cancelTimer(.viewChange(running)))
        }
        view = message.view
        isChangingView = false
        assigned = []
        orderedBeforeArrival = []
        pendingHead = 0
        dirty = []
        slots = slots.filter { $0.key.view >= message.view }
        viewChanges = viewChanges.filter { $0.key > message.view }
        newViews = newViews.filter { $0.key > message.view }
        if message.checkpoint > stableCheckpoint {
            // C of a VIEW-CHANGE in V that reported min-s proves it (checked when the NEW-VIEW arrived).
            let proof = message.viewChanges.first {
                $0.viewChange.checkpoint == message.checkpoint && $0.viewChange.checkpointDigest == message.checkpointDigest
            }
            moveStableCheckpoint(to: message.checkpoint, digest: message.checkpointDigest, proof: proof?.viewChange.checkpointProof ?? [])
            if lastExecuted < message.checkpoint {
                let fetch = StateFetch(sequence: message.checkpoint, stateDigest: message.checkpointDigest)
                fetching = fetch
                let holders = message.viewChanges.filter { $0.viewChange.checkpoint == message.checkpoint && $0.sender != id }
                emit(.send(.fetchState(fetch), to: holders.map(\.sender)))
                emit(.setTimer(.stateFetch(message.checkpoint), after: configuration.stateFetchTimeout))
            }
        }
        for (offset, batch) in message.batches.enumerated() {
            let sequence = message.checkpoint.advanced(by: UInt64(offset + 1))
            guard sequence > stableCheckpoint else { continue }
            let key = SlotKey(view: view, sequence: sequence)
            slots[key, default: SlotState()].received = batch
            slots[key]!.accepted = batch
            noteOrdered(batch)
            if sendingPrepares {
                slots[key]!.prepares[batch.digest, default: [:]][id] = []
                emit(.send(.prepare(SlotVote(view: view, sequence: sequence, digest: batch.digest)), to: others))
            }
        }
        nextSequence = max(stableCheckpoint.next, message.checkpoint.advanced(by: UInt64(message.batches.count + 1)))
        for key in slots.keys where key.view == view { dirty.insert(key.sequence) }
    }
}
