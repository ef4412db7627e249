import Foundation
import MessagePassing

/// The state of one validation: every judged replica's live instances (its spec row and the
/// messages it logged receiving), the network of sent messages of live instances, and the merge of
/// the run's sources. A struct mutated in place: its fields' exclusive accesses are checked when
/// compiled, not on every access at run time (as a class's fields are, `swift_beginAccess`).
struct ValidationRun<Codec: TraceCodec> {
    typealias Spec = Codec.Spec
    typealias Message = Spec.Message

    /// One replica's state in one live instance.
    struct Live {
        /// Its spec row.
        var row: Spec.Replica
        /// What it logged receiving (its own sends included), by sender and the spec's message block
        /// (`ReplicaProtocol.messageBlock(of:)`): what its quorum steps count.
        var received: EnvelopeBlocks<Message>
        /// Whether some message of `received` may carry an implementation name not bound yet
        /// (`TraceCodec.carriesNames(_:)`), so that binding a name may change it.
        var holdsNames = false
    }

    /// Everything the validator knows of one replica.
    struct Track {
        var instances = InstanceTable<Codec.Instance, Live>()
        var mark: Codec.Mark
        /// The sends of its last step not logged yet, with the step and its instance.
        var pending: [Message] = []
        var pendingStep: ProtocolStep<Spec>?
        var pendingInstance: Codec.Instance?
        var nextLSN: Int?
        var lastLocation: TraceLocation?
        /// Whether its log has ended (or it has none): messages it has not sent never will be.
        var exhausted = false
    }

    let codec: Codec
    let spec: Spec
    let system: MessagePassingSystem<Spec>
    let header: TraceHeaderV2
    let options: ValidationOptions
    let judged: ReplicaSet
    let startsMidRun: Bool
    /// No envelopes, blocked as the spec's messages are: a new view.
    let noReceipts: EnvelopeBlocks<Message>
    var tracks: [Track]
    /// Sent messages of live instances, each instance's by sender and message block.
    var network = InstanceTable<Codec.Instance, EnvelopeBlocks<Message>>()
    /// The lowest mark of a replica whose log is still being read: the network keeps what is above.
    var floor: Codec.Mark

    /// The implementation's names bound to the spec's values so far.
    var names: Codec.Names
    /// Whether a name was bound since the received messages were last made canonical.
    var namesBound = false
    var divergences: [ValidatorDivergence] = []
    var events = 0
    var consumed = 0
    var stopped = false
    var liveStates = 0
    var liveMessages = 0
    var peakLiveStates = 0
    var peakLiveMessages = 0
    var peakLiveNames = 0

    init(codec: Codec, spec: Spec, header: TraceHeaderV2, headerLocation: TraceLocation, options: ValidationOptions) throws {
        precondition(spec.faults.byzantine.isEmpty, "\(Codec.self).spec(for:) must return a spec whose replicas are all correct")
        self.codec = codec
        self.spec = spec
        system = MessagePassingSystem(judging: spec)
        self.header = header
        self.options = options
        judged = header.judged
        startsMidRun = header.snapshot != nil
        noReceipts = system.emptyReceipts()
        tracks = Array(repeating: Track(mark: codec.initialMark), count: header.replicaCount)
        floor = codec.initialMark
        names = codec.initialNames(for: header)
        if let snapshot = header.snapshot { try load(snapshot, at: headerLocation) }
    }

    // MARK: The merge

    /// Judges the events of `sources`: each source is read while its head can be judged; a receipt
    /// whose sender has not yet logged the send waits. When every head waits, the first source's is
    /// judged anyway (its message was never sent).
    mutating func run(_ sources: [TraceSource<Codec>]) throws {
        for source in sources { try source.advance(codec: codec, spec: spec, names: &names) }
        let perReplica = sources.count > 1 || header.replica != nil
        if perReplica {
            var logged = ReplicaSet()
            for source in sources { if let replica = source.header.replica { logged.insert(replica) } }
            for replica in ReplicaSet.first(header.replicaCount) where !logged.contains(replica) { tracks[replica.index].exhausted = true }
        } else {
            for replica in ReplicaSet.first(header.replicaCount) where !judged.contains(replica) { tracks[replica.index].exhausted = true }
        }
        var ended = Array(repeating: false, count: sources.count)
        while !stopped {
            var progressed = false
            var waiting = false
            for (position, source) in sources.enumerated() {
                while !stopped, source.hasHead {
                    var sent: Bool? = nil
                    if isWaiting(source, sent: &sent) || awaitsNetwork(source) { break }
                    try judge(source, sent: sent)
                    if codec.wantsToForget(names) {
                        peakLiveNames = max(peakLiveNames, codec.nameCount(names))
                        forgetNames(readAhead: sources)
                    }
                    try source.advance(codec: codec, spec: spec, names: &names)
                    progressed = true
                }
                if !source.hasHead {
                    if !ended[position] {
                        ended[position] = true
                        progressed = true
                        logEnded(source)
                    }
                } else {
                    waiting = true
                }
            }
            if !waiting || stopped { break }
            if !progressed, let source = culprit(among: sources), source.hasHead {
                try judge(source, sent: nil)
                try source.advance(codec: codec, spec: spec, names: &names)
            }
        }
        if !stopped { finish() }
        peakLiveNames = max(peakLiveNames, codec.nameCount(names))
    }

    /// Lets the codec forget the names nothing live uses (`TraceCodec.forgetNames`): what every
    /// replica keeps and owes, the network, and the events of `readAhead` read but not yet judged.
    mutating func forgetNames(readAhead sources: [TraceSource<Codec>]) {
        var live = LiveValues<Spec>()
        for track in tracks {
            live.messages += track.pending
            switch track.pendingStep {
            case .input(_, let input)?: live.inputs.append(input)
            case .receive(_, let message, _)?: live.messages.append(message)
            case nil: break
            }
            track.instances.forEach { _, value in
                live.rows.append(value.row)
                value.received.forEach { _, message in live.messages.append(message) }
            }
        }
        network.forEach { _, sent in sent.forEach { _, message in live.messages.append(message) } }
        for source in sources where source.hasHead {
            let head = source.head
            if let message = head.message { live.messages.append(message) }
            if let input = head.input { live.inputs.append(input) }
            for observation in head.more {
                switch observation {
                case .received(let message, _, _), .sent(let message, _): live.messages.append(message)
                case .input(let input, _): live.inputs.append(input)
                }
            }
        }
        codec.forgetNames(&names, keeping: live)
    }

    /// When every head waits: the receipt to judge as never sent. First one whose sender the spec
    /// says can never send the message (every step that would send it refused for good,
    /// `ReplicaProtocol.isFinal` — e.g. a PREPARE claimed from the view's primary), then one whose
    /// sender could not send it now (e.g. INITIAL claimed from a replica that is not the sender),
    /// then the one whose replica the most other heads wait on; the first such source on ties.
    mutating func culprit(among sources: [TraceSource<Codec>]) -> TraceSource<Codec>? {
        var waitedOn = Array(repeating: 0, count: header.replicaCount)
        for source in sources {
            if source.hasHead, source.head.message != nil, let sender = source.head.sender { waitedOn[sender.index] += 1 }
        }
        var best: TraceSource<Codec>? = nil
        var bestRank = (-1, -1)
        for source in sources {
            guard source.hasHead else { continue }
            let head = source.head
            var implausible = 0
            if let message = head.message, let sender = head.sender, let instance = head.instance {
                switch sendChance(canonical(message), sender, instance) {
                case .possible: implausible = 0
                case .notNow: implausible = 1
                case .never: implausible = 2
                }
            }
            let rank = (implausible, waitedOn[head.replica.index])
            if rank > bestRank {
                best = source
                bestRank = rank
            }
        }
        return best
    }

    /// Whether `sender` may still send a message: now or later, not now, or never.
    enum SendChance {
        case possible, notNow, never
    }

    /// Whether some step the codec lists for `message` at `sender` may still send it: a receipt
    /// `sender` has yet to log, or a step whose handler fires on its view now (`possible`); else
    /// whether every step is refused for good (`never`) or some may fire later (`notNow`).
    mutating func sendChance(_ message: Message, _ sender: ReplicaID, _ instance: Codec.Instance) -> SendChance {
        guard judged.contains(sender) else { return .possible }
        var live = tracks[sender.index].instances[instance] ?? Live(row: spec.initialReplica(sender), received: noReceipts)
        var final = true
        for step in codec.steps(producing: message, at: sender, spec: spec) {
            if case .receive(_, let trigger, let from) = step,
                !live.received.contains(trigger, from: from, block: spec.messageBlock(of: trigger))
            {
                return .possible
            }
            switch evaluate(step, &live) {
            case .fires(let effect):
                if index(of: message, among: Array(effect.sends), binding: false) != nil { return .possible }
                final = false
            case .refused(let refusal): if !spec.isFinal(refusal) { final = false }
            }
        }
        return final ? .never : .notNow
    }

    /// Whether the head of `source` is a receipt whose sender may still log the send (a replica
    /// that owes the sends of its last step never waits: that is judged first). When it looked the
    /// receipt up in the network, whether the sender sent it is left in `sent`, so that judging the
    /// receipt does not look again (`receive`).
    func isWaiting(_ source: TraceSource<Codec>, sent: inout Bool?) -> Bool {
        // The head's fields are read in place (see `TraceSource.Event`).
        guard let sender = source.head.sender, let instance = source.head.instance else { return false }
        let replica = source.head.replica
        guard sender != replica, tracks[replica.index].pending.isEmpty,
            judged.contains(sender), !tracks[sender.index].exhausted, !codec.isRetired(instance, at: tracks[sender.index].mark),
            !codec.isRetired(instance, at: tracks[replica.index].mark), let logged = source.head.message
        else { return false }
        let message = canonical(logged)
        // Below every reading replica's stable point the send is long gone (a correct sender sends
        // nothing there again): nothing to wait for (`receiveDiscarded`).
        if !codec.isLive(message, in: instance, at: floor) { return false }
        let found = hasSent(message, from: sender, in: instance)
        sent = found
        // A message no reader needs any more (e.g. a VIEW-CHANGE of a view every reader has left)
        // was dropped from the network with its send: nothing to wait for either.
        return !found && networkKeeps(message, in: instance)
    }

    /// Whether the head of `source` is a step that reads the network (a backup's acceptance of a
    /// NEW-VIEW, whose V carries VIEW-CHANGEs inside it: `TraceCodec.readsNetwork`) and that the spec
    /// refuses for now while another judged replica's log is still being read: what that log has yet
    /// to send (its VIEW-CHANGE) may be what the step reads. Logs are read independently, so such a
    /// step waits for them; when every log waits, it is judged anyway.
    mutating func awaitsNetwork(_ source: TraceSource<Codec>) -> Bool {
        guard let logged = source.head.input, let instance = source.head.instance else { return false }
        let replica = source.head.replica
        let input = codec.carriesNames(logged) ? codec.canonical(logged, names: names) : logged
        let step = ProtocolStep<Spec>.input(replica: replica, input: input)
        guard codec.readsNetwork(step), tracks[replica.index].pending.isEmpty,
            judged.contains(where: { $0 != replica && !tracks[$0.index].exhausted })
        else { return false }
        var live = tracks[replica.index].instances[instance] ?? Live(row: spec.initialReplica(replica), received: noReceipts)
        guard case .refused(let refusal) = evaluate(step, &live, in: instance) else { return false }
        return !spec.isFinal(refusal)
    }

    /// Whether the network holds `message` sent by `sender` in `instance`.
    func hasSent(_ message: Message, from sender: ReplicaID, in instance: Codec.Instance) -> Bool {
        let block = spec.messageBlock(of: message)
        return network.read(instance) { $0.contains(message, from: sender, block: block) } == true
    }

    /// The replicas whose log `source` held have no more events.
    mutating func logEnded(_ source: TraceSource<Codec>) {
        if let replica = source.header.replica {
            tracks[replica.index].exhausted = true
        } else {
            for replica in ReplicaSet.first(header.replicaCount) { tracks[replica.index].exhausted = true }
        }
        raiseFloor()
    }

    /// The whole-log rule's last check: no replica's log ends in the middle of a step.
    mutating func finish() {
        for replica in ReplicaSet.first(header.replicaCount) where !tracks[replica.index].pending.isEmpty {
            let track = tracks[replica.index]
            guard let step = track.pendingStep, let instance = track.pendingInstance else { continue }
            diverge(
                at: track.lastLocation ?? TraceLocation(file: "(end)", line: 0), replica: replica, instance: instance,
                event: "end of log",
                problem: "the log ends before the sends of its last step (\(step) sends \(describe(track.pending)))", misses: [])
            tracks[replica.index].pending = []
        }
    }

    // MARK: Live state

    /// The replica's live state in `instance`, created from its initial row on first use.
    mutating func takeLive(_ replica: ReplicaID, _ instance: Codec.Instance) -> Live {
        if let live = tracks[replica.index].instances.take(instance) { return live }
        liveStates += 1
        return Live(row: spec.initialReplica(replica), received: noReceipts)
    }

    /// Puts back what `takeLive` took.
    mutating func putLive(_ live: consuming Live, _ replica: ReplicaID, _ instance: Codec.Instance) {
        tracks[replica.index].instances.put(live, for: instance)
    }

    /// Adds `message` from `sender` to `received` unless it is there.
    mutating func insert(_ message: Message, from sender: ReplicaID, into live: inout Live) {
        if Self.insert(message, from: sender, block: spec.messageBlock(of: message), into: &live, codec: codec) { liveMessages += 1 }
    }

    /// Adds `message` from `sender` to the view of `replica` in `instance` in place, without taking
    /// its live state out and back (`takeLive`); `false` when it holds no live state there yet.
    mutating func joinView(_ message: Message, from sender: ReplicaID, at replica: ReplicaID, in instance: Codec.Instance) -> Bool {
        // The block is found first: a closure that captured the spec would copy it.
        let (codec, block) = (codec, spec.messageBlock(of: message))
        guard
            let added = tracks[replica.index].instances.update(
                instance, { Self.insert(message, from: sender, block: block, into: &$0, codec: codec) })
        else { return false }
        if added { liveMessages += 1 }
        return true
    }

    /// Adds `message` from `sender`, whose block is `block`, to `received` unless it is there;
    /// whether it was added.
    static func insert(_ message: Message, from sender: ReplicaID, block: Int, into live: inout Live, codec: Codec) -> Bool {
        guard live.received.insert(message, from: sender, block: block) else { return false }
        if !live.holdsNames && codec.carriesNames(message) { live.holdsNames = true }
        return true
    }

    /// Records that `sender` sent `message` in `instance`.
    mutating func recordSend(_ message: Message, from sender: ReplicaID, in instance: Codec.Instance) {
        let block = spec.messageBlock(of: message)
        let inserted = network.update(instance) { $0.insert(message, from: sender, block: block) }
        if inserted == nil {
            liveStates += 1
            var sent = noReceipts
            sent.insert(message, from: sender, block: block)
            network.put(sent, for: instance)
            liveMessages += 1
        } else if inserted == true {
            liveMessages += 1
        }
    }

    /// Moves `replica`'s stable point to `mark`, dropping what lies at or below it.
    mutating func moveMark(of replica: ReplicaID, to mark: Codec.Mark) {
        tracks[replica.index].mark = mark
        var dropped = (states: 0, messages: 0)
        let (codec, spec) = (codec, spec)
        tracks[replica.index].instances.filterInPlace { instance, live in
            if codec.isRetired(instance, at: mark) {
                dropped.states += 1
                dropped.messages += live.received.count
                return false
            }
            codec.compact(&live.row, at: mark, spec: spec)
            let before = live.received.count
            let row = live.row
            live.received.removeAll { _, message in !codec.isLive(message, in: instance, at: mark, row: row) }
            dropped.messages += before - live.received.count
            return true
        }
        liveStates -= dropped.states
        liveMessages -= dropped.messages
        raiseFloor()
    }

    /// Drops the network's instances and messages that no replica still reading its log needs.
    mutating func raiseFloor() {
        let lowest = readers.replicas.map { tracks[$0.index].mark }.min()
        guard let lowest, lowest > floor else {
            if lowest == nil { dropNetwork(where: { _ in true }) }
            return
        }
        floor = lowest
        let codec = codec
        dropNetwork(where: { codec.isRetired($0, at: lowest) })
    }

    mutating func dropNetwork(where retired: (Codec.Instance) -> Bool) {
        let (floor, codec) = (floor, codec)
        var dropped = (states: 0, messages: 0)
        let (readers, tracks) = (self.readers, tracks)
        network.filterInPlace { instance, sent in
            if retired(instance) {
                dropped.states += 1
                dropped.messages += sent.count
                return false
            }
            let before = sent.count
            let rows = readers.rows(in: instance, tracks: tracks)
            sent.removeAll { _, message in
                !codec.isLive(message, in: instance, at: floor) || !Self.isNeeded(message, in: instance, by: rows, codec: codec)
            }
            dropped.messages += before - sent.count
            return true
        }
        liveStates -= dropped.states
        liveMessages -= dropped.messages
    }

    /// The judged replicas still reading their logs: the network keeps what one of them needs.
    var readers: Readers {
        Readers(replicas: judged.filter { !tracks[$0.index].exhausted })
    }

    /// A reader's mark and, when it has live state in the instance, its row.
    typealias ReaderRow = (mark: Codec.Mark, row: Spec.Replica?)

    /// The replicas still reading their logs, and their marks and rows in one instance at a time.
    struct Readers {
        let replicas: [ReplicaID]

        /// Each reader's mark and, when it has live state in `instance`, its row.
        func rows(in instance: Codec.Instance, tracks: [Track]) -> [ReaderRow] {
            replicas.map { (tracks[$0.index].mark, tracks[$0.index].instances[instance]?.row) }
        }
    }

    /// Whether a reader at one of `rows` still needs `message` (`TraceCodec.isLive(_:in:at:row:)`; a
    /// reader without live state in the instance by its mark alone).
    static func isNeeded(_ message: Message, in instance: Codec.Instance, by rows: [ReaderRow], codec: Codec) -> Bool {
        rows.contains { entry in
            if let row = entry.row { return codec.isLive(message, in: instance, at: entry.mark, row: row) }
            return codec.isLive(message, in: instance, at: entry.mark)
        }
    }

    /// Whether the network still keeps messages like `message` of `instance` — some replica still
    /// reading its log needs it — so that a receipt of it can be checked against the sends.
    ///
    /// The readers are visited in place: asked once or twice an event, a list of their rows (as
    /// `dropNetwork` makes) would allocate and copy every row each time.
    func networkKeeps(_ message: Message, in instance: Codec.Instance) -> Bool {
        guard codec.isLive(message, in: instance, at: floor) else { return false }
        let codec = codec
        for replica in judged where !tracks[replica.index].exhausted {
            let mark = tracks[replica.index].mark
            let needed =
                tracks[replica.index].instances.read(instance) { codec.isLive(message, in: instance, at: mark, row: $0.row) }
                ?? codec.isLive(message, in: instance, at: mark)
            if needed { return true }
        }
        return false
    }

    mutating func notePeaks() {
        if liveStates > peakLiveStates { peakLiveStates = liveStates }
        if liveMessages > peakLiveMessages { peakLiveMessages = liveMessages }
    }
}
