import MessagePassing
import ModelChecking
import ProtocolSpecs

/// The state of one `PBFTSpecWalk`: each live replica's spec row and what it logged receiving (its
/// own sends included), the deliveries still pending, and each replica's enabled steps, recomputed
/// only when its row or what it received changes.
struct PBFTSpecWalkState {
    typealias Message = PBFTMessage

    /// A message on its way to one replica, with the id its sender logged.
    struct Delivery {
        var id: String
        var envelope: Envelope<Message>
    }

    let parameters: PBFTSpecWalk.Parameters
    let spec: PBFTLayer
    let system: MessagePassingSystem<PBFTLayer>
    let codec = PBFTTraceCodec()
    let live: [ReplicaID]
    /// A state whose row and network are swapped in to ask the spec's handlers.
    var scratch: MessagePassingState<PBFTLayer>
    var rows: [PBFTReplicaState]
    /// By replica: what it logged receiving and its own sends, sorted.
    var received: [[Envelope<Message>]]
    /// By replica: messages sent to it and not yet delivered.
    var pending: [[Delivery]]
    /// By replica: the steps it can take (asked again before one is taken), or `nil` when they
    /// must be listed afresh after its own step.
    var enabled: [[PBFTLayer.Input]?]
    /// Every VIEW-CHANGE sent, sorted: a backup checks a NEW-VIEW against the V it carries (Castro &
    /// Liskov §4.4), as the validator's `readsNetwork` lets it.
    var viewChanges: [Envelope<Message>] = []
    var lsn: [Int]
    var generator: SeededGenerator
    var nextRequest = 1
    var summary = PBFTSpecWalk.Summary()
    var inputs: [PBFTLayer.Input] = []
    /// The Byzantine replicas, which send but log nothing.
    let byzantine: [ReplicaID]
    /// By Byzantine replica: the messages it has sent (its message ids count them).
    var byzantineSent: [Int: [Message]] = [:]
    /// By Byzantine replica: the last VIEW-CHANGE it sent, as the primary of that view.
    var byzantineViewChange: [Int: Message] = [:]
    /// The stimuli taken so far, when asked for (`PBFTSpecWalk.schedule(events:)`).
    var stimuli: [PBFTSpecWalk.Stimulus]? = nil

    init(_ parameters: PBFTSpecWalk.Parameters) {
        self.parameters = parameters
        let n = parameters.replicaCount
        spec = PBFTLayer(
            judging: n, faultThreshold: parameters.faultThreshold, quorum: parameters.quorum, newViewQuorum: parameters.newViewQuorum,
            checkpointInterval: parameters.checkpointInterval, window: parameters.window, mutant: parameters.mutant)
        system = MessagePassingSystem(judging: spec)
        live = (0..<n).map(ReplicaID.init).filter { !parameters.crashed.contains($0) && !parameters.byzantine.contains($0) }
        byzantine = parameters.byzantine.map { $0 }
        scratch = system.initialStates[0]
        rows = scratch.replicas
        received = Array(repeating: [], count: n)
        pending = Array(repeating: [], count: n)
        enabled = Array(repeating: nil, count: n)
        lsn = Array(repeating: 0, count: n)
        generator = SeededGenerator(seed: parameters.seed)
    }

    // MARK: Choosing a step

    /// Takes one step: a timer that expires (at the configured rate, or when nothing else is
    /// enabled), else a delivery or an enabled spec step, uniformly among them all. A candidate is
    /// asked again before it is taken (what a replica received may have changed its effect); one
    /// that no longer fires is dropped, and the step writes nothing.
    mutating func step(_ emit: (ReplicaID, String) -> Void) {
        for replica in live where enabled[replica.index] == nil { enabled[replica.index] = enabledSteps(of: replica) }
        let rate = parameters.timeoutsPerMillion
        var total = 0
        for replica in live { total += pending[replica.index].count + enabled[replica.index]!.count }
        if total == 0 {
            // Nothing else can happen: half the time a Byzantine replica acts (e.g. a Byzantine
            // primary proposes, or equivocates, before its backups give up on it), else a timer
            // expires at a replica in the lowest view, so that the replicas behind catch up rather
            // than scatter over views.
            let lowest = live.map { rows[$0.index].view }.min()!
            let behind = live.filter { rows[$0.index].view == lowest }
            if !byzantine.isEmpty && parameters.byzantinePerMillion > 0 {
                // A Byzantine primary of the lowest view proposes (or equivocates) seven times in
                // eight before its backups give up on it; another Byzantine replica acts half the time.
                let primary = lowest.primary(among: parameters.replicaCount)
                if byzantine.contains(primary) ? Int.random(in: 0..<8, using: &generator) < 7 : Bool.random(using: &generator) {
                    let sender = byzantine.contains(primary) ? primary : byzantine[Int.random(in: 0..<byzantine.count, using: &generator)]
                    byzantineSend(by: sender, about: behind[Int.random(in: 0..<behind.count, using: &generator)])
                    return
                }
            }
            take(.timeout, at: behind[Int.random(in: 0..<behind.count, using: &generator)], emit)
            return
        }
        if rate > 0 && Int.random(in: 0..<1_000_000, using: &generator) < rate {
            take(.timeout, at: live[Int.random(in: 0..<live.count, using: &generator)], emit)
            return
        }
        if !byzantine.isEmpty && Int.random(in: 0..<1_000_000, using: &generator) < parameters.byzantinePerMillion {
            byzantineSend(
                by: byzantine[Int.random(in: 0..<byzantine.count, using: &generator)],
                about: live[Int.random(in: 0..<live.count, using: &generator)])
            return
        }
        var choice = Int.random(in: 0..<total, using: &generator)
        for replica in live {
            let waiting = pending[replica.index].count
            if choice < waiting {
                deliver(pending[replica.index].remove(at: choice), to: replica, emit)
                return
            }
            choice -= waiting
            let steps = enabled[replica.index]!
            if choice < steps.count {
                var input = steps[choice]
                if case .propose = input { input = .propose(RequestID(nextRequest)) }
                if case .fires(let effect)? = reaction(to: input, at: replica) {
                    apply(input, effect, at: replica, emit)
                } else {
                    enabled[replica.index]!.remove(at: choice)
                }
                return
            }
            choice -= steps.count
        }
        preconditionFailure("PBFTSpecWalk: the choice lies outside the candidates")
    }

    /// The steps `replica` can take now, in a fixed order: a new client request (at a primary), its
    /// quorum and checkpoint steps (the judging spec's inputs, NEW-VIEWs it can build included), then
    /// PRE-PREPAREs, CHECKPOINTs and NEW-VIEWs it received, in its log's order. The timer is left to
    /// `step`.
    mutating func enabledSteps(of replica: ReplicaID) -> [PBFTLayer.Input] {
        let row = rows[replica.index]
        var candidates: [PBFTLayer.Input] = [.propose(RequestID(nextRequest))]
        inputs.removeAll(keepingCapacity: true)
        spec.inputs(at: replica, in: row, inbox: inbox(of: replica), into: &inputs)
        // A checkpoint is taken once (its CHECKPOINT is retransmitted, not taken again: Castro &
        // Liskov §4.3); the judging spec lets a log repeat the step, a walk does not.
        candidates += inputs.filter { input in
            if case .takeCheckpoint(let slot) = input {
                return !received[replica.index].contains { $0.from == replica && $0.message.kind == .checkpoint && $0.message.slot == slot }
            }
            return input != .timeout
        }
        var stable: [Message] = []
        for envelope in received[replica.index] {
            let message = envelope.message
            switch message.kind {
            case .prePrepare where envelope.from != replica && message.view == row.view && message.slot > row.stableCheckpoint:
                candidates.append(.acceptPrePrepare(message))
            case .checkpoint where message.slot > row.stableCheckpoint && !stable.contains(message):
                stable.append(message)
                candidates.append(.stabilize(message))
            case .newView where envelope.from != replica && message.view >= row.view:
                candidates.append(.acceptNewView(message))
            default: break
            }
        }
        return candidates.filter { reaction(to: $0, at: replica)?.isFiring == true }
    }

    /// The steps that receiving `message` may enable at `replica` (every rule reads more received
    /// messages as more support, so the steps enabled before stay enabled): the step on the message
    /// itself, or the quorum step at its sequence number. A VIEW-CHANGE makes the whole list stale
    /// (the NEW-VIEWs a primary can build change).
    mutating func steps(enabledBy message: Message, at replica: ReplicaID) {
        guard var steps = enabled[replica.index] else { return }
        let candidate: PBFTLayer.Input
        switch message.kind {
        case .prePrepare: candidate = .acceptPrePrepare(message)
        case .prepare: candidate = .prepare(message.slot)
        case .commit: candidate = .commit(message.slot)
        case .checkpoint: candidate = .stabilize(message)
        case .newView: candidate = .acceptNewView(message)
        case .viewChange:
            enabled[replica.index] = nil
            return
        }
        guard !steps.contains(candidate), reaction(to: candidate, at: replica)?.isFiring == true else { return }
        steps.append(candidate)
        enabled[replica.index] = steps
    }

    /// The judging spec's reaction to `input` at `replica`, in the replica's own view (plus the
    /// VIEW-CHANGEs on the network when it checks a NEW-VIEW).
    mutating func reaction(to input: PBFTLayer.Input, at replica: ReplicaID) -> Reaction<PBFTLayer>? {
        scratch.replicas[replica.index] = rows[replica.index]
        if case .acceptNewView = input {
            scratch.sent = Array(Set(received[replica.index] + viewChanges)).sorted()
        } else {
            scratch.sent = received[replica.index]
        }
        defer { scratch.sent = [] }
        return system.reaction(to: .input(replica: replica, input: input), in: scratch)
    }

    /// What `replica` received and sent, as its spec inbox.
    mutating func inbox(of replica: ReplicaID) -> Inbox<PBFTLayer> {
        scratch.sent = received[replica.index]
        return system.inbox(of: replica, in: scratch)
    }

    // MARK: The Byzantine replicas

    /// `sender` (Byzantine) sends one well-formed message under its own identity to a random
    /// non-empty set of correct replicas (Castro & Liskov §2: it may lie, equivocate or stay silent,
    /// never forge another's message), made to matter to the current state of the correct replica
    /// `target`: for its view and a sequence number in its window, a PRE-PREPARE when `sender` is
    /// the view's primary (half the time conflicting with one it sent before: equivocation), else a
    /// PREPARE or COMMIT for any request, or a CHECKPOINT of a made-up state. Logged only by its
    /// receivers, as `recv` events carrying the message.
    mutating func byzantineSend(by sender: ReplicaID, about replica: ReplicaID) {
        let target = rows[replica.index]
        let view = target.view
        let h = target.stableCheckpoint.number
        let slot = SequenceNumber(h + 1 + Int.random(in: 0..<parameters.window, using: &generator))
        // For a vote: a request some primary ordered, the next one none has ordered yet, or null.
        let pick = Int.random(in: 0...nextRequest, using: &generator)
        let digest: Digest = pick == 0 ? .null : .request(RequestID(pick))
        var sent = byzantineSent[sender.index] ?? []
        let message: Message
        var everyone = false
        if target.isAwaitingNewView && view.primary(among: parameters.replicaCount) == sender,
            let change = byzantineViewChange[sender.index], change.view == view
        {
            // The view's primary starts it after all, with a NEW-VIEW its backups can check (if the
            // VIEW-CHANGEs allow one yet), else it repeats its VIEW-CHANGE.
            message = byzantineNewView(by: sender, for: view, with: change) ?? change
            everyone = message == change
        } else if target.isAwaitingNewView && view.primary(among: parameters.replicaCount) == sender,
            let change = viewChanges.first(where: { $0.message.view == view })?.message
        {
            // Its own VIEW-CHANGE first, the content of a correct replica's (to every correct
            // replica, which check the NEW-VIEW built on it against what they received).
            message = change
            byzantineViewChange[sender.index] = change
            everyone = true
        } else if view.primary(among: parameters.replicaCount) == sender {
            // A new client request (a backup accepts no request it has seen ordered or executed).
            let fresh = Digest.request(RequestID(nextRequest))
            nextRequest += 1
            summary.requests += 1
            let earlier = sent.last { $0.kind == .prePrepare && $0.view == view && $0.slot.number > h }
            if let earlier, Bool.random(using: &generator) {
                // The same view and sequence number, another request: equivocation.
                message = .prePrepare(earlier.view, earlier.slot, fresh)
                summary.equivocations += 1
            } else {
                message = .prePrepare(view, slot, fresh)
            }
        } else {
            let interval = parameters.checkpointInterval
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: message = .prepare(view, slot, digest)
            case 1: message = .commit(view, slot, digest)
            default:
                let checkpoint = SequenceNumber((h / interval + 1 + Int.random(in: 0..<2, using: &generator)) * interval)
                message = .checkpoint(checkpoint, state: .hashed(UInt64.random(in: 0...UInt64.max, using: &generator)))
            }
        }
        sent.append(message)
        // Only the recent past matters to the choices above.
        if sent.count > 64 { sent.removeFirst(sent.count - 64) }
        byzantineSent[sender.index] = sent
        summary.byzantineSends += 1
        let envelope = Envelope(from: sender, message: message)
        let id = "\(sender)-\(summary.byzantineSends)"
        var addressed = false
        for receiver in live where Bool.random(using: &generator) || everyone || (!addressed && receiver == live.last) {
            addressed = true
            // A replica whose stable checkpoint passed the message discards it unlogged (§4.3).
            if codec.isLive(message, in: PBFTTraceCodec.run, at: UInt64(rows[receiver.index].stableCheckpoint.number)) {
                pending[receiver.index].append(Delivery(id: id, envelope: envelope))
            }
        }
    }

    /// A NEW-VIEW(`view`) the Byzantine primary `sender` may send: one the spec lets a primary build
    /// from its own VIEW-CHANGE `change` and those correct replicas sent (what backups check it
    /// against, §4.4), chosen at random; `nil` when there is none yet.
    mutating func byzantineNewView(by sender: ReplicaID, for view: View, with change: Message) -> Message? {
        var row = spec.initialReplica(sender)
        row.view = view
        row.isAwaitingNewView = true
        scratch.replicas[sender.index] = row
        scratch.sent = viewChanges
        scratch.sent.insertSorted(Envelope(from: sender, message: change))
        defer { scratch.sent = [] }
        inputs.removeAll(keepingCapacity: true)
        spec.inputs(at: sender, in: row, inbox: system.inbox(of: sender, in: scratch), into: &inputs)
        let candidates = inputs.compactMap { input -> Message? in
            if case .sendNewView(let message) = input { return message }
            return nil
        }
        return candidates.isEmpty ? nil : candidates[Int.random(in: 0..<candidates.count, using: &generator)]
    }

    // MARK: Taking it

    /// The timer of `replica` expires: VIEW-CHANGE for its next view.
    mutating func take(_ input: PBFTLayer.Input, at replica: ReplicaID, _ emit: (ReplicaID, String) -> Void) {
        guard case .fires(let effect)? = reaction(to: input, at: replica) else {
            preconditionFailure("PBFTSpecWalk: \(input) does not fire at \(replica)")
        }
        apply(input, effect, at: replica, emit)
    }

    /// Logs a receipt: `replica` now counts the message.
    mutating func deliver(_ delivery: Delivery, to replica: ReplicaID, _ emit: (ReplicaID, String) -> Void) {
        let envelope = delivery.envelope
        log(
            replica,
            "\"event\":\"recv\",\"msg\":\"\(delivery.id)\",\"from\":\"\(envelope.from)\",\"message\":\(PBFTSpecWalk.json(envelope.message))",
            emit)
        received[replica.index].insertSorted(envelope)
        stimuli?.append(.delivery(to: replica, from: envelope.from, message: envelope.message))
        steps(enabledBy: envelope.message, at: replica)
    }

    /// Takes `input` at `replica` with `effect`: logs the step, its executions and its sends, and
    /// moves the replica's live state.
    mutating func apply(
        _ input: PBFTLayer.Input, _ effect: Effect<PBFTLayer>, at replica: ReplicaID, _ emit: (ReplicaID, String) -> Void
    ) {
        let before = rows[replica.index]
        var next = effect.next
        let sends = Array(effect.sends)
        summary.steps += 1
        switch input {
        case .propose(let request):
            let proposal = sends[0]
            log(replica, "\"event\":\"request\",\"digest\":\"\(PBFTSpecWalk.name(of: .request(request)))\"", emit)
            stimuli?.append(.request(replica: replica, digest: PBFTSpecWalk.name(of: .request(request))))
            log(replica, PBFTSpecWalk.stepFields("pre-prepared", proposal), emit)
            nextRequest += 1
            summary.requests += 1
        case .acceptPrePrepare(let message): log(replica, PBFTSpecWalk.stepFields("pre-prepared", message), emit)
        case .prepare: log(replica, PBFTSpecWalk.stepFields("prepared", sends[0]), emit)
        case .commit: log(replica, PBFTSpecWalk.stepFields("committed", effect.quorum!.message), emit)
        case .takeCheckpoint(let slot):
            log(replica, "\"event\":\"checkpoint\",\"seq\":\(slot.number),\"state\":\"\(PBFTSpecWalk.name(of: sends[0].state))\"", emit)
        case .stabilize(let message):
            log(
                replica,
                "\"event\":\"checkpoint-stable\",\"seq\":\(message.slot.number),\"state\":\"\(PBFTSpecWalk.name(of: message.state))\"",
                emit)
        case .timeout:
            log(replica, "\"event\":\"view-change\",\"view\":\(next.view.number)", emit)
            stimuli?.append(.timeout(replica: replica, view: next.view))
            summary.timeouts += 1
        case .sendNewView(let message):
            log(replica, "\"event\":\"new-view\"," + PBFTSpecWalk.newViewFields(message), emit)
            summary.newViews += 1
        case .acceptNewView(let message): log(replica, "\"event\":\"new-view\"," + PBFTSpecWalk.newViewFields(message), emit)
        case .execute(let slot, let digest):
            // A request's result: the same at every replica that executes it there (deterministic).
            let result = digest == .null ? "" : ",\"result\":\"\(PBFTSpecWalk.name(of: digest))@\(slot.number)\""
            log(replica, "\"event\":\"executed\",\"seq\":\(slot.number),\"digest\":\"\(PBFTSpecWalk.name(of: digest))\"" + result, emit)
            summary.highestExecuted = max(summary.highestExecuted, slot.number)
        case .reply: preconditionFailure("PBFTSpecWalk: a reply is taken with the execution it follows")
        }
        // The sends: a NEW-VIEW carries O's PRE-PREPAREs, which are not logged on their own.
        let loggedSends = input.isSendNewView ? sends.filter { $0.kind == .newView } : sends
        for message in sends { received[replica.index].insertSorted(Envelope(from: replica, message: message)) }
        for message in loggedSends {
            let id = "\(replica)-\(lsn[replica.index] + 1)"
            let others = live.filter { $0 != replica }
            log(
                replica,
                "\"event\":\"send\",\"msg\":\"\(id)\",\"to\":[\(others.map { "\"\($0)\"" }.joined(separator: ","))],\"message\":\(PBFTSpecWalk.json(message))",
                emit)
            let envelope = Envelope(from: replica, message: message)
            if message.kind == .viewChange { viewChanges.insertSorted(envelope) }
            // A replica whose stable checkpoint passed the message discards it unlogged (§4.3).
            for other in others where codec.isLive(message, in: PBFTTraceCodec.run, at: UInt64(rows[other.index].stableCheckpoint.number)) {
                pending[other.index].append(Delivery(id: id, envelope: envelope))
            }
        }
        // Garbage collection at a new stable checkpoint (Castro & Liskov §4.3), as the validator does.
        let checkpointMoved = next.stableCheckpoint > before.stableCheckpoint
        if checkpointMoved {
            let mark = UInt64(next.stableCheckpoint.number)
            codec.compact(&next, at: mark, spec: spec)
            let row = next
            received[replica.index].removeAll { !codec.isLive($0.message, in: PBFTTraceCodec.run, at: mark, row: row) }
            pending[replica.index].removeAll { !codec.isLive($0.envelope.message, in: PBFTTraceCodec.run, at: mark) }
        }
        rows[replica.index] = next
        if checkpointMoved {
            // VIEW-CHANGEs of views every live replica has left are never read again (a NEW-VIEW(v)
            // is checked against VIEW-CHANGE(v)s, by replicas in views up to v): without this, a
            // walk with hundreds of view changes slows down as it goes.
            if let lowest = live.map({ rows[$0.index].view }).min() { viewChanges.removeAll { $0.message.view < lowest } }
        }
        enabled[replica.index] = nil
        // The client's reply follows the execution of its request (Castro & Liskov §4.2), by the spec's rule.
        if case .execute(let slot, .request(let request)) = input {
            let reply = PBFTLayer.Input.reply(.request(request), view: next.view)
            guard case .fires? = reaction(to: reply, at: replica) else {
                preconditionFailure("PBFTSpecWalk: \(reply) does not fire at \(replica)")
            }
            let name = PBFTSpecWalk.name(of: .request(request))
            log(
                replica, "\"event\":\"reply\",\"digest\":\"\(name)\",\"view\":\(next.view.number),\"result\":\"\(name)@\(slot.number)\"",
                emit)
        }
        summary.highestStableCheckpoint = max(summary.highestStableCheckpoint, next.stableCheckpoint.number)
        summary.highestView = max(summary.highestView, next.view.number)
    }

    /// Writes one event line of `replica`.
    mutating func log(_ replica: ReplicaID, _ body: String, _ emit: (ReplicaID, String) -> Void) {
        lsn[replica.index] += 1
        summary.events += 1
        emit(replica, "{\"replica\":\"\(replica)\",\"lsn\":\(lsn[replica.index]),\(body)}")
    }
}

extension PBFTLayer.Input {
    /// Whether this is a NEW-VIEW the primary sends.
    var isSendNewView: Bool { if case .sendNewView = self { true } else { false } }
}
