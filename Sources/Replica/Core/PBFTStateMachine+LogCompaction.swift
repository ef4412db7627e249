/// Write-ahead log compaction at a stable checkpoint (Castro & Liskov, OSDI '99 §4.3: the log at and below
/// a stable checkpoint is garbage-collected; TOCS 2002 §4.6: what a restarted replica must still have).
///
/// The machine does no I/O: when a checkpoint becomes stable it emits `.truncateLog(through:)`, and the
/// host, once the input is handled, asks `compactedLog(_:)` for the log to write in place of the old
/// one. The compacted log is a `.restore` record (the stable checkpoint's state and proof, the view, the
/// NEW-VIEW it sent) followed by the inputs that still matter above the checkpoint, in their order. Before
/// it offers that log the machine replays it through a fresh replica and keeps it only when the replica
/// it rebuilds agrees with itself on everything it could contradict after a restart — view, votes and
/// pre-prepares above h, prepared certificates, checkpoint votes, view-change messages, the primary's
/// next sequence number, the executed state — so a compaction never changes what a restart recovers;
/// when they would differ (a view change under way, a state fetch, an input whose effect depended on
/// the old window) it keeps the whole log and tries again at the next stable checkpoint.
extension PBFTStateMachine {
    /// Becomes the replica `checkpoint` describes: stable checkpoint, executed state, view and the
    /// NEW-VIEW it sent; the executed state goes to the store as a whole (`.persist` replacing all).
    /// A compacted log's first input, given to a fresh machine (OSDI '99 §4.3).
    ///
    /// - Returns: the actions to perform, in order.
    public mutating func restore(from checkpoint: LogCheckpoint) -> [ReplicaAction] {
        guard lastExecuted == .genesis, stableCheckpoint == .genesis, checkpoint.sequence > .genesis,
            let restored = try? Service(snapshot: checkpoint.snapshot.service)
        else {
            drop(.invalidState)
            return takeOutbox()
        }
        let snapshot = checkpoint.snapshot
        view = checkpoint.view
        isChangingView = false
        stableCheckpoint = snapshot.sequence
        stableDigest = snapshot.digest
        stableProof = checkpoint.proof
        lastExecuted = snapshot.sequence
        service = restored
        history = snapshot.history
        clients = Dictionary(uniqueKeysWithValues: snapshot.replies.map { ($0.client, $0) })
        snapshots = [snapshot.sequence: snapshot]
        nextSequence = snapshot.sequence.next
        if let sent = checkpoint.sentNewView, sent.view == view, isPrimary { sentNewView = sent }
        emit(
            .persist(
                ExecutedStateUpdate(
                    sequence: snapshot.sequence, history: history, writes: service.entries(), clients: snapshot.replies,
                    replacesAll: true)))
        advance()
        return takeOutbox()
    }

    /// The log to keep in place of `inputs` now that the stable checkpoint is h: a `.restore` record
    /// followed by the inputs above h, or `nil` when the log must stay as it is (OSDI '99 §4.3).
    ///
    /// - Parameter inputs: the write-ahead log's inputs, in order, the last one handled by this machine.
    /// - Returns: the compacted log, checked to rebuild a replica that agrees with this one; `nil` when
    ///   there is nothing to drop, a view change or state fetch is under way, or the check fails.
    /// - Complexity: O(m) replayed inputs, m the number kept: bounded by the window, not the run.
    public func compactedLog(_ inputs: [ReplicaInput]) -> [ReplicaInput]? {
        guard !isChangingView, fetching == nil, stableCheckpoint > .genesis, lastExecuted >= stableCheckpoint,
            let snapshot = snapshots[stableCheckpoint]
        else { return nil }
        let checkpoint = LogCheckpoint(
            view: view, snapshot: snapshot, proof: stableProof, sentNewView: sentNewView?.view == view ? sentNewView : nil)
        var compacted: [ReplicaInput] = [.restore(checkpoint)]
        // A batch timer cuts only requests that arrived before it: one with none kept since the last kept
        // timer has nothing left to cut.
        var requestSinceBatchTimer = false
        for input in inputs {
            switch input {
            case .timer(.batch):
                guard requestSinceBatchTimer else { continue }
                requestSinceBatchTimer = false
                compacted.append(input)
            case .request:
                guard isKeptAfterCompaction(input) else { continue }
                requestSinceBatchTimer = true
                compacted.append(input)
            default:
                if isKeptAfterCompaction(input) { compacted.append(input) }
            }
        }
        guard compacted != inputs, var rebuilt = try? Self(configuration: configuration, id: id) else { return nil }
        for input in compacted { _ = rebuilt.apply(input) }
        return rebuilt.agreesAfterRestart(with: self) ? compacted : nil
    }

    /// Whether `input` may still matter once the log starts at the stable checkpoint h in view v: a
    /// normal-case message for a view ≥ v above h, a CHECKPOINT or STATE above h, a VIEW-CHANGE or
    /// NEW-VIEW for a view above v, a request not executed yet, a state-fetch timer above h.
    func isKeptAfterCompaction(_ input: ReplicaInput) -> Bool {
        switch input {
        case .restore: false
        case .request(let request): (clients[request.client]?.timestamp ?? 0) < request.timestamp
        case .timer(.batch): true
        case .timer(.stateFetch(let sequence)): sequence > stableCheckpoint
        // A view-change timer for v or below either was ignored or led to the view the replica is in.
        case .timer(.viewChange), .timer(.retransmit): false
        case .message(let message, _):
            switch message {
            case .prePrepare(let prePrepare): prePrepare.view >= view && prePrepare.sequence > stableCheckpoint
            case .prepare(let vote), .commit(let vote): vote.view >= view && vote.sequence > stableCheckpoint
            case .checkpoint(let vote): vote.sequence > stableCheckpoint
            case .viewChange(let viewChange): viewChange.view > view
            case .newView(let newView): newView.view > view
            case .fetchState: false
            case .state(let snapshot): snapshot.sequence > stableCheckpoint
            }
        }
    }

    /// Whether this replica, rebuilt from a compacted log, agrees with `other` on everything that decides
    /// what it sends next: it can contradict nothing `other` sent (TOCS 2002 §4.6).
    func agreesAfterRestart(with other: Self) -> Bool { disagreementAfterRestart(with: other) == nil }

    /// The first part of the state on which this replica, rebuilt from a compacted log, differs from
    /// `other`, or `nil` when they agree on everything that decides what it sends next.
    func disagreementAfterRestart(with other: Self) -> String? {
        let parts: [(String, Bool)] = [
            ("view", view == other.view && isChangingView == other.isChangingView && viewChangeAttempts == other.viewChangeAttempts),
            ("stable checkpoint", stableCheckpoint == other.stableCheckpoint && stableDigest == other.stableDigest),
            ("checkpoint proof", stableProof == other.stableProof),
            ("executed state", lastExecuted == other.lastExecuted && currentSnapshot() == other.currentSnapshot()),
            ("conflicting commit", hasConflictingCommit == other.hasConflictingCommit),
            ("committed batches", committedBatches == other.committedBatches),
            ("prepared certificates", certificates == other.certificates),
            ("next sequence number", nextSequence == other.nextSequence),
            ("slots", slots == other.slots),
            ("checkpoint votes", checkpointVotes.filter { !$0.value.isEmpty } == other.checkpointVotes.filter { !$0.value.isEmpty }),
            ("view changes", viewChanges == other.viewChanges && newViews == other.newViews && sentNewView == other.sentNewView),
            ("state fetch", fetching == other.fetching),
            ("pending requests", Set(pending.keys) == Set(other.pending.keys) && assigned == other.assigned),
        ]
        return parts.first { !$0.1 }?.0
    }
}
