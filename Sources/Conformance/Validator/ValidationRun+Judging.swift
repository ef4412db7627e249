import MessagePassing

/// Judging one event: receipts, sends and inputs against the spec's handlers, evaluated on the
/// replica's own view (its row and what it logged receiving).
extension ValidationRun {
    /// Judges the head of `source` (its log sequence number first), reading its fields in place
    /// (see `TraceSource.Event`). `sent`: whether the sender of a receipt sent it, when
    /// `isWaiting(_:sent:)` looked it up.
    mutating func judge(_ source: TraceSource<Codec>, sent: Bool?) throws {
        let replica = source.head.replica
        let lsn = source.head.lsn
        let location = source.head.location
        // Fields one by one: a copy of the track would make the next change of its instances copy them all.
        if let expected = tracks[replica.index].nextLSN ?? (startsMidRun ? nil : 1), lsn != expected {
            let who = header.name(of: replica)
            throw MalformedTrace(
                location.file, location.line, field: "lsn",
                expected == 1
                    ? "\(who)'s log must start at lsn 1, got \(lsn): the beginning of the log is missing (a log that begins mid-run needs a snapshot in its header)"
                    : "expected lsn \(expected) for \(who) (one more than its previous event), got \(lsn)")
        }
        tracks[replica.index].nextLSN = lsn + 1
        tracks[replica.index].lastLocation = location
        events += 1
        let before = divergences.count
        if let instance = source.head.instance {
            if let message = source.head.message {
                if let sender = source.head.sender {
                    judgeReceipt(message, from: sender, in: instance, at: replica, location: location, sent: sent)
                } else {
                    judgeSend(message, in: instance, at: replica, location: location)
                }
            } else if let input = source.head.input {
                judgeInput(input, in: instance, at: replica, location: location)
            }
            if namesBound { recanonicalizeReceived() }
            let more = source.head.more
            for further in more where !stopped {
                judge(further, at: replica, location: location)
                if namesBound { recanonicalizeReceived() }
            }
        }
        // A divergence of the implementation's own values, unless the step itself diverged.
        if !stopped, divergences.count == before, let problem = source.head.problem {
            diverge(
                at: location, replica: replica, instance: source.head.instance, event: source.head.describe(), problem: problem, misses: [])
        }
        if !stopped, let mark = source.head.stable {
            if mark < tracks[replica.index].mark {
                diverge(
                    at: location, replica: replica, instance: nil, event: "stable \(mark)",
                    problem: "the stable point moves back from \(tracks[replica.index].mark) to \(mark)", misses: [])
            } else {
                moveMark(of: replica, to: mark)
            }
        }
        if !stopped || divergences.count == before { consumed += 1 }
        notePeaks()
    }

    /// Judges what the replica's log says it did.
    mutating func judge(_ observation: Observation<Codec>, at replica: ReplicaID, location: TraceLocation) {
        switch observation {
        case .received(let message, let sender, let instance):
            judgeReceipt(message, from: sender, in: instance, at: replica, location: location, sent: nil)
        case .sent(let message, let instance): judgeSend(message, in: instance, at: replica, location: location)
        case .input(let input, let instance): judgeInput(input, in: instance, at: replica, location: location)
        }
    }

    // Each observation is judged in its parts, with the names bound so far replaced by the spec's
    // values; the canonical `Observation` is made again only for a divergence's text.

    /// Judges a logged receipt; `sent`: whether the sender sent it, when already looked up.
    mutating func judgeReceipt(
        _ logged: Message, from sender: ReplicaID, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation, sent: Bool?
    ) {
        let message = canonical(logged)
        guard settlePending(at: replica, location: location, event: { .received(message, from: sender, instance: instance) }) else {
            return
        }
        // At or below the stable point: nothing it could change is kept.
        if codec.isRetired(instance, at: tracks[replica.index].mark) { return }
        if !codec.isLive(message, in: instance, at: tracks[replica.index].mark) {
            receiveDiscarded(message, from: sender, in: instance, at: replica, location: location, sent: sent)
            return
        }
        receive(message, from: sender, in: instance, at: replica, location: location, sent: sent)
    }

    /// A receipt of a message the replica no longer needs: a late or repeated delivery below its
    /// stable point, which a replica discards (Castro & Liskov, OSDI '99 §4.3: messages with sequence
    /// numbers at or below h are discarded). It joins nothing. Its sender is still checked, against
    /// the network too while the network keeps messages of that height (it keeps what the replica
    /// with the lowest stable point still reading its log needs); below that, whether a correct
    /// replica sent it can no longer be told, and a message nobody needs cannot change a step.
    mutating func receiveDiscarded(
        _ message: Message, from sender: ReplicaID, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation,
        sent: Bool?
    ) {
        let checksNetwork = networkKeeps(message, in: instance)
        guard let problem = receiptProblem(message, from: sender, in: instance, at: replica, sent: checksNetwork ? sent : true) else {
            return
        }
        diverge(
            at: location, replica: replica, instance: instance,
            event: Observation<Codec>.received(message, from: sender, instance: instance).description, problem: problem, misses: [])
    }

    /// Why `replica` could not have received `message` from `sender`, or `nil` when it could: the
    /// spec does not address it there, the sender is declared crashed, a Byzantine sender could not
    /// sign it, or a correct sender never sent it (`sent`: whether it did, when already known).
    func receiptProblem(
        _ message: Message, from sender: ReplicaID, in instance: Codec.Instance, at replica: ReplicaID, sent: Bool?
    ) -> String? {
        if let recipients = spec.recipients(of: message, from: sender), !recipients.contains(replica) {
            return "\(message) from \(sender) is not addressed to \(replica) (the spec sends it to \(recipients))"
        }
        if header.crashed.contains(sender) { return "\(sender) is declared crashed: it sends nothing" }
        if header.byzantine.contains(sender) {
            if codec.accepts(message, fromByzantine: sender, spec: spec) { return nil }
            return "\(message) is not a message the Byzantine \(sender) could send under its own identity"
        }
        guard sender != replica, !(sent ?? hasSent(message, from: sender, in: instance)) else { return nil }
        let track = tracks[sender.index]
        let why =
            !track.exhausted
            ? "\(sender)'s log is waiting at \(track.lastLocation.map(String.init(describing:)) ?? "its start")"
            : track.lastLocation.map { "\(sender)'s log ends at \($0)" } ?? "\(sender) has no log"
        return "\(sender) never sent \(message) in instance \(instance) (\(why))"
    }

    /// Judges a logged send.
    mutating func judgeSend(_ logged: Message, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation) {
        let message = canonical(logged)
        guard
            isPendingSend(message, in: instance, at: replica)
                || settlePending(at: replica, location: location, event: { .sent(message, instance: instance) })
        else { return }
        if codec.isRetired(instance, at: tracks[replica.index].mark) {
            refuseRetired(at: location, replica: replica, instance: instance, event: .sent(message, instance: instance))
            return
        }
        send(message, in: instance, at: replica, location: location)
    }

    /// Judges a logged input.
    mutating func judgeInput(_ logged: Spec.Input, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation) {
        let input = codec.carriesNames(logged) ? codec.canonical(logged, names: names) : logged
        guard settlePending(at: replica, location: location, event: { .input(input, instance: instance) }) else { return }
        if codec.isRetired(instance, at: tracks[replica.index].mark) {
            refuseRetired(at: location, replica: replica, instance: instance, event: .input(input, instance: instance))
            return
        }
        take(input, in: instance, at: replica, location: location)
    }

    /// The whole-log rule within a log: a replica that owes the sends of its last step logs them
    /// before anything else (the caller has checked that `event` is not one of them). Reports the
    /// sends it goes on without and forgets them; `false` when that stopped the validation.
    mutating func settlePending(at replica: ReplicaID, location: TraceLocation, event: () -> Observation<Codec>) -> Bool {
        if tracks[replica.index].pending.isEmpty { return true }
        let track = tracks[replica.index]
        diverge(
            at: location, replica: replica, instance: track.pendingInstance, event: event().description,
            problem:
                "the step \(track.pendingStep.map(String.init(describing:)) ?? "?") sends \(describe(track.pending)), but the log goes on without \(track.pending.count == 1 ? "it" : "them")",
            misses: [])
        tracks[replica.index].pending = []
        tracks[replica.index].pendingStep = nil
        tracks[replica.index].pendingInstance = nil
        return !stopped
    }

    /// Reports a step logged in an instance the replica has retired.
    mutating func refuseRetired(at location: TraceLocation, replica: ReplicaID, instance: Codec.Instance, event: Observation<Codec>) {
        diverge(
            at: location, replica: replica, instance: instance, event: event.description,
            problem:
                "instance \(instance) is at or below the replica's stable point \(tracks[replica.index].mark): it takes no steps there",
            misses: [])
    }

    /// `message` with the names bound so far replaced by the spec's values.
    func canonical(_ message: Message) -> Message { Self.canonical(message, codec: codec, names: names) }

    /// `message` with the names of `names` replaced by the spec's values.
    static func canonical(_ message: Message, codec: Codec, names: Codec.Names) -> Message {
        codec.carriesNames(message) ? codec.canonical(message, names: names) : message
    }

    /// Whether the logged send of `message` in `instance` is one of the sends the replica's last
    /// step owes (binding no name).
    mutating func isPendingSend(_ message: Message, in instance: Codec.Instance, at replica: ReplicaID) -> Bool {
        guard tracks[replica.index].pendingInstance == instance else { return false }
        return pendingIndex(of: message, at: replica, binding: false) != nil
    }

    /// The position among `sends` of the one the `logged` send is, binding a new name if that makes
    /// them equal (when `binding`); a name conflict is reported through `conflict`.
    mutating func index(of logged: Message, among sends: [Message], binding: Bool, conflict: ((String) -> Void)? = nil) -> Int? {
        // Compared in place (the array's iterator would copy each message out).
        let equal = sends.withUnsafeBufferPointer { buffer in buffer.indices.first { buffer[$0] == logged } }
        if let position = equal { return position }
        for (position, owed) in sends.enumerated() {
            switch codec.match(logged: logged, owed: owed, names: &names, recording: binding) {
            case .equal: return position
            case .bound:
                if binding { namesBound = true }
                return position
            case .conflict(let why):
                conflict?(why)
            case .different: continue
            }
        }
        return nil
    }

    /// The position of `logged` among the replica's owed sends.
    mutating func pendingIndex(of logged: Message, at replica: ReplicaID, binding: Bool, conflict: ((String) -> Void)? = nil) -> Int? {
        index(of: logged, among: tracks[replica.index].pending, binding: binding, conflict: conflict)
    }

    /// After a name is bound: every replica's received messages carrying it (a Byzantine sender's,
    /// received before a correct replica's send bound the name) hold the spec's value instead.
    mutating func recanonicalizeReceived() {
        namesBound = false
        var duplicates = 0
        let (codec, names, spec) = (codec, names, spec)
        for index in tracks.indices {
            // Only views that may hold a name not bound when it was received can change.
            tracks[index].instances.filterInPlace { _, live in
                guard live.holdsNames else { return true }
                var changed = false
                var holdsNames = false
                var canonicalized: [(sender: ReplicaID, message: Message)] = []
                canonicalized.reserveCapacity(live.received.count)
                live.received.forEach { sender, received in
                    let message = Self.canonical(received, codec: codec, names: names)
                    if message != received { changed = true }
                    if !holdsNames && codec.carriesNames(message) { holdsNames = true }
                    canonicalized.append((sender, message))
                }
                live.holdsNames = holdsNames
                guard changed else { return true }
                // Renamed messages may move within their blocks, or meet a copy already there.
                let before = live.received.count
                var rebuilt = EnvelopeBlocks<Message>(blockCount: spec.messageBlockCount)
                for (sender, message) in canonicalized { rebuilt.insert(message, from: sender, block: spec.messageBlock(of: message)) }
                live.received = rebuilt
                duplicates += before - rebuilt.count
                return true
            }
        }
        liveMessages -= duplicates
    }

    // MARK: Receipts

    /// Judges the receipt of `message` from `sender`; `sent`: whether the sender sent it, when
    /// already looked up.
    mutating func receive(
        _ message: Message, from sender: ReplicaID, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation,
        sent: Bool?
    ) {
        var sent = sent
        if sent != true, sender != replica, judged.contains(sender) {
            sent = sent ?? hasSent(message, from: sender, in: instance)
            // Not among the sends, and of a kind the network no longer keeps: a late delivery of a
            // message every reader has moved past (its send was dropped), not a forgery.
            if sent == false, !networkKeeps(message, in: instance) {
                receiveDiscarded(message, from: sender, in: instance, at: replica, location: location, sent: sent)
                return
            }
        }
        let problem = receiptProblem(message, from: sender, in: instance, at: replica, sent: sent)
        // A message a Byzantine replica signed exists once a correct replica received it: another
        // message may carry it on (a NEW-VIEW's V holds the VIEW-CHANGEs its primary received, Castro
        // & Liskov §4.4), so steps that read the network see it.
        if problem == nil, header.byzantine.contains(sender) { recordSend(message, from: sender, in: instance) }
        // Most receipts only join the view.
        if problem == nil, spec.rule(of: message) == nil, joinView(message, from: sender, at: replica, in: instance) { return }
        var live = takeLive(replica, instance)
        if let problem {
            diverge(
                at: location, replica: replica, instance: instance,
                event: Observation<Codec>.received(message, from: sender, instance: instance).description, problem: problem, live: live,
                misses: [])
            if stopped {
                putLive(live, replica, instance)
                return
            }
        }
        insert(message, from: sender, into: &live)
        if spec.rule(of: message) != nil {
            let step = ProtocolStep<Spec>.receive(replica: replica, message: message, from: sender)
            if case .fires(let effect) = evaluate(step, &live) {
                live.row = effect.next
                owe(Array(effect.sends), for: step, in: instance, at: replica)
            }
        }
        putLive(live, replica, instance)
    }

    // MARK: Sends

    mutating func send(_ message: Message, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation) {
        var conflicts: [String] = []
        if tracks[replica.index].pendingInstance == instance,
            let position = pendingIndex(of: message, at: replica, binding: true, conflict: { conflicts.append($0) })
        {
            tracks[replica.index].pending.remove(at: position)
            if tracks[replica.index].pending.isEmpty {
                tracks[replica.index].pendingStep = nil
                tracks[replica.index].pendingInstance = nil
            }
            // Recorded as the spec's value, now that its name is bound; joins the view in place.
            let recorded = canonical(message)
            recordSend(recorded, from: replica, in: instance)
            if joinView(recorded, from: replica, at: replica, in: instance) { return }
            var live = takeLive(replica, instance)
            insert(recorded, from: replica, into: &live)
            putLive(live, replica, instance)
            return
        }
        var live = takeLive(replica, instance)
        defer { putLive(live, replica, instance) }
        // A retransmission: the replica sent this very message before (Docs/trace-format.md, `send`);
        // the network is a set, so sending it again is no step.
        let canonicalMessage = canonical(message)
        if live.received.contains(canonicalMessage, from: replica, block: spec.messageBlock(of: canonicalMessage)) { return }
        var misses: [Miss] = []
        for step in codec.steps(producing: message, at: replica, spec: spec) {
            if case .receive(_, let trigger, let sender) = step,
                !live.received.contains(trigger, from: sender, block: spec.messageBlock(of: trigger))
            {
                misses.append(Miss(step: step, reason: "\(replica) has not received \(trigger) from \(sender)"))
                continue
            }
            switch evaluate(step, &live) {
            case .fires(let effect):
                var sends = Array(effect.sends)
                if let position = index(of: message, among: sends, binding: true, conflict: { conflicts.append($0) }) {
                    sends.remove(at: position)
                    live.row = effect.next
                    sent(canonical(message), by: replica, in: instance, into: &live)
                    owe(sends, for: step, in: instance, at: replica)
                    return
                }
                misses.append(Miss(step: step, reason: "fires but sends \(describe(Array(effect.sends)))"))
            case .refused(let reason):
                misses.append(Miss(step: step, refusal: reason))
            }
        }
        let observation = Observation<Codec>.sent(message, instance: instance)
        diverge(
            at: location, replica: replica, instance: instance, event: observation.description,
            problem: conflicts.first.map { "\(message): \($0)" } ?? "no step of \(replica) the spec allows sends \(message)", live: live,
            misses: misses)
        if !stopped {
            live.row = codec.resynchronise(live.row, to: observation, spec: spec)
            sent(message, by: replica, in: instance, into: &live)
        }
    }

    /// Records a logged send in the network and in the sender's own view.
    mutating func sent(_ message: Message, by replica: ReplicaID, in instance: Codec.Instance, into live: inout Live) {
        recordSend(message, from: replica, in: instance)
        insert(message, from: replica, into: &live)
    }

    /// The sends of `step` the log must show next.
    mutating func owe(_ sends: [Message], for step: ProtocolStep<Spec>, in instance: Codec.Instance, at replica: ReplicaID) {
        tracks[replica.index].pending = sends
        tracks[replica.index].pendingStep = sends.isEmpty ? nil : step
        tracks[replica.index].pendingInstance = sends.isEmpty ? nil : instance
    }

    // MARK: Inputs

    mutating func take(_ input: Spec.Input, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation) {
        var live = takeLive(replica, instance)
        defer { putLive(live, replica, instance) }
        let step = ProtocolStep<Spec>.input(replica: replica, input: input)
        switch evaluate(step, &live, in: instance) {
        case .fires(let effect):
            live.row = effect.next
            owe(effect.sends.count == 0 ? [] : Array(effect.sends), for: step, in: instance, at: replica)
        case .refused(let reason):
            let observation = Observation<Codec>.input(input, instance: instance)
            diverge(
                at: location, replica: replica, instance: instance, event: observation.description,
                problem: "the spec refuses \(step)", live: live, misses: [Miss(step: step, refusal: reason)])
            if !stopped { live.row = codec.resynchronise(live.row, to: observation, spec: spec) }
        }
    }

    // MARK: The spec's handlers

    /// The spec's reaction to `step` on the replica's own view: its row, and the messages it logged
    /// receiving as what its inbox reads (in place, never copied). Mutating, with the view `inout`:
    /// a non-mutating method called from a mutating one, or a static one handed the system, copies
    /// the run or the system first.
    mutating func evaluate(_ step: ProtocolStep<Spec>, _ live: inout Live, in instance: Codec.Instance? = nil) -> Reaction<Spec> {
        if let instance, codec.readsNetwork(step), let network = network[instance] {
            // The step reads messages that reach the replica inside another (e.g. a NEW-VIEW's V):
            // what it received, and what correct replicas sent.
            let receipts = live.received.union(network)
            return system.reaction(to: step, row: live.row, receipts: receipts) ?? .refused(Self.unreachable(step))
        }
        // Every replica of the judging spec is correct, and the receipt is in the view: never nil.
        return system.reaction(to: step, row: live.row, receipts: live.received) ?? .refused(Self.unreachable(step))
    }

    static func unreachable(_ step: ProtocolStep<Spec>) -> Spec.Refusal {
        preconditionFailure("the judging spec offers no stimulus \(step): is every replica of its fault model correct?")
    }
}
