/// Client requests, batching and execution (Castro & Liskov, OSDI '99 §4.1–4.2; TOCS 2002 §5.1.4):
/// requests are de-duplicated by (client, timestamp), the primary orders them in batches, and every
/// replica executes committed batches strictly in sequence order and replies to the clients.
extension PBFTStateMachine {
    mutating func acceptRequest(_ request: ClientRequest) {
        if let record = clients[request.client], record.timestamp >= request.timestamp {
            // Already executed: re-send the reply if it is the latest (§4.1), else it is obsolete.
            if record.timestamp == request.timestamp {
                emit(
                    .reply(ClientReply(view: view, timestamp: record.timestamp, client: record.client, replica: id, result: record.result)))
            }
            return drop(.staleRequest)
        }
        guard pending[request.key] == nil else { return drop(.duplicate) }
        pending[request.key] = request
        pendingOrder.append(request.key)
        if orderedBeforeArrival.remove(request.key) != nil { assigned.insert(request.key) }
    }

    /// Records that `batch` is ordered in the current view: its pending requests are assigned, the
    /// others will be when they arrive.
    mutating func noteOrdered(_ batch: RequestBatch) {
        for request in batch.requests {
            if pending[request.key] != nil {
                assigned.insert(request.key)
            } else {
                orderedBeforeArrival.insert(request.key)
            }
        }
    }

    /// Up to `limit` pending requests not yet in a batch of this view, oldest first.
    ///
    /// - Complexity: amortized O(`limit`) while batches are cut from the front: the keys before
    ///   `pendingHead` are executed or assigned, so the scan starts after them.
    mutating func unassignedRequests(limit: Int) -> [ClientRequest] {
        if pendingOrder.count > 2 * pending.count + 64 {
            pendingOrder.removeAll { pending[$0] == nil }
            pendingHead = 0
        }
        while pendingHead < pendingOrder.count, pending[pendingOrder[pendingHead]] == nil || assigned.contains(pendingOrder[pendingHead]) {
            pendingHead += 1
        }
        var result: [ClientRequest] = []
        for key in pendingOrder[pendingHead...] where !assigned.contains(key) {
            guard let request = pending[key] else { continue }
            result.append(request)
            if result.count == limit { break }
        }
        return result
    }

    /// The primary orders full batches while the window has room; with `force` (the batch timer
    /// fired), a partial one too.
    ///
    /// - Returns: whether a batch was ordered.
    mutating func cutBatches(force: Bool) -> Bool {
        // A primary whose state is behind its stable checkpoint (a NEW-VIEW moved it there, the state is on
        // its way) cannot tell which pending requests that checkpoint already executed: it waits for the
        // state, or it would order one a second time (found by `bftcheck faults`).
        guard !isChangingView, isPrimary, lastExecuted >= stableCheckpoint else { return false }
        var force = force
        var progressed = false
        // Every assigned request is pending, so this counts the requests not yet in a batch, in O(1).
        while nextSequence <= highWatermark, pending.count - assigned.count >= (force ? 1 : configuration.batchSize) {
            let requests = unassignedRequests(limit: configuration.batchSize)
            guard !requests.isEmpty, requests.count == configuration.batchSize || force else { break }
            force = false
            propose(RequestBatch(requests))
            progressed = true
        }
        return progressed
    }

    /// The primary assigns the next sequence number to `batch` and multicasts PRE-PREPARE (§4.2).
    mutating func propose(_ batch: RequestBatch) {
        let sequence = nextSequence
        nextSequence = sequence.next
        for request in batch.requests { assigned.insert(request.key) }
        record(.request(batch))
        record(.prePrepared(view, sequence, batch.digest))
        slots[SlotKey(view: view, sequence: sequence), default: SlotState()].accepted = batch
        emit(.send(.prePrepare(PrePrepare(view: view, sequence: sequence, batch: batch)), to: others))
        dirty.insert(sequence)
    }

    /// Executes committed batches in sequence order while the next one is there (§4.2), taking a
    /// checkpoint after every K-th (§4.3).
    ///
    /// - Returns: whether a batch was executed.
    mutating func executeCommitted() -> Bool {
        var progressed = false
        while lastExecuted >= stableCheckpoint, let batch = committedBatches[lastExecuted.next] {
            execute(batch, at: lastExecuted.next)
            progressed = true
        }
        return progressed
    }

    mutating func execute(_ batch: RequestBatch, at sequence: SequenceNumber) {
        var results: [[UInt8]] = []
        var replies: [ClientReply] = []
        var written: Set<ByteKey> = []
        var changedClients: Set<ClientID> = []
        results.reserveCapacity(batch.requests.count)
        replies.reserveCapacity(batch.requests.count)
        written.reserveCapacity(batch.requests.count)
        changedClients.reserveCapacity(batch.requests.count)
        for request in batch.requests {
            pending[request.key] = nil
            assigned.remove(request.key)
            orderedBeforeArrival.remove(request.key)
            if let record = clients[request.client], record.timestamp >= request.timestamp {
                // Ordered twice (e.g. re-proposed after a view change): executed once only (§4.1).
                results.append(record.timestamp == request.timestamp ? record.result : [])
                continue
            }
            written.formUnion(service.keys(writtenBy: request.operation).map(ByteKey.init))
            let result = service.execute(request.operation)
            clients[request.client] = ClientRecord(client: request.client, timestamp: request.timestamp, result: result)
            changedClients.insert(request.client)
            replies.append(ClientReply(view: view, timestamp: request.timestamp, client: request.client, replica: id, result: result))
            results.append(result)
        }
        var chain = ByteWriter(capacity: 80)
        chain.write(history)
        chain.write(sequence.number)
        chain.write(batch.digest)
        history = .hashing(chain.bytes)
        lastExecuted = sequence
        // The batch's changes reach the executed-state store before its replies leave (TOCS 2002 §6.1).
        var writes: [StateEntry] = []
        var removals: [[UInt8]] = []
        for key in written.sorted(by: { $0.precedes($1) }).map(\.bytes) {
            if let value = service.value(forKey: key) { writes.append(StateEntry(key: key, value: value)) } else { removals.append(key) }
        }
        emit(
            .persist(
                ExecutedStateUpdate(
                    sequence: sequence, history: history, writes: writes, removals: removals,
                    clients: changedClients.sorted().map { clients[$0]! })))
        for reply in replies { emit(.reply(reply)) }
        viewChangeAttempts = 0
        record(.executed(sequence, batch.digest, results: results))
        if let running = viewChangeTimer {
            // Progress: the backup's timer restarts for the requests still waiting (§4.4).
            viewChangeTimer = nil
            emit(.cancelTimer(.viewChange(running)))
        }
        if sequence.isCheckpoint(every: configuration.checkpointInterval) { takeCheckpoint(at: sequence) }
    }

    /// The state after executing through `lastExecuted`, as the executed-state store holds it.
    public var executedState: ExecutedState {
        ExecutedState(
            sequence: lastExecuted, history: history, entries: service.entries(), clients: clients.keys.sorted().map { clients[$0]! })
    }

    /// The state after executing through `lastExecuted`, as a checkpoint snapshot.
    func currentSnapshot() -> CheckpointSnapshot {
        CheckpointSnapshot(
            sequence: lastExecuted, history: history, service: service.snapshot(),
            replies: clients.keys.sorted().map { clients[$0]! })
    }

    /// Brings the batch and view-change timers up to date: a backup with requests waiting runs its
    /// view-change timer (§4.4); a primary with a partial batch runs its batch timer.
    mutating func updateTimers() {
        if !isChangingView {
            let waiting = !pending.isEmpty && !isPrimary
            if waiting, viewChangeTimer != view {
                viewChangeTimer = view
                emit(.setTimer(.viewChange(view), after: viewChangeTimeout))
            } else if !waiting, let running = viewChangeTimer {
                viewChangeTimer = nil
                emit(.cancelTimer(.viewChange(running)))
            }
        }
        let partial = !isChangingView && isPrimary && nextSequence <= highWatermark && pending.count > assigned.count
        if partial, !isBatchTimerRunning {
            isBatchTimerRunning = true
            emit(.setTimer(.batch, after: configuration.batchTimeout))
        } else if !partial, isBatchTimerRunning {
            isBatchTimerRunning = false
            emit(.cancelTimer(.batch))
        }
        updateRetransmitTimer()
    }

    /// The view-change timeout: the configured one, doubled for each view change since the last
    /// execution (§4.5.2), at most 2⁶ times.
    var viewChangeTimeout: Duration { configuration.viewChangeTimeout * (1 << min(viewChangeAttempts, 6)) }
}
