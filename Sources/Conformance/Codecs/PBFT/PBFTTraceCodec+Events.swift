import MessagePassing
import ProtocolSpecs

/// Reading the events of a PBFT trace (Docs/trace-format.md, "Events" and "Messages").
extension PBFTTraceCodec {
    /// The event kinds, in the order errors list them.
    static let eventKinds = [
        "send", "recv", "request", "pre-prepared", "prepared", "committed", "executed", "checkpoint", "checkpoint-stable", "view-change",
        "new-view", "reply",
    ]
    /// The event kinds, as `eventKinds` lists them.
    enum EventKind: Int {
        case send, recv, request, prePrepared, prepared, committed, executed, checkpoint, checkpointStable, viewChange, newView, reply
    }
    /// `eventKinds`, matched in place.
    static let eventKeywords = TraceKeywords(eventKinds)
    static let common = ["replica", "lsn", "event"]
    /// The keys each event kind allows (`eventKinds`' order).
    static let eventKeys: [TraceKeywords] = [
        ["msg", "to", "message"], ["msg", "from", "message"], ["digest"], ["view", "seq", "digest"], ["view", "seq", "digest"],
        ["view", "seq", "digest"], ["seq", "digest", "result"], ["seq", "state"], ["seq", "state"], ["view"],
        ["view", "checkpoint", "state", "o"], ["digest", "view", "result", "client", "timestamp"],
    ].map { TraceKeywords(common + $0) }
    /// The highest view or sequence number a trace may carry (2^62: far beyond any run, and safe to
    /// add a window to).
    static let numberLimit = 1 << 62

    /// Reads one event line.
    public func decode(_ fields: EventFields, spec: PBFTLayer, names: inout PBFTTraceNames) throws -> CodecEvent<Self> {
        let run = Self.run
        guard let position = try fields.keyword("event", in: Self.eventKeywords) else {
            let kind = try fields.string("event")
            throw fields.failure("event", "unknown event \"\(kind)\"; pbft events are \(Self.eventKinds.joined(separator: ", "))")
        }
        let kind = Self.eventKinds[position]
        let keys = Self.eventKeys[position]
        let event = EventKind(rawValue: position)!
        switch event {
        case .send:
            try fields.requireKnownKeys(keys, what: "a send event")
            let message = try Self.message(try fields.object("message"), names: &names)
            var more: [Observation<Self>] = []
            // A NEW-VIEW carries O's PRE-PREPAREs (Castro & Liskov §4.4): sending it sends them.
            if message.kind == .newView {
                for (slot, digest) in message.proposals { more.append(.sent(.prePrepare(message.view, slot, digest), instance: run)) }
            }
            return CodecEvent(.sent(message, instance: run), more: more)
        case .recv:
            try fields.requireKnownKeys(keys, what: "a recv event")
            let sender = try fields.replica("from")
            guard fields.contains("message") else {
                throw fields.failure("message", "missing: the pbft validator judges a receipt by its content")
            }
            return CodecEvent(.received(try Self.message(try fields.object("message"), names: &names), from: sender, instance: run))
        case .request:
            try fields.requireKnownKeys(keys, what: "a request event")
            _ = try names.digest(fields, "digest")
            return CodecEvent(nil)
        case .prePrepared, .prepared, .committed:
            try fields.requireKnownKeys(keys, what: "a \(kind) event")
            let view = View(try fields.integer("view", 0...Self.numberLimit))
            let slot = SequenceNumber(try fields.integer("seq", 1...Self.numberLimit))
            let digest = try names.digest(fields, "digest")
            return try Self.slotStep(event, view: view, slot: slot, digest: digest, replica: { try fields.replica("replica") }, spec: spec)
        case .executed:
            try fields.requireKnownKeys(keys, what: "an executed event")
            let slot = SequenceNumber(try fields.integer("seq", 1...Self.numberLimit))
            let digest = try names.digest(fields, "digest")
            var problem: String? = nil
            if fields.contains("result") {
                let location = TraceLocation(file: fields.file, line: fields.line)
                problem = names.recordResult(
                    try fields.string("result"), of: digest, at: slot.number, by: try fields.replica("replica"), location: location)
            }
            return CodecEvent(.input(.execute(slot, digest), instance: run), problem: problem)
        case .reply:
            try fields.requireKnownKeys(keys, what: "a reply event")
            let digest = try names.digest(fields, "digest")
            if digest == .null { throw fields.failure("digest", "a reply answers a client request, not the null request") }
            let view = fields.contains("view") ? View(try fields.integer("view", 0...Self.numberLimit)) : nil
            if fields.contains("client") { try fields.withString("client") { _ in } }
            if fields.contains("timestamp") { _ = try fields.integer("timestamp", 0...Int.max) }
            var problem: String? = nil
            if fields.contains("result") {
                problem = names.replyProblem(try fields.string("result"), to: digest, by: try fields.replica("replica"))
            }
            return CodecEvent(.input(.reply(digest, view: view), instance: run), problem: problem)
        case .checkpoint, .checkpointStable:
            try fields.requireKnownKeys(keys, what: "a \(kind) event")
            let slot = try fields.integer("seq", 1...Self.numberLimit)
            // Checked for both; only a stable checkpoint's is read (the spec computes a new one itself).
            return try fields.withString("state") { state in Self.checkpointStep(event, slot: slot, state: state) }
        case .viewChange:
            try fields.requireKnownKeys(keys, what: "a view-change event")
            _ = try fields.integer("view", 1...Self.numberLimit)
            return CodecEvent(.input(.timeout, instance: run))
        case .newView:
            try fields.requireKnownKeys(keys, what: "a new-view event")
            let message = try Self.newView(fields, names: &names)
            if message.view.primary(among: spec.configuration.replicaCount) == (try fields.replica("replica")) {
                return CodecEvent(.input(.sendNewView(message), instance: run))
            }
            return CodecEvent(.input(.acceptNewView(message), instance: run))
        }
    }

    /// The message types, as traces name them.
    static let types = ["PRE-PREPARE", "PREPARE", "COMMIT", "CHECKPOINT", "VIEW-CHANGE", "NEW-VIEW"]
    /// `types`, matched in place.
    static let typeKeywords = TraceKeywords(types)
    /// The keys each message type allows (`types`' order).
    static let messageKeys: [TraceKeywords] = [
        ["type", "view", "seq", "digest"], ["type", "view", "seq", "digest"], ["type", "view", "seq", "digest"], ["type", "seq", "state"],
        ["type", "view", "checkpoint", "state", "prepared"], ["type", "view", "checkpoint", "state", "o", "view_changes"],
    ].map(TraceKeywords.init)

    /// A `message` object.
    static func message(_ fields: EventFields, names: inout PBFTTraceNames) throws -> PBFTMessage {
        guard let position = try fields.keyword("type", in: typeKeywords) else {
            let type = try fields.string("type")
            throw fields.failure("type", "unknown message type \"\(type)\"; types are \(types.joined(separator: ", "))")
        }
        let type = types[position]
        let keys = messageKeys[position]
        switch position {
        case 0, 1, 2:  // PRE-PREPARE, PREPARE, COMMIT
            try fields.requireKnownKeys(keys, what: "a \(type) message")
            let view = View(try fields.integer("view", 0...numberLimit))
            let slot = SequenceNumber(try fields.integer("seq", 1...numberLimit))
            return vote(position, view, slot, try names.digest(fields, "digest"))
        case 3:  // CHECKPOINT
            try fields.requireKnownKeys(keys, what: "a CHECKPOINT message")
            return .checkpoint(SequenceNumber(try fields.integer("seq", 1...numberLimit)), state: .named(try fields.string("state")))
        case 4:  // VIEW-CHANGE
            try fields.requireKnownKeys(keys, what: "a VIEW-CHANGE message")
            let view = View(try fields.integer("view", 1...numberLimit))
            let checkpoint = try fields.integer("checkpoint", 0...numberLimit)
            var certificates = DenseMap<SequenceNumber, PreparedCertificate>()
            guard let entries = fields.value("prepared")?.elements else {
                throw fields.failure("prepared", "expected an array of {\"seq\", \"view\", \"digest\"}")
            }
            for (index, entry) in entries.enumerated() {
                let at = "prepared[\(index)]"
                guard let members = entry.members,
                    case .integer(let seq)? = members.first(where: { $0.key == "seq" })?.value,
                    case .integer(let certified)? = members.first(where: { $0.key == "view" })?.value,
                    case .string(let digest)? = members.first(where: { $0.key == "digest" })?.value,
                    members.count == 3
                else { throw fields.failure(at, "expected {\"seq\": integer, \"view\": integer, \"digest\": string}") }
                guard seq > checkpoint && seq <= numberLimit else {
                    throw fields.failure("\(at).seq", "expected a sequence number above the checkpoint \(checkpoint), got \(seq)")
                }
                guard certified >= 0 && certified < view.number else {
                    throw fields.failure("\(at).view", "expected a view below \(view.number), got \(certified)")
                }
                let slot = SequenceNumber(seq)
                if certificates[slot] != nil { throw fields.failure("\(at).seq", "sequence number \(seq) is listed twice") }
                certificates[slot] = PreparedCertificate(view: View(certified), digest: names.digest(digest))
            }
            return .viewChange(
                view, checkpoint: SequenceNumber(checkpoint), state: try state(fields, checkpoint: checkpoint), certificates: certificates)
        case 5:  // NEW-VIEW
            try fields.requireKnownKeys(keys, what: "a NEW-VIEW message")
            return try newView(fields, names: &names)
        default:
            preconditionFailure("message type \(type) is listed but not read")
        }
    }

    /// What the `pre-prepared`, `prepared` or `committed` event (`event`) of `replica` at (`view`,
    /// `slot`, `digest`) means; both readers (`decode`, `decodeUsualLine`) say it here. The replica
    /// is read only for a `pre-prepared` event.
    static func slotStep(
        _ event: EventKind, view: View, slot: SequenceNumber, digest: Digest, replica: () throws -> ReplicaID, spec: PBFTLayer
    ) rethrows -> CodecEvent<Self> {
        var decoded = DecodedEvent<Self>(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: "", line: 0))
        let isPrimary = try event == .prePrepared && view.primary(among: spec.configuration.replicaCount) == replica()
        slotStep(event, view: view, slot: slot, digest: digest, isPrimary: isPrimary, into: &decoded)
        return decoded.meaning
    }

    /// `slotStep(_:view:slot:digest:replica:spec:)` at `replica`, written into `decoded`'s parts in place.
    static func slotStep(
        _ event: EventKind, view: View, slot: SequenceNumber, digest: Digest, replica: ReplicaID, spec: PBFTLayer,
        into decoded: inout DecodedEvent<Self>
    ) {
        let isPrimary = event == .prePrepared && view.primary(among: spec.configuration.replicaCount) == replica
        slotStep(event, view: view, slot: slot, digest: digest, isPrimary: isPrimary, into: &decoded)
    }

    /// The meaning of a slot step, `isPrimary` whether the replica is the view's primary (only
    /// asked of `pre-prepared`).
    private static func slotStep(
        _ event: EventKind, view: View, slot: SequenceNumber, digest: Digest, isPrimary: Bool, into decoded: inout DecodedEvent<Self>
    ) {
        switch event {
        case .prePrepared:
            // The primary's assignment is judged by the PRE-PREPARE it sends.
            if isPrimary { decoded.meansNothing() } else { decoded.took(.acceptPrePrepare(.prePrepare(view, slot, digest)), instance: run) }
        case .prepared: decoded.took(.prepare(slot), instance: run)
        default: decoded.took(.commit(slot), instance: run)
        }
    }

    /// What the `checkpoint` or `checkpoint-stable` event (`event`) at `slot` naming `state` means
    /// (the spec computes the state of a checkpoint it takes; a stable one adopts the name); both
    /// readers say it here.
    static func checkpointStep(_ event: EventKind, slot: Int, state: UnsafeBufferPointer<UInt8>) -> CodecEvent<Self> {
        var decoded = DecodedEvent<Self>(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: "", line: 0))
        checkpointStep(event, slot: slot, state: state, into: &decoded)
        return decoded.meaning
    }

    /// `checkpointStep(_:slot:state:)` written into `decoded`'s parts in place.
    static func checkpointStep(_ event: EventKind, slot: Int, state: UnsafeBufferPointer<UInt8>, into decoded: inout DecodedEvent<Self>) {
        guard event == .checkpointStable else {
            decoded.took(.takeCheckpoint(SequenceNumber(slot)), instance: run)
            return
        }
        let stable = PBFTMessage.checkpoint(SequenceNumber(slot), state: .named(String(decoding: state, as: UTF8.self)))
        decoded.took(.stabilize(stable), instance: run)
        decoded.stable = UInt64(slot)
    }

    /// PRE-PREPARE, PREPARE or COMMIT (`types` position 0, 1 or 2) of (`view`, `slot`, `digest`).
    static func vote(_ position: Int, _ view: View, _ slot: SequenceNumber, _ digest: Digest) -> PBFTMessage {
        position == 0 ? .prePrepare(view, slot, digest) : position == 1 ? .prepare(view, slot, digest) : .commit(view, slot, digest)
    }

    /// The state of `checkpoint`: the genesis state at 0 unless named, else the name (required).
    static func state(_ fields: EventFields, checkpoint: Int) throws -> LedgerState {
        if fields.contains("state") { return .named(try fields.string("state")) }
        guard checkpoint == 0 else { throw fields.failure("state", "missing: checkpoint \(checkpoint) needs its state digest") }
        return .hashedGenesis
    }

    /// NEW-VIEW(v, min-s, state, O) from a `new-view` event or a NEW-VIEW message.
    static func newView(_ fields: EventFields, names: inout PBFTTraceNames) throws -> PBFTMessage {
        let view = View(try fields.integer("view", 1...numberLimit))
        let checkpoint = try fields.integer("checkpoint", 0...numberLimit)
        guard let entries = fields.value("o")?.elements else { throw fields.failure("o", "expected an array of digests") }
        var proposals = DenseMap<SequenceNumber, Digest>()
        for (index, entry) in entries.enumerated() {
            guard let digest = entry.stringValue else { throw fields.failure("o[\(index)]", "expected a digest string") }
            guard checkpoint + 1 + index <= numberLimit else { throw fields.failure("o", "reaches beyond sequence number 2^62") }
            proposals[SequenceNumber(checkpoint + 1 + index)] = names.digest(digest)
        }
        return .newView(
            view, checkpoint: SequenceNumber(checkpoint), state: try state(fields, checkpoint: checkpoint), proposals: proposals)
    }
}
