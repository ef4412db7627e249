import MessagePassing

/// The rules of PBFT as guarded handlers (Castro & Liskov §4.2–4.4; tutorial, "PBFT: Normal-case
/// protocol in view v", "PBFT: A view-change in view v", "PBFT: Further dealing with failures"). Each
/// returns the replica's next state and what it multicasts, or why it does not apply.
extension PBFTLayer: ReplicaProtocol {
    /// The rules, in coverage order (the kinds of `pbft`'s steps).
    public enum Rule: String, CaseIterable, Hashable, Sendable {
        /// §4.2: the primary orders a client request: PREPREPARE at its next free slot, h < n ≤ H.
        case propose
        /// §4.2: a backup accepts the first PREPREPARE for (v, n) within its watermarks: PREPARE.
        case acceptPrePrepare
        /// §4.2: the PREPREPARE and quorum − 1 matching PREPAREs of distinct backups: prepared, COMMIT.
        case prepare
        /// §4.2: prepared and a quorum of matching COMMITs: committed-local, execute, reply.
        case commit
        /// §4.3: a quorum of matching CHECKPOINTs: the checkpoint is stable, the watermarks move.
        case stabilizeCheckpoint
        /// §4.4: the timer expires: VIEWCHANGE for the next view.
        case timeout
        /// §4.4: the new primary multicasts NEWVIEW(v, V, O).
        case sendNewView
        /// §4.4: a backup accepts a NEWVIEW whose O it recomputes from V.
        case acceptNewView
    }

    /// The stimuli besides receipts: a client request, the quorum steps, the timer and the NEWVIEW
    /// a primary builds.
    public enum Input: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The client request `request` reaches the replica (the primary orders it).
        case propose(RequestID)
        /// Act on the matching PREPAREs for the replica's PREPREPARE or PREPARE at a slot.
        case prepare(SequenceNumber)
        /// Act on the matching COMMITs for the replica's COMMIT at a slot.
        case commit(SequenceNumber)
        /// The view-change timer expires.
        case timeout
        /// Multicast this NEWVIEW, built from VIEWCHANGEs the primary holds.
        case sendNewView(PBFTMessage)
        /// Accept this PREPREPARE, received from its view's primary. A judging spec's step (a
        /// trace's `pre-prepared` at a backup): a model-checked one accepts on receipt.
        case acceptPrePrepare(PBFTMessage)
        /// Make this CHECKPOINT stable. A judging spec's step (a trace's `checkpoint-stable`).
        case stabilize(PBFTMessage)
        /// Accept this NEWVIEW, received from its view's primary. A judging spec's step (a trace's
        /// `new-view` at a backup).
        case acceptNewView(PBFTMessage)
        /// Take the checkpoint at this sequence number and multicast its CHECKPOINT. A judging
        /// spec's step (a trace's `checkpoint`): a model-checked replica multicasts it as part of
        /// the step that executes the sequence number.
        case takeCheckpoint(SequenceNumber)
        /// Execute the request committed at this sequence number. A judging spec's step (a trace's
        /// `executed`): a model-checked replica executes as part of the step that commits.
        case execute(SequenceNumber, Digest)
        /// Reply to the client of this request, in this view when the log names one. A judging
        /// spec's step (a trace's `reply`): a model-checked replica replies as part of the step that
        /// commits and executes (Castro & Liskov §4.1: REPLY(v, t, c, i, r), v the replica's view).
        case reply(Digest, view: View?)

        /// E.g. `propose(req1)`, `prepare(1)`, `sendNewView(NEWVIEW(v1, …))`.
        public var description: String {
            switch self {
            case .propose(let request): "propose(\(request))"
            case .prepare(let slot): "prepare(\(slot.number))"
            case .commit(let slot): "commit(\(slot.number))"
            case .timeout: "timeout"
            case .sendNewView(let message): "sendNewView(\(message))"
            case .acceptPrePrepare(let message): "accept(\(message))"
            case .stabilize(let message): "stabilize(\(message))"
            case .acceptNewView(let message): "accept(\(message))"
            case .takeCheckpoint(let slot): "checkpoint(\(slot.number))"
            case .execute(let slot, let digest): "execute(\(slot.number), \(digest))"
            case .reply(let digest, let view): "reply(\(digest)\(view.map { ", \($0)" } ?? ""))"
            }
        }
    }

    /// Why a handler does not apply.
    public enum Refusal: Hashable, Sendable, CustomStringConvertible {
        /// Waiting for NEWVIEW(v): no normal-case step (§4.4).
        case awaitingNewView(View)
        /// Only the primary of the view does this.
        case notPrimary(View)
        /// The primary does not accept its own messages as a backup.
        case ownMessage
        /// The message is for another view than the replica's.
        case otherView(View)
        /// The PREPREPARE (NEWVIEW) is not from the primary of its view: not well-formed.
        case notFromPrimary(ReplicaID)
        /// The slot is outside h < n ≤ H.
        case outsideWatermarks(SequenceNumber)
        /// The primary's log is full up to H.
        case windowFull
        /// The request is already ordered in this view or executed.
        case alreadyOrdered(RequestID)
        /// A PREPREPARE for (v, n) was already accepted.
        case alreadyAccepted(Digest)
        /// No PREPREPARE (as primary) or PREPARE (as backup) at the slot in this view.
        case notPrePrepared(SequenceNumber)
        /// COMMIT was already sent at the slot.
        case alreadyPrepared(SequenceNumber)
        /// Not prepared at the slot in this view.
        case notPrepared(SequenceNumber)
        /// The digest is already committed at the slot.
        case alreadyCommitted(SequenceNumber)
        /// Fewer matching messages than the rule needs.
        case tooFew(PBFTMessage.Kind, have: Int, need: Int)
        /// The checkpoint is not above h.
        case checkpointNotNewer(SequenceNumber)
        /// The checkpoint's state disagrees with the replica's ledger.
        case inconsistentCheckpoint(SequenceNumber)
        /// No view within bounds is left.
        case lastView
        /// The NEWVIEW is for a view the replica has entered or passed.
        case staleView(View)
        /// No valid V yields this NEWVIEW.
        case notBuildable
        /// Backups recompute O from V and get something else (§4.4).
        case notRecomputable
        /// The replica has not received the message from the sender the step needs.
        case notReceived(PBFTMessage.Kind, from: ReplicaID)
        /// No checkpoint is taken at this sequence number (not a multiple of k, at or below h).
        case notACheckpoint(SequenceNumber)
        /// The replica has not executed through the sequence number.
        case notExecuted(SequenceNumber)
        /// Execution is in sequence-number order: the next to execute is another one.
        case executionOutOfOrder(SequenceNumber, next: SequenceNumber)
        /// The sequence number and every one before it are not committed.
        case notCommittedThrough(SequenceNumber)
        /// Another request is committed at the sequence number.
        case committedOther(SequenceNumber, Digest)
        /// A reply to a request the replica has not executed (it is in its log at a sequence number
        /// above the last it executed, or nowhere in a log that still starts at genesis).
        case notExecutedRequest(Digest)
        /// A reply naming another view than the replica's (the view it is in, or, while it waits for
        /// a NEW-VIEW, one it has been in).
        case replyView(View, replicaView: View)

        /// E.g. `2 of 3 PREPARE`.
        public var description: String {
            switch self {
            case .awaitingNewView(let view): "awaiting NEWVIEW(\(view))"
            case .notPrimary(let view): "not the primary of \(view)"
            case .ownMessage: "its own message"
            case .otherView(let view): "for \(view), not the replica's view"
            case .notFromPrimary(let sender): "from \(sender), not the primary"
            case .outsideWatermarks(let slot): "slot \(slot.number) outside the watermarks"
            case .windowFull: "no free slot below H"
            case .alreadyOrdered(let request): "\(request) already ordered"
            case .alreadyAccepted(let digest): "already accepted \(digest)"
            case .notPrePrepared(let slot): "nothing accepted at \(slot.number)"
            case .alreadyPrepared(let slot): "already prepared at \(slot.number)"
            case .notPrepared(let slot): "not prepared at \(slot.number)"
            case .alreadyCommitted(let slot): "already committed at \(slot.number)"
            case .tooFew(let kind, let have, let need): "\(have) of \(need) \(kind.rawValue)"
            case .checkpointNotNewer(let slot): "checkpoint \(slot.number) not above h"
            case .inconsistentCheckpoint(let slot): "checkpoint \(slot.number) disagrees with the ledger"
            case .lastView: "no view left within bounds"
            case .staleView(let view): "\(view) already entered or passed"
            case .notBuildable: "no valid V yields it"
            case .notRecomputable: "O differs from the one recomputed from V"
            case .notReceived(let kind, let sender): "no \(kind.rawValue) received from \(sender)"
            case .notACheckpoint(let slot): "no checkpoint is taken at \(slot.number)"
            case .notExecuted(let slot): "not executed through \(slot.number)"
            case .executionOutOfOrder(let slot, let next): "executes \(slot.number) but \(next.number) is next"
            case .notCommittedThrough(let slot): "\(slot.number) is not committed with every sequence number before it"
            case .committedOther(let slot, let digest): "\(digest) is committed at \(slot.number)"
            case .notExecutedRequest(let digest): "\(digest) not executed"
            case .replyView(let view, let replicaView): "reply in \(view), the replica is in \(replicaView)"
            }
        }
    }

    /// Genesis, view 0.
    public func initialReplica(_ replica: ReplicaID) -> PBFTReplicaState {
        var row = PBFTReplicaState()
        if isJudging { row.stableState = .hashedGenesis }
        return row
    }

    /// Client requests, the quorum steps per slot and the timer. Stimuli whose guard cannot hold are
    /// not listed (the primary proposes; nothing but the timer while awaiting NEWVIEW): the same
    /// mutation sites decide, so a mutant that drops the guard also lists them.
    public func inputs(at replica: ReplicaID, in state: PBFTReplicaState, into inputs: inout [Input]) {
        if isJudging {
            // A judged replica's slots are those its log names: see `inputs(at:in:inbox:into:)`.
            inputs.append(.timeout)
            return
        }
        let inView = !state.isAwaitingNewView
        if mutation.holds(.proposeInView, inView) && mutation.holds(.proposePrimary, primary(of: state.view) == replica) {
            for request in requests { inputs.append(.propose(request)) }
        }
        let prepares = mutation.holds(.prepareInView, inView)
        let commits = mutation.holds(.commitInView, inView)
        if prepares || commits {
            // h < n, or h ≤ n where a mutant relaxes the comparison (h itself is then listed too).
            let h = state.stableCheckpoint.number
            let firstPrepare = mutation.relaxes(.prepareLowWatermark) ? max(1, h) : h + 1
            let firstCommit = mutation.relaxes(.commitLowWatermark) ? max(1, h) : h + 1
            for number in stride(from: min(firstPrepare, firstCommit), through: configuration.maxSequence.number, by: 1) {
                if prepares && number >= firstPrepare { inputs.append(.prepare(SequenceNumber(number))) }
                if commits && number >= firstCommit { inputs.append(.commit(SequenceNumber(number))) }
            }
        }
        if state.view < configuration.maxView { inputs.append(.timeout) }
    }

    /// The inputs above, then every NEWVIEW the replica, as the awaited view's primary, can build.
    public func inputs(at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>, into inputs: inout [Input]) {
        if isJudging {
            // The unbounded run's inputs (its diagnostics, and a spec walk's candidates): the quorum
            // steps at the sequence numbers the replica has messages for, its checkpoints, the
            // NEW-VIEWs it can build as the awaited view's primary, the next execution, the timer.
            let h = state.stableCheckpoint
            var slots: [SequenceNumber] = []
            inbox.forEachMessage(from: replica) { message in
                if message.kind == .prePrepare || message.kind == .prepare || message.kind == .commit, message.slot > h {
                    slots.append(message.slot)
                }
            }
            for slot in Set(slots).sorted() {
                inputs.append(.prepare(slot))
                inputs.append(.commit(slot))
            }
            let interval = configuration.checkpointInterval
            if interval > 0 {
                for number in stride(from: (h.number / interval + 1) * interval, through: state.executedCount, by: interval) {
                    inputs.append(.takeCheckpoint(SequenceNumber(number)))
                }
            }
            if state.isAwaitingNewView && primary(of: state.view) == replica {
                for message in allowedNewViews(for: state.view, inbox: inbox, builtBy: replica) { inputs.append(.sendNewView(message)) }
            }
            let next = SequenceNumber(max(state.executedThrough, h).number + 1)
            if let digest = state.ledger[next] { inputs.append(.execute(next, digest)) }
            inputs.append(.timeout)
            return
        }
        self.inputs(at: replica, in: state, into: &inputs)
        if state.isAwaitingNewView && mutation.holds(.sendNewViewPrimary, primary(of: state.view) == replica) {
            for message in allowedNewViews(for: state.view, inbox: inbox, builtBy: replica) { inputs.append(.sendNewView(message)) }
        }
    }

    /// The client request, the quorum steps, the timer and NEWVIEW.
    public func on(_ input: Input, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer> {
        switch input {
        case .propose(let request): propose(request, at: replica, in: state, inbox: inbox)
        case .prepare(let slot): prepare(at: slot, replica: replica, in: state, inbox: inbox)
        case .commit(let slot): commit(at: slot, replica: replica, in: state, inbox: inbox)
        case .timeout: timeout(at: replica, in: state, inbox: inbox)
        case .sendNewView(let message): sendNewView(message, at: replica, in: state, inbox: inbox)
        case .acceptPrePrepare(let message):
            received(message, at: replica, inbox: inbox)
                ?? acceptPrePrepare(message, from: primary(of: message.view), at: replica, in: state, inbox: inbox)
        case .stabilize(let message): stabilizeCheckpoint(message, at: replica, in: state, inbox: inbox)
        case .takeCheckpoint(let slot): takeCheckpoint(slot, in: state)
        case .execute(let slot, let digest): execute(slot, digest, in: state)
        case .reply(let digest, let view): reply(to: digest, in: view, state: state)
        case .acceptNewView(let message):
            received(message, at: replica, inbox: inbox)
                ?? acceptNewView(message, from: primary(of: message.view), at: replica, in: state, inbox: inbox, recomputing: true)
        }
    }

    /// `nil` when `replica` received `message` from its view's primary (or is that primary);
    /// otherwise the refusal.
    func received(_ message: PBFTMessage, at replica: ReplicaID, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer>? {
        let sender = primary(of: message.view)
        if sender == replica || inbox.canReceive(message, from: sender) { return nil }
        return .refused(.notReceived(message.kind, from: sender))
    }

    /// PREPREPARE, CHECKPOINT and NEWVIEW are acted on one at a time.
    public func on(
        _ message: PBFTMessage, from sender: ReplicaID, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>
    ) -> Reaction<PBFTLayer> {
        switch message.kind {
        case .prePrepare: acceptPrePrepare(message, from: sender, at: replica, in: state, inbox: inbox)
        case .checkpoint: stabilizeCheckpoint(message, at: replica, in: state, inbox: inbox)
        case .newView: acceptNewView(message, from: sender, at: replica, in: state, inbox: inbox, recomputing: true)
        case .prepare, .commit, .viewChange: preconditionFailure("PBFTLayer: \(message.kind.rawValue) is only read as a quorum")
        }
    }

    /// Refusals no later state lifts: the message is the replica's own or not from the view's
    /// primary, the replica is not the view's primary, it already sent another message for the
    /// step (§4.2: one PRE-PREPARE, PREPARE, COMMIT per view and sequence number), the view is
    /// passed, or no checkpoint is taken at the sequence number.
    public func isFinal(_ refusal: Refusal) -> Bool {
        switch refusal {
        case .ownMessage, .notFromPrimary, .notPrimary, .alreadyOrdered, .alreadyAccepted, .alreadyPrepared, .alreadyCommitted, .staleView,
            .notACheckpoint, .lastView:
            true
        default: false
        }
    }

    /// The rule of each input.
    public func rule(of input: Input) -> Rule {
        switch input {
        case .propose: .propose
        case .prepare: .prepare
        case .commit: .commit
        case .timeout: .timeout
        case .sendNewView: .sendNewView
        case .acceptPrePrepare: .acceptPrePrepare
        case .stabilize: .stabilizeCheckpoint
        case .acceptNewView: .acceptNewView
        case .takeCheckpoint, .execute, .reply: .commit
        }
    }

    /// PREPREPARE, CHECKPOINT and NEWVIEW are received one at a time; PREPARE, COMMIT and VIEWCHANGE
    /// are only read as quorums.
    public func rule(of message: PBFTMessage) -> Rule? {
        // A judging spec takes every step when the trace logs it, never on receipt.
        if isJudging { return nil }
        return switch message.kind {
        case .prePrepare: .acceptPrePrepare
        case .checkpoint: .stabilizeCheckpoint
        case .newView: .acceptNewView
        case .prepare, .commit, .viewChange: nil
        }
    }

    /// One block per kind: the message order sorts kinds first.
    @inlinable
    public var messageBlockCount: Int { PBFTMessage.Kind.codeCapacity }

    /// The kind's position in protocol order: a replica's messages of one kind mostly arrive by
    /// view and sequence number, so a trace validator's view appends them.
    @inlinable
    public func messageBlock(of message: PBFTMessage) -> Int { message.kind.denseCode }

    /// A client request, the timer, or a local step.
    public func inputKind(of input: Input) -> InputKind {
        switch input {
        case .propose: .request
        case .timeout: .timer
        case .prepare, .commit, .sendNewView, .acceptPrePrepare, .stabilize, .acceptNewView, .takeCheckpoint, .execute, .reply: .local
        }
    }

    // MARK: Normal case (§4.2)

    /// The messages `replica` has sent, of `kind`, in `view` at `slot`: their digest (a correct
    /// replica sends at most one).
    func sentDigest(
        _ kind: PBFTMessage.Kind, by replica: ReplicaID, in view: View, at slot: SequenceNumber, inbox: Inbox<PBFTLayer>
    )
        -> Digest?
    {
        // The messages of one kind, view and sequence number are consecutive in the message order,
        // from the one without a digest: the last of them, as a scan of all would find.
        var found: Digest? = nil
        inbox.forEachMessage(from: replica, notBelow: PBFTMessage(kind, view: view, slot: slot)) { message in
            guard message.kind == kind && message.view == view && message.slot == slot else { return false }
            found = message.digest
            return true
        }
        return found
    }

    /// What `replica` accepted in `view` at `slot`: its PREPREPARE as that view's primary, else its
    /// PREPARE.
    func acceptedDigest(by replica: ReplicaID, in view: View, at slot: SequenceNumber, inbox: Inbox<PBFTLayer>) -> Digest? {
        sentDigest(primary(of: view) == replica ? .prePrepare : .prepare, by: replica, in: view, at: slot, inbox: inbox)
    }

    func propose(_ request: RequestID, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer> {
        let view = state.view
        guard mutation.holds(.proposeInView, !state.isAwaitingNewView) else { return .refused(.awaitingNewView(view)) }
        guard mutation.holds(.proposePrimary, primary(of: view) == replica) else { return .refused(.notPrimary(view)) }
        let digest = Digest.request(request)
        var next = state.stableCheckpoint.number + 1
        var ordered = false
        // The PREPREPAREs of the view are consecutive in the message order, from slot 0's.
        inbox.forEachMessage(from: replica, notBelow: PBFTMessage(.prePrepare, view: view, slot: SequenceNumber(0))) { message in
            guard message.kind == .prePrepare && message.view == view else { return false }
            next = max(next, message.slot.number + 1)
            if message.digest == digest { ordered = true }
            return true
        }
        let high = highWatermark(above: state.stableCheckpoint)
        guard mutation.compare(.proposeWindow, next <= high, relaxed: next <= high + 1) else { return .refused(.windowFull) }
        guard mutation.holds(.proposeOnce, !ordered && !state.ledger.contains(where: { $0.value == digest })) else {
            return .refused(.alreadyOrdered(request))
        }
        return .fire(state, sending: .prePrepare(view, SequenceNumber(next), digest))
    }

    func acceptPrePrepare(
        _ message: PBFTMessage, from sender: ReplicaID, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>
    ) -> Reaction<PBFTLayer> {
        let view = message.view
        guard mutation.holds(.acceptPrePrepareFromPrimary, primary(of: view) == sender) else { return .refused(.notFromPrimary(sender)) }
        guard mutation.holds(.acceptPrePrepareNotOwn, sender != replica) else { return .refused(.ownMessage) }
        guard mutation.holds(.acceptPrePrepareInView, !state.isAwaitingNewView) else { return .refused(.awaitingNewView(state.view)) }
        guard mutation.compare(.acceptPrePrepareView, view == state.view, relaxed: true) else { return .refused(.otherView(view)) }
        let slot = message.slot
        let h = state.stableCheckpoint
        let high = highWatermark(above: h)
        guard mutation.compare(.acceptPrePrepareLowWatermark, slot > h, relaxed: slot >= h),
            mutation.compare(.acceptPrePrepareHighWatermark, slot.number <= high, relaxed: slot.number <= high + 1)
        else {
            return .refused(.outsideWatermarks(slot))
        }
        if let accepted = sentDigest(.prepare, by: replica, in: view, at: slot, inbox: inbox), !mutation.drops(.acceptPrePrepareOnce) {
            return .refused(.alreadyAccepted(accepted))
        }
        return .fire(state, sending: .prepare(view, slot, message.digest!))
    }

    func prepare(at slot: SequenceNumber, replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer> {
        let view = state.view
        guard mutation.holds(.prepareInView, !state.isAwaitingNewView) else { return .refused(.awaitingNewView(view)) }
        let h = state.stableCheckpoint
        guard mutation.compare(.prepareLowWatermark, slot > h, relaxed: slot >= h) else { return .refused(.outsideWatermarks(slot)) }
        guard let digest = acceptedDigest(by: replica, in: view, at: slot, inbox: inbox) else { return .refused(.notPrePrepared(slot)) }
        guard mutation.holds(.prepareOnce, sentDigest(.commit, by: replica, in: view, at: slot, inbox: inbox) == nil) else {
            return .refused(.alreadyPrepared(slot))
        }
        let have = variant.prepareSupport(view, slot, digest, inbox: inbox, base: self)
        let need = mutation.threshold(.prepareQuorum, quorum - 1)
        guard have >= need else { return .refused(.tooFew(.prepare, have: have, need: need)) }
        return .fire(state, sending: .commit(view, slot, digest), quorum: Quorum(.prepare(view, slot, digest), count: need))
    }

    func commit(at slot: SequenceNumber, replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer> {
        let view = state.view
        guard mutation.holds(.commitInView, !state.isAwaitingNewView) else { return .refused(.awaitingNewView(view)) }
        let h = state.stableCheckpoint
        guard mutation.compare(.commitLowWatermark, slot > h, relaxed: slot >= h) else { return .refused(.outsideWatermarks(slot)) }
        guard let digest = sentDigest(.commit, by: replica, in: view, at: slot, inbox: inbox) else { return .refused(.notPrepared(slot)) }
        guard mutation.holds(.commitOnce, state.ledger[slot] != digest) else { return .refused(.alreadyCommitted(slot)) }
        let have = inbox.support(of: .commit(view, slot, digest))
        let need = mutation.threshold(.commitQuorum, quorum)
        guard have >= need else { return .refused(.tooFew(.commit, have: have, need: need)) }
        var next = state
        if state.ledger[slot] == nil {
            if mutation.updates(.commitLedger) { next.ledger[slot] = digest }
        } else if state.ledger[slot] != digest {
            next.hasConflictingCommit = true
        }
        return .fire(
            next, sendingAll: checkpointMessages(of: next, after: state), quorum: Quorum(.commit(view, slot, digest), count: need))
    }

    /// Executes `slot` (a judging spec's step): the next sequence number after the last executed
    /// (or the stable checkpoint, whose state a lagging replica adopts), committed together with
    /// every one before it, with the request committed there (Castro & Liskov §4.2: a replica
    /// executes a committed request "after all requests with lower sequence numbers have been
    /// executed").
    func execute(_ slot: SequenceNumber, _ digest: Digest, in state: PBFTReplicaState) -> Reaction<PBFTLayer> {
        let next = SequenceNumber(max(state.executedThrough, state.stableCheckpoint).number + 1)
        guard slot == next else { return .refused(.executionOutOfOrder(slot, next: next)) }
        guard state.executedCount >= slot.number, let committed = state.ledger[slot] else { return .refused(.notCommittedThrough(slot)) }
        guard committed == digest else { return .refused(.committedOther(slot, committed)) }
        var result = state
        result.executedThrough = slot
        return .fire(result)
    }

    /// Replies to the client of `digest` (a judging spec's step): only once the replica executed it
    /// (Castro & Liskov §4.2: replica i "executes the operation … and sends a reply"), naming its
    /// view (§4.1: v in REPLY(v, t, c, i, r) is the replica's current view; while it waits for
    /// NEW-VIEW(v), a view up to v). Executed means in its ledger at a sequence number up to the last
    /// it executed; a request nowhere in a ledger whose entries up to a stable checkpoint were
    /// discarded may have been executed there (a reply resent to a retransmitted request, §4.1), so
    /// it is not refused.
    func reply(to digest: Digest, in view: View?, state: PBFTReplicaState) -> Reaction<PBFTLayer> {
        if let view, view != state.view && !(state.isAwaitingNewView && view < state.view) {
            return .refused(.replyView(view, replicaView: state.view))
        }
        let executed = max(state.executedThrough, state.stableCheckpoint)
        var pending = false
        for (slot, entry) in state.ledger where entry == digest {
            if slot <= executed { return .fire(state) }
            pending = true
        }
        return pending || state.stableCheckpoint == .genesis ? .refused(.notExecutedRequest(digest)) : .fire(state)
    }

    // MARK: Checkpoints (§4.3)

    /// CHECKPOINT(n, state) for every checkpoint slot n the replica executed by the step from
    /// `previous` to `state`: a correct replica multicasts it once, when it executes n (Castro &
    /// Liskov §4.3), or when it takes a later checkpoint by state transfer — then the checkpoints in
    /// between are not its to certify, only those above the new stable checkpoint's predecessors it
    /// executed itself.
    func checkpointMessages(of state: PBFTReplicaState, after previous: PBFTReplicaState) -> [PBFTMessage] {
        let interval = configuration.checkpointInterval
        // A judged replica's checkpoints are steps of their own (`takeCheckpoint`): an
        // implementation takes them when it has the state, e.g. after a state transfer completes.
        guard interval > 0, !isJudging else { return [] }
        let executed = state.executedCount
        let before = previous.executedCount
        guard executed > before else { return [] }
        var result: [PBFTMessage] = []
        // The multiples of k above what was executed before, up to what is executed now.
        var slot = (before / interval + 1) * interval
        while slot <= min(executed, configuration.maxSequence.number) {
            let certified = mutation.content(.checkpointState, self.state(of: state, through: slot), omitted: .genesis)
            result.append(.checkpoint(SequenceNumber(slot), state: certified))
            slot += interval
        }
        return result
    }

    /// Takes the checkpoint at `slot` (a judging spec's step): a multiple of k above the stable
    /// checkpoint that the replica executed; multicasts CHECKPOINT(`slot`, its state).
    func takeCheckpoint(_ slot: SequenceNumber, in state: PBFTReplicaState) -> Reaction<PBFTLayer> {
        let interval = configuration.checkpointInterval
        guard interval > 0, slot.number % interval == 0, slot > state.stableCheckpoint else { return .refused(.notACheckpoint(slot)) }
        guard state.executedCount >= slot.number else { return .refused(.notExecuted(slot)) }
        return .fire(state, sending: .checkpoint(slot, state: self.state(of: state, through: slot.number)))
    }

    /// The support a CHECKPOINT(`slot`, `state`) has: its correct senders and the Byzantine replicas.
    func checkpointSupport(_ message: PBFTMessage, inbox: Inbox<PBFTLayer>) -> Int { inbox.support(of: message) }

    func stabilizeCheckpoint(
        _ message: PBFTMessage, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>
    )
        -> Reaction<PBFTLayer>
    {
        let slot = message.slot
        let h = state.stableCheckpoint
        guard mutation.compare(.stabilizeCheckpointNewer, slot > h, relaxed: slot >= h) else { return .refused(.checkpointNotNewer(slot)) }
        guard mutation.holds(.stabilizeCheckpointConsistent, isConsistent(state, with: message.state, at: slot)) else {
            return .refused(.inconsistentCheckpoint(slot))
        }
        let have = checkpointSupport(message, inbox: inbox)
        let need = mutation.threshold(.stabilizeCheckpointQuorum, quorum)
        guard have >= need else { return .refused(.tooFew(.checkpoint, have: have, need: need)) }
        let next = mutation.updates(.stabilizeCheckpointAdopt) ? adopting(slot, state: message.state, into: state) : state
        return .fire(next, sendingAll: checkpointMessages(of: next, after: state), quorum: Quorum(message, count: need))
    }

    // MARK: View changes (§4.4)

    func timeout(at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>) -> Reaction<PBFTLayer> {
        guard state.view < configuration.maxView else { return .refused(.lastView) }
        let view = state.view.next
        let h = state.stableCheckpoint
        // P: per slot above h, the certificate of the highest view below the new one.
        var certificates = DenseMap<SequenceNumber, PreparedCertificate>()
        inbox.forEachMessage(from: replica) { message in
            guard message.kind == .commit, message.slot > h, message.view < view else { return }
            if let held = certificates[message.slot], held.view > message.view { return }
            certificates[message.slot] = PreparedCertificate(view: message.view, digest: message.digest!)
        }
        var next = state
        if mutation.updates(.timeoutEnterView) { next.view = view }
        if mutation.updates(.timeoutAwaitNewView) { next.isAwaitingNewView = true }
        let reported = mutation.content(.viewChangeCheckpoint, (h, self.state(of: state, through: h.number)), omitted: (.genesis, .genesis))
        return .fire(
            next,
            sending: .viewChange(
                view, checkpoint: reported.0, state: reported.1,
                certificates: mutation.content(.viewChangeCertificates, certificates, omitted: DenseMap())))
    }

    func sendNewView(
        _ message: PBFTMessage, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>
    )
        -> Reaction<PBFTLayer>
    {
        let view = state.view
        guard state.isAwaitingNewView, message.kind == .newView, message.view == view else { return .refused(.otherView(message.view)) }
        guard mutation.holds(.sendNewViewPrimary, primary(of: view) == replica) else { return .refused(.notPrimary(view)) }
        guard allowedNewViews(for: view, inbox: inbox, builtBy: replica).contains(message) else { return .refused(.notBuildable) }
        var next = mutation.updates(.sendNewViewAdopt) ? adopting(message.slot, state: message.state, into: state) : state
        next.isAwaitingNewView = false
        let sent = mutation.content(
            .newViewProposals, message, omitted: .newView(view, checkpoint: message.slot, state: message.state, proposals: DenseMap()))
        var sends = [sent]
        for (slot, digest) in sent.proposals { sends.append(.prePrepare(view, slot, digest)) }
        sends += checkpointMessages(of: next, after: state)
        return .fire(next, sendingAll: sends)
    }

    /// Accepts NEWVIEW(v): enters v, adopts min-s, and multicasts PREPARE for O above h. When
    /// `recomputing`, O must be what the rule computes from some valid V (§4.4); a correct primary's
    /// O always is (its V stays on the network and the valid certificates only grow), so only a
    /// Byzantine primary's is recomputed.
    func acceptNewView(
        _ message: PBFTMessage, from sender: ReplicaID, at replica: ReplicaID, in state: PBFTReplicaState, inbox: Inbox<PBFTLayer>,
        recomputing: Bool
    ) -> Reaction<PBFTLayer> {
        let view = message.view
        guard mutation.holds(.acceptNewViewFromPrimary, primary(of: view) == sender) else { return .refused(.notFromPrimary(sender)) }
        guard mutation.holds(.acceptNewViewNotOwn, sender != replica) else { return .refused(.ownMessage) }
        let first = state.isAwaitingNewView ? state.view.number : state.view.number + 1
        guard mutation.compare(.acceptNewViewNewer, view.number >= max(1, first), relaxed: view.number >= max(1, state.view.number)) else {
            return .refused(.staleView(view))
        }
        // A judging spec cannot tell a Byzantine primary from a correct one: it always recomputes.
        if recomputing && (isJudging || !faults.isCorrect(sender))
            && !mutation.holds(.acceptNewViewRecompute, allowedNewViews(for: view, inbox: inbox, builtBy: nil).contains(message))
        {
            return .refused(.notRecomputable)
        }
        var next = mutation.updates(.acceptNewViewAdopt) ? adopting(message.slot, state: message.state, into: state) : state
        next.view = view
        next.isAwaitingNewView = false
        var sends: [PBFTMessage] = []
        let h = next.stableCheckpoint
        for (slot, digest) in message.proposals where mutation.compare(.acceptNewViewLowWatermark, slot > h, relaxed: slot >= h) {
            sends.append(.prepare(view, slot, digest))
        }
        sends += checkpointMessages(of: next, after: state)
        return .fire(next, sendingAll: sends)
    }
}
