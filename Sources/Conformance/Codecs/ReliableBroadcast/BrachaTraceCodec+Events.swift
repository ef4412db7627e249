import MessagePassing
import ProtocolSpecs

/// Reading the events of a reliable-broadcast trace.
extension BrachaTraceCodec {
    /// The event kinds, in the order errors list them.
    static let eventKinds = ["broadcast", "send", "recv", "deliver", "stable"]
    static let common = ["replica", "lsn", "event"]

    /// Reads one event line.
    public func decode(kind: String, _ fields: EventFields, spec: ReliableBroadcast, names: inout NoNames) throws -> CodecEvent<Self> {
        switch kind {
        case "broadcast", "deliver":
            try fields.requireKnownKeys(Self.common + ["instance", "value"], what: "a \(kind) event")
            let instance = try fields.unsigned("instance", minimum: 1)
            let value = try Self.value(fields, "value", spec: spec)
            return CodecEvent(.input(kind == "broadcast" ? .broadcast(value) : .deliver(value), instance: instance))
        case "send":
            try fields.requireKnownKeys(Self.common + ["instance", "message"], what: "a send event")
            let instance = try fields.unsigned("instance", minimum: 1)
            return CodecEvent(.sent(try Self.message(fields.object("message"), spec: spec), instance: instance))
        case "recv":
            try fields.requireKnownKeys(Self.common + ["instance", "from", "message"], what: "a recv event")
            let instance = try fields.unsigned("instance", minimum: 1)
            let sender = try fields.replica("from")
            return CodecEvent(.received(try Self.message(fields.object("message"), spec: spec), from: sender, instance: instance))
        case "stable":
            try fields.requireKnownKeys(Self.common + ["instance"], what: "a stable event")
            return CodecEvent(nil, stable: try fields.unsigned("instance", minimum: 1))
        default:
            throw fields.failure(
                "event", "unknown event \"\(kind)\"; reliable-broadcast events are \(Self.eventKinds.joined(separator: ", "))")
        }
    }

    /// A message `{"kind": "ECHO", "value": "a"}`.
    static func message(_ fields: EventFields, spec: ReliableBroadcast) throws -> BroadcastMessage {
        try fields.requireKnownKeys(["kind", "value"], what: "a message")
        let name = try fields.string("kind")
        guard let kind = BroadcastMessage.Kind(rawValue: name) else {
            throw fields.failure(
                "kind", "unknown kind \"\(name)\"; kinds are \(BroadcastMessage.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return BroadcastMessage(kind, try value(fields, "value", spec: spec))
    }

    /// A value letter within the header's `values`.
    static func value(_ fields: EventFields, _ key: String, spec: ReliableBroadcast) throws -> BroadcastValue {
        let text = try fields.string(key)
        guard text.utf8.count == 1, let byte = text.utf8.first, byte >= UInt8(ascii: "a"),
            Int(byte - UInt8(ascii: "a")) < spec.valueCount
        else {
            let last = BroadcastValue(spec.valueCount - 1)
            throw fields.failure(key, "expected a value a…\(last) (the header's params.values = \(spec.valueCount)), got \"\(text)\"")
        }
        return BroadcastValue(Int(byte - UInt8(ascii: "a")))
    }
}
