import MessagePassing
import ProtocolSpecs

/// Reading the events of a PBFT trace (Docs/trace-format.md, "Events" and "Messages").
extension PBFTTraceCodec {
    /// The event kinds, in the order errors list them.
    static let eventKinds = [
        "send", "recv", "request", "pre-prepared", "prepared", "committed", "executed", "checkpoint", "checkpoint-stable", "view-change",
        "new-view",
    ]
    static let common = ["replica", "lsn", "event"]
    /// The highest view or sequence number a trace may carry (2^62: far beyond any run, and safe to
    /// add a window to).
    static let numberLimit = 1 << 62

    /// Reads one event line.
    public func decode(kind: String, _ fields: EventFields, spec: PBFTLayer, names: inout PBFTTraceNames) throws -> CodecEvent<Self> {
        let run = Self.run
        switch kind {
        case "send":
            try fields.requireKnownKeys(Self.common + ["msg", "to", "message"], what: "a send event")
            let message = try Self.message(try fields.object("message"), names: &names)
            var more: [Observation<Self>] = []
            // A NEW-VIEW carries O's PRE-PREPAREs (Castro & Liskov §4.4): sending it sends them.
            if message.kind == .newView {
                for (slot, digest) in message.proposals { more.append(.sent(.prePrepare(message.view, slot, digest), instance: run)) }
            }
            return CodecEvent(.sent(message, instance: run), more: more)
        case "recv":
            try fields.requireKnownKeys(Self.common + ["msg", "from", "message"], what: "a recv event")
            let sender = try fields.replica("from")
            guard fields.value("message") != nil else {
                throw fields.failure("message", "missing: the pbft validator judges a receipt by its content")
            }
            return CodecEvent(.received(try Self.message(try fields.object("message"), names: &names), from: sender, instance: run))
        case "request":
            try fields.requireKnownKeys(Self.common + ["digest"], what: "a request event")
            _ = names.digest(try fields.string("digest"))
            return CodecEvent(nil)
        case "pre-prepared", "prepared", "committed":
            try fields.requireKnownKeys(Self.common + ["view", "seq", "digest"], what: "a \(kind) event")
            let view = View(try fields.integer("view", 0...Self.numberLimit))
            let slot = SequenceNumber(try fields.integer("seq", 1...Self.numberLimit))
            let digest = names.digest(try fields.string("digest"))
            switch kind {
            case "pre-prepared":
                // The primary's assignment is judged by the PRE-PREPARE it sends.
                if view.primary(among: spec.configuration.replicaCount) == (try fields.replica("replica")) { return CodecEvent(nil) }
                return CodecEvent(.input(.acceptPrePrepare(.prePrepare(view, slot, digest)), instance: run))
            case "prepared": return CodecEvent(.input(.prepare(slot), instance: run))
            default: return CodecEvent(.input(.commit(slot), instance: run))
            }
        case "executed":
            try fields.requireKnownKeys(Self.common + ["seq", "digest", "result"], what: "an executed event")
            let slot = SequenceNumber(try fields.integer("seq", 1...Self.numberLimit))
            return CodecEvent(.input(.execute(slot, names.digest(try fields.string("digest"))), instance: run))
        case "checkpoint", "checkpoint-stable":
            try fields.requireKnownKeys(Self.common + ["seq", "state"], what: "a \(kind) event")
            let slot = try fields.integer("seq", 1...Self.numberLimit)
            let state = LedgerState.named(try fields.string("state"))
            guard kind == "checkpoint-stable" else { return CodecEvent(.input(.takeCheckpoint(SequenceNumber(slot)), instance: run)) }
            return CodecEvent(.input(.stabilize(.checkpoint(SequenceNumber(slot), state: state)), instance: run), stable: UInt64(slot))
        case "view-change":
            try fields.requireKnownKeys(Self.common + ["view"], what: "a view-change event")
            _ = try fields.integer("view", 1...Self.numberLimit)
            return CodecEvent(.input(.timeout, instance: run))
        case "new-view":
            try fields.requireKnownKeys(Self.common + ["view", "checkpoint", "state", "o"], what: "a new-view event")
            let message = try Self.newView(fields, names: &names)
            if message.view.primary(among: spec.configuration.replicaCount) == (try fields.replica("replica")) {
                return CodecEvent(.input(.sendNewView(message), instance: run))
            }
            return CodecEvent(.input(.acceptNewView(message), instance: run))
        default:
            throw fields.failure("event", "unknown event \"\(kind)\"; pbft events are \(Self.eventKinds.joined(separator: ", "))")
        }
    }

    /// The message types, as traces name them.
    static let types = ["PRE-PREPARE", "PREPARE", "COMMIT", "CHECKPOINT", "VIEW-CHANGE", "NEW-VIEW"]

    /// A `message` object.
    static func message(_ fields: EventFields, names: inout PBFTTraceNames) throws -> PBFTMessage {
        let type = try fields.string("type")
        switch type {
        case "PRE-PREPARE", "PREPARE", "COMMIT":
            try fields.requireKnownKeys(["type", "view", "seq", "digest"], what: "a \(type) message")
            let view = View(try fields.integer("view", 0...numberLimit))
            let slot = SequenceNumber(try fields.integer("seq", 1...numberLimit))
            let digest = names.digest(try fields.string("digest"))
            return type == "PRE-PREPARE"
                ? .prePrepare(view, slot, digest) : type == "PREPARE" ? .prepare(view, slot, digest) : .commit(view, slot, digest)
        case "CHECKPOINT":
            try fields.requireKnownKeys(["type", "seq", "state"], what: "a CHECKPOINT message")
            return .checkpoint(SequenceNumber(try fields.integer("seq", 1...numberLimit)), state: .named(try fields.string("state")))
        case "VIEW-CHANGE":
            try fields.requireKnownKeys(["type", "view", "checkpoint", "state", "prepared"], what: "a VIEW-CHANGE message")
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
        case "NEW-VIEW":
            try fields.requireKnownKeys(["type", "view", "checkpoint", "state", "o", "view_changes"], what: "a NEW-VIEW message")
            return try newView(fields, names: &names)
        default:
            throw fields.failure("type", "unknown message type \"\(type)\"; types are \(types.joined(separator: ", "))")
        }
    }

    /// The state of `checkpoint`: the genesis state at 0 unless named, else the name (required).
    static func state(_ fields: EventFields, checkpoint: Int) throws -> LedgerState {
        if fields.value("state") != nil { return .named(try fields.string("state")) }
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
