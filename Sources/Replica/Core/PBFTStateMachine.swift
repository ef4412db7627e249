/// A PBFT replica as a pure state machine (Castro & Liskov, "Practical Byzantine Fault Tolerance",
/// OSDI '99 §4; "PBFT and proactive recovery", TOCS 2002 §4–5): messages, client requests and timer
/// expiries go in, `ReplicaAction`s come out — messages to send, replies, timers, trace records — in the
/// order the host must perform them. No I/O, no clock, no randomness: the same inputs give the same
/// actions, which is what the cluster simulator and the unit tests rely on.
///
/// It implements the normal case (§4.2) with batching and out-of-order processing inside the window
/// h < n ≤ h + L and execution strictly in sequence order; checkpoints every K executions, garbage
/// collection below the stable checkpoint and state transfer for a replica that lags (§4.3); view
/// changes with prepared certificates and NEW-VIEW recomputation of O (§4.4), with the f + 1 rule for
/// joining a view change and timeouts that double (§4.5.2); request de-duplication by (client,
/// timestamp) and replies (§4.1). The host authenticates messages before they reach it (the sender
/// given to `receive(_:from:)` is trusted).
public struct PBFTStateMachine<Service: ReplicatedService>: Sendable {
    /// The cluster's parameters.
    public let configuration: ReplicaConfiguration
    /// This replica.
    public let id: ReplicaID

    /// The view the replica is in, or is changing to (§4.4).
    public internal(set) var view: ViewNumber = .initial
    /// Whether it sent VIEW-CHANGE(`view`) and waits for NEW-VIEW(`view`).
    public internal(set) var isChangingView = false
    /// h: the last stable checkpoint (§4.3).
    public internal(set) var stableCheckpoint: SequenceNumber = .genesis
    /// The state digest of the stable checkpoint.
    public internal(set) var stableDigest: Digest
    /// C: the signed CHECKPOINTs that prove the stable checkpoint (a quorum, its own unsigned among them
    /// when it voted), carried in its VIEW-CHANGEs (§4.4); empty at genesis.
    var stableProof: [SignedCheckpoint] = []
    /// The last sequence number executed (or installed by state transfer).
    public internal(set) var lastExecuted: SequenceNumber = .genesis
    /// Whether it committed two different batches at one sequence number, which only more than f faulty
    /// replicas can cause (Castro & Liskov §4.2's safety argument); the second is never executed.
    public internal(set) var hasConflictingCommit = false
    /// The replicated service's state.
    public internal(set) var service: Service
    /// The digest chain of executed batches (`CheckpointSnapshot.history`).
    var history: Digest = .zero
    /// The last executed request and result of each client (§4.1).
    var clients: [ClientID: ClientRecord] = [:]

    /// Own checkpoints at or above h, with their full state (for state transfer).
    var snapshots: [SequenceNumber: CheckpointSnapshot] = [:]
    /// Normal-case messages per (view, sequence number), for views ≥ `view` and h < n ≤ h + 2L.
    var slots: [SlotKey: SlotState] = [:]
    /// Sequence numbers of the current view whose slot may be able to progress.
    var dirty: Set<SequenceNumber> = []
    /// Batches committed above h, by sequence number (executed or waiting for the ones before).
    var committedBatches: [SequenceNumber: RequestBatch] = [:]
    /// For each sequence number above h where it prepared: the certificate of the latest view (P).
    var certificates: [SequenceNumber: PreparedCertificate] = [:]
    /// The primary's next free sequence number.
    var nextSequence = SequenceNumber(1)

    /// Requests received and not yet executed, by key, and their arrival order (may hold stale keys).
    var pending: [RequestKey: ClientRequest] = [:]
    var pendingOrder: [RequestKey] = []
    /// Every key of `pendingOrder` before this index is executed or assigned; reset to 0 when
    /// `assigned` shrinks (a new view) or the order is compacted.
    var pendingHead = 0
    /// Pending requests already in a batch of the current view (or in its NEW-VIEW's O).
    var assigned: Set<RequestKey> = []
    /// Requests in a batch of the current view (or its O) that were not pending when the batch was
    /// accepted: when a client's copy arrives later (a retransmission to a new primary), it is
    /// already ordered in this view and must not be ordered again (Castro & Liskov §4.2: the primary
    /// assigns a request one sequence number).
    var orderedBeforeArrival: Set<RequestKey> = []

    /// CHECKPOINT votes above h, per sender, ascending, at most `checkpointVotesPerSender` each.
    var checkpointVotes: [ReplicaID: [CheckpointVote]] = [:]
    /// Whether votes, own checkpoints or the state changed since the last look for a stable checkpoint.
    var checkpointsChanged = false
    /// VIEW-CHANGE messages for views ≥ `view`, per view and sender (its own included).
    var viewChanges: [ViewNumber: [ReplicaID: ViewChange]] = [:]
    /// Valid NEW-VIEW messages for views it may still enter.
    var newViews: [ViewNumber: NewView] = [:]

    /// The view whose view-change timer runs, if one does.
    var viewChangeTimer: ViewNumber?
    /// Whether the batch timer runs.
    var isBatchTimerRunning = false
    /// View changes since the last execution: the timeout doubles with each (§4.5.2).
    var viewChangeAttempts = 0
    /// Whether the retransmission timer runs.
    var isRetransmitTimerRunning = false
    /// Expiries of the retransmission timer since the last progress (the backoff's exponent).
    var retransmitRounds = 0
    /// The progress the backoff last saw.
    var retransmitProgress = RetransmitProgress(view: .initial, executed: .genesis, stable: .genesis)
    /// The NEW-VIEW it sent as primary of its current view, re-sent to a replica still asking for it.
    var sentNewView: NewView?
    /// The checkpoint state being fetched, if any.
    var fetching: StateFetch?

    /// The actions produced by the input being handled.
    var outbox: [ReplicaAction] = []

    /// How many views above its own a replica keeps messages for.
    static var viewLookahead: UInt64 { 8 }

    /// A replica `id` of a cluster configured by `configuration`, in view 0 at genesis.
    ///
    /// - Parameters:
    ///   - configuration: the cluster's parameters.
    ///   - id: this replica; must be a member.
    ///   - service: the initial service state.
    /// - Throws: `ConfigurationError` when `id` is not a member.
    public init(configuration: ReplicaConfiguration, id: ReplicaID, service: Service = Service()) throws(ConfigurationError) {
        guard configuration.contains(id) else {
            throw ConfigurationError(field: "replica", "\(id) is not one of the \(configuration.replicaCount) replicas")
        }
        self.configuration = configuration
        self.id = id
        self.service = service
        let genesis = CheckpointSnapshot(sequence: .genesis, history: .zero, service: service.snapshot(), replies: [])
        stableDigest = genesis.digest
        snapshots[.genesis] = genesis
    }

    /// Whether this replica is the primary of its current view.
    public var isPrimary: Bool { configuration.primary(of: view) == id }

    /// H: the high watermark h + L (§4.2).
    public var highWatermark: SequenceNumber { stableCheckpoint.advanced(by: configuration.window) }

    /// The batch committed at `sequence`, while it is above the stable checkpoint.
    public func committedBatch(at sequence: SequenceNumber) -> RequestBatch? { committedBatches[sequence] }

    /// The last executed request of `client`, if any.
    public func lastRecord(of client: ClientID) -> ClientRecord? { clients[client] }

    /// How many client requests wait to be executed.
    public var pendingRequestCount: Int { pending.count }

    /// The other replicas, in id order: the destinations of a multicast.
    var others: [ReplicaID] { configuration.replicas.filter { $0 != id } }

    // MARK: Inputs

    /// Handles a protocol message that the host authenticated as coming from `sender`.
    ///
    /// - Returns: the actions to perform, in order.
    public mutating func receive(_ message: ProtocolMessage, from sender: ReplicaID) -> [ReplicaAction] {
        guard configuration.contains(sender) else { return [.dropped(.nonMember)] }
        guard sender != id else { return [.dropped(.fromSelf)] }
        switch message {
        case .prePrepare(let prePrepare): accept(prePrepare, from: sender)
        case .prepare(let vote): acceptPrepare(vote, from: sender)
        case .commit(let vote): acceptCommit(vote, from: sender)
        case .checkpoint(let vote): accept(vote, from: sender)
        case .viewChange(let viewChange): accept(viewChange, from: sender)
        case .newView(let newView): accept(newView, from: sender)
        case .fetchState(let fetch): serve(fetch, to: sender)
        case .state(let snapshot): install(snapshot, from: sender)
        }
        advance()
        return takeOutbox()
    }

    /// Handles a client's request (§4.1): re-sends the reply of one already executed, queues a new one
    /// (the primary orders it, a backup starts its view-change timer).
    ///
    /// - Returns: the actions to perform, in order.
    public mutating func receive(request: ClientRequest) -> [ReplicaAction] {
        acceptRequest(request)
        advance()
        return takeOutbox()
    }

    /// Handles the expiry of `timer`; an expiry of a timer that was since restarted for another view or
    /// checkpoint is ignored.
    ///
    /// - Returns: the actions to perform, in order.
    public mutating func timerFired(_ timer: ReplicaTimer) -> [ReplicaAction] {
        switch timer {
        case .batch:
            isBatchTimerRunning = false
            _ = cutBatches(force: true)
        case .viewChange(let target):
            if target == view && viewChangeTimer == target {
                viewChangeTimer = nil
                startViewChange()
            }
        case .stateFetch(let sequence):
            if let fetch = fetching, fetch.sequence == sequence {
                emit(.send(.fetchState(fetch), to: others))
                emit(.setTimer(.stateFetch(sequence), after: configuration.stateFetchTimeout))
            }
        case .retransmit:
            isRetransmitTimerRunning = false
            retransmitRounds += 1
            retransmit()
        }
        advance()
        return takeOutbox()
    }

    // MARK: Plumbing

    mutating func emit(_ action: ReplicaAction) { outbox.append(action) }

    mutating func record(_ step: TraceStep) { outbox.append(.record(step)) }

    mutating func drop(_ reason: DropReason) { outbox.append(.dropped(reason)) }

    mutating func takeOutbox() -> [ReplicaAction] {
        defer { outbox = [] }
        return outbox
    }

    /// Takes every step that the inputs so far enable, in a fixed order, until none is left; then brings
    /// the timers up to date.
    mutating func advance() {
        var progressed = true
        while progressed {
            progressed = false
            if joinHigherView() || enterNewView() {
                progressed = true
                continue
            }
            if !isChangingView {
                while let sequence = dirty.min() {
                    dirty.remove(sequence)
                    if progressSlot(at: sequence) { progressed = true }
                }
            }
            if executeCommitted() { progressed = true }
            if stabilizeCheckpoint() { progressed = true }
            if cutBatches(force: false) { progressed = true }
        }
        updateTimers()
        checkInvariants()
    }
}
