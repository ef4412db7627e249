import MessagePassing

/// Judging one event: receipts, sends and inputs against the spec's handlers, evaluated on the
/// replica's own view (its row and what it logged receiving).
extension ValidationRun {
    /// Judges `event` (its log sequence number first).
    func judge(_ event: TraceSource<Codec>.Event) throws {
        let replica = event.replica
        // Fields one by one: a copy of the track would make the next change of its instances copy them all.
        if let expected = tracks[replica.index].nextLSN ?? (startsMidRun ? nil : 1), event.lsn != expected {
            let who = header.name(of: replica)
            throw MalformedTrace(
                event.location.file, event.location.line, field: "lsn",
                expected == 1
                    ? "\(who)'s log must start at lsn 1, got \(event.lsn): the beginning of the log is missing (a log that begins mid-run needs a snapshot in its header)"
                    : "expected lsn \(expected) for \(who) (one more than its previous event), got \(event.lsn)")
        }
        tracks[replica.index].nextLSN = event.lsn + 1
        tracks[replica.index].lastLocation = event.location
        events += 1
        let before = divergences.count
        if let observation = event.meaning.observation {
            judge(canonical(observation), at: replica, location: event.location)
            if namesBound { recanonicalizeReceived() }
            for further in event.meaning.more where !stopped {
                judge(canonical(further), at: replica, location: event.location)
                if namesBound { recanonicalizeReceived() }
            }
        }
        if !stopped, let mark = event.meaning.stable {
            if mark < tracks[replica.index].mark {
                diverge(
                    at: event.location, replica: replica, instance: nil, event: "stable \(mark)",
                    problem: "the stable point moves back from \(tracks[replica.index].mark) to \(mark)", misses: [])
            } else {
                moveMark(of: replica, to: mark)
            }
        }
        if !stopped || divergences.count == before { consumed += 1 }
        notePeaks()
    }

    /// Judges what the replica's log says it did.
    func judge(_ observation: Observation<Codec>, at replica: ReplicaID, location: TraceLocation) {
        let instance = observation.instance
        if !tracks[replica.index].pending.isEmpty, !isPendingSend(observation, at: replica) {
            let track = tracks[replica.index]
            diverge(
                at: location, replica: replica, instance: track.pendingInstance, event: observation.description,
                problem:
                    "the step \(track.pendingStep.map(String.init(describing:)) ?? "?") sends \(describe(track.pending)), but the log goes on without \(track.pending.count == 1 ? "it" : "them")",
                misses: [])
            tracks[replica.index].pending = []
            tracks[replica.index].pendingStep = nil
            tracks[replica.index].pendingInstance = nil
            if stopped { return }
        }
        let retired = codec.isRetired(instance, at: tracks[replica.index].mark)
        switch observation {
        case .received(let message, let sender, _):
            if retired { return }  // at or below the stable point: nothing it could change is kept
            receive(message, from: sender, in: instance, at: replica, location: location, observation: observation)
        case .sent(let message, _):
            if retired {
                diverge(
                    at: location, replica: replica, instance: instance, event: observation.description,
                    problem:
                        "instance \(instance) is at or below the replica's stable point \(tracks[replica.index].mark): it takes no steps there",
                    misses: [])
                return
            }
            send(message, in: instance, at: replica, location: location, observation: observation)
        case .input(let input, _):
            if retired {
                diverge(
                    at: location, replica: replica, instance: instance, event: observation.description,
                    problem:
                        "instance \(instance) is at or below the replica's stable point \(tracks[replica.index].mark): it takes no steps there",
                    misses: [])
                return
            }
            take(input, in: instance, at: replica, location: location, observation: observation)
        }
    }

    /// `observation` with the names bound so far replaced by the spec's values.
    func canonical(_ observation: Observation<Codec>) -> Observation<Codec> {
        switch observation {
        case .received(let message, let sender, let instance):
            codec.carriesNames(message) ? .received(codec.canonical(message, names: names), from: sender, instance: instance) : observation
        case .sent(let message, let instance):
            codec.carriesNames(message) ? .sent(codec.canonical(message, names: names), instance: instance) : observation
        case .input(let input, let instance):
            codec.carriesNames(input) ? .input(codec.canonical(input, names: names), instance: instance) : observation
        }
    }

    /// `message` with the names bound so far replaced by the spec's values.
    func canonical(_ message: Message) -> Message {
        codec.carriesNames(message) ? codec.canonical(message, names: names) : message
    }

    /// Whether `observation` logs one of the sends the replica's last step owes (binding no name).
    func isPendingSend(_ observation: Observation<Codec>, at replica: ReplicaID) -> Bool {
        guard case .sent(let message, let instance) = observation, tracks[replica.index].pendingInstance == instance else { return false }
        return pendingIndex(of: message, at: replica, binding: false) != nil
    }

    /// The position among `sends` of the one the `logged` send is, binding a new name if that makes
    /// them equal (when `binding`); a name conflict is reported through `conflict`.
    func index(of logged: Message, among sends: [Message], binding: Bool, conflict: ((String) -> Void)? = nil) -> Int? {
        if let position = sends.firstIndex(of: logged) { return position }
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
    func pendingIndex(of logged: Message, at replica: ReplicaID, binding: Bool, conflict: ((String) -> Void)? = nil) -> Int? {
        index(of: logged, among: tracks[replica.index].pending, binding: binding, conflict: conflict)
    }

    /// After a name is bound: every replica's received messages carrying it (a Byzantine sender's,
    /// received before a correct replica's send bound the name) hold the spec's value instead.
    func recanonicalizeReceived() {
        namesBound = false
        var duplicates = 0
        for index in tracks.indices {
            // Only views that may hold a name not bound when it was received can change.
            tracks[index].instances.filterInPlace { _, live in
                guard live.holdsNames else { return true }
                var changed = false
                var holdsNames = false
                for position in live.received.indices {
                    let message = canonical(live.received[position].message)
                    if message != live.received[position].message {
                        live.received[position] = Envelope(from: live.received[position].from, message: message)
                        changed = true
                    }
                    if !holdsNames && codec.carriesNames(message) { holdsNames = true }
                }
                live.holdsNames = holdsNames
                guard changed else { return true }
                live.received.sort()
                let before = live.received.count
                var unique: [Envelope<Message>] = []
                unique.reserveCapacity(before)
                for envelope in live.received where unique.last != envelope { unique.append(envelope) }
                live.received = unique
                duplicates += before - unique.count
                return true
            }
        }
        liveMessages -= duplicates
    }

    // MARK: Receipts

    func receive(
        _ message: Message, from sender: ReplicaID, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation,
        observation: Observation<Codec>
    ) {
        var problem: String? = nil
        if let recipients = spec.recipients(of: message, from: sender), !recipients.contains(replica) {
            problem = "\(message) from \(sender) is not addressed to \(replica) (the spec sends it to \(recipients))"
        } else if header.crashed.contains(sender) {
            problem = "\(sender) is declared crashed: it sends nothing"
        } else if header.byzantine.contains(sender) {
            if !codec.accepts(message, fromByzantine: sender, spec: spec) {
                problem = "\(message) is not a message the Byzantine \(sender) could send under its own identity"
            }
        } else if sender != replica, network.read(instance, { $0.sortedContains(Envelope(from: sender, message: message)) }) != true {
            let track = tracks[sender.index]
            let why =
                !track.exhausted
                ? "\(sender)'s log is waiting at \(track.lastLocation.map(String.init(describing:)) ?? "its start")"
                : track.lastLocation.map { "\(sender)'s log ends at \($0)" } ?? "\(sender) has no log"
            problem = "\(sender) never sent \(message) in instance \(instance) (\(why))"
        }
        var live = takeLive(replica, instance)
        if let problem {
            diverge(
                at: location, replica: replica, instance: instance, event: observation.description, problem: problem, live: live, misses: []
            )
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

    func send(
        _ message: Message, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation, observation: Observation<Codec>
    ) {
        var live = takeLive(replica, instance)
        defer { putLive(live, replica, instance) }
        var conflicts: [String] = []
        if tracks[replica.index].pendingInstance == instance,
            let position = pendingIndex(of: message, at: replica, binding: true, conflict: { conflicts.append($0) })
        {
            tracks[replica.index].pending.remove(at: position)
            if tracks[replica.index].pending.isEmpty {
                tracks[replica.index].pendingStep = nil
                tracks[replica.index].pendingInstance = nil
            }
            // Recorded as the spec's value, now that its name is bound.
            sent(canonical(message), by: replica, in: instance, into: &live)
            return
        }
        // A retransmission: the replica sent this very message before (Docs/trace-format.md, `send`);
        // the network is a set, so sending it again is no step.
        if live.received.sortedContains(Envelope(from: replica, message: canonical(message))) { return }
        var misses: [Miss] = []
        for step in codec.steps(producing: message, at: replica, spec: spec) {
            if case .receive(_, let trigger, let sender) = step,
                !live.received.sortedContains(Envelope(from: sender, message: trigger))
            {
                misses.append(Miss(step: step, reason: "\(replica) has not received \(trigger) from \(sender)", isRefusal: false))
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
                misses.append(Miss(step: step, reason: "fires but sends \(describe(Array(effect.sends)))", isRefusal: false))
            case .refused(let reason):
                misses.append(Miss(step: step, reason: reason.description, isRefusal: true))
            }
        }
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
    func sent(_ message: Message, by replica: ReplicaID, in instance: Codec.Instance, into live: inout Live) {
        recordSend(message, from: replica, in: instance)
        insert(message, from: replica, into: &live)
    }

    /// The sends of `step` the log must show next.
    func owe(_ sends: [Message], for step: ProtocolStep<Spec>, in instance: Codec.Instance, at replica: ReplicaID) {
        tracks[replica.index].pending = sends
        tracks[replica.index].pendingStep = sends.isEmpty ? nil : step
        tracks[replica.index].pendingInstance = sends.isEmpty ? nil : instance
    }

    // MARK: Inputs

    func take(
        _ input: Spec.Input, in instance: Codec.Instance, at replica: ReplicaID, location: TraceLocation, observation: Observation<Codec>
    ) {
        var live = takeLive(replica, instance)
        defer { putLive(live, replica, instance) }
        let step = ProtocolStep<Spec>.input(replica: replica, input: input)
        switch evaluate(step, &live, in: instance) {
        case .fires(let effect):
            live.row = effect.next
            owe(Array(effect.sends), for: step, in: instance, at: replica)
        case .refused(let reason):
            diverge(
                at: location, replica: replica, instance: instance, event: observation.description,
                problem: "the spec refuses \(step)", live: live, misses: [Miss(step: step, reason: reason.description, isRefusal: true)])
            if !stopped { live.row = codec.resynchronise(live.row, to: observation, spec: spec) }
        }
    }

    // MARK: The spec's handlers

    /// The spec's reaction to `step` on the replica's own view: its row, and the messages it logged
    /// receiving as the network its inbox reads (swapped in and out, never copied).
    func evaluate(_ step: ProtocolStep<Spec>, _ live: inout Live, in instance: Codec.Instance? = nil) -> Reaction<Spec> {
        let index = step.replica.index
        scratch.replicas[index] = live.row
        if let instance, codec.readsNetwork(step), let network = network[instance] {
            // The step reads messages that reach the replica inside another (e.g. a NEW-VIEW's V):
            // what it received, and what correct replicas sent.
            scratch.sent = Self.union(live.received, network)
            defer { scratch.sent = [] }
            return system.reaction(to: step, in: scratch) ?? .refused(Self.unreachable(step))
        }
        swap(&scratch.sent, &live.received)
        defer { swap(&scratch.sent, &live.received) }
        // Every replica of the judging spec is correct, and the receipt is in the view: never nil.
        return system.reaction(to: step, in: scratch) ?? .refused(Self.unreachable(step))
    }

    /// The sorted union of two sorted envelope lists.
    static func union(_ a: [Envelope<Message>], _ b: [Envelope<Message>]) -> [Envelope<Message>] {
        var result: [Envelope<Message>] = []
        result.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else if i == a.count || b[j] < a[i] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    static func unreachable(_ step: ProtocolStep<Spec>) -> Spec.Refusal {
        preconditionFailure("the judging spec offers no stimulus \(step): is every replica of its fault model correct?")
    }
}
