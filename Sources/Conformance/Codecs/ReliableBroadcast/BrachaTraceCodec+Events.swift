import MessagePassing
import ProtocolSpecs

/// Reading the events of a reliable-broadcast trace.
extension BrachaTraceCodec {
    /// The event kinds, in the order errors list them.
    static let eventKinds = ["broadcast", "send", "recv", "deliver", "stable"]
    /// `eventKinds`, matched in place.
    static let eventKeywords = TraceKeywords(eventKinds)
    static let common = ["replica", "lsn", "event"]
    /// The keys each event kind allows (`eventKinds`' order).
    static let eventKeys: [TraceKeywords] = [
        ["instance", "value"], ["instance", "message"], ["instance", "from", "message"], ["instance", "value"], ["instance"],
    ].map { TraceKeywords(common + $0) }
    /// A message's keys.
    static let messageKeys = TraceKeywords(["kind", "value"])
    /// The message kinds, in the spec's order.
    static let kinds = BroadcastMessage.Kind.allCases
    /// `kinds`, matched in place.
    static let messageKinds = TraceKeywords(kinds.map(\.rawValue))

    /// Reads one event line.
    public func decode(_ fields: EventFields, spec: ReliableBroadcast, names: inout NoNames) throws -> CodecEvent<Self> {
        guard let position = try fields.keyword("event", in: Self.eventKeywords) else {
            let kind = try fields.string("event")
            throw fields.failure(
                "event", "unknown event \"\(kind)\"; reliable-broadcast events are \(Self.eventKinds.joined(separator: ", "))")
        }
        let kind = Self.eventKinds[position]
        let keys = Self.eventKeys[position]
        switch position {
        case 0, 3:  // broadcast, deliver
            try fields.requireKnownKeys(keys, what: "a \(kind) event")
            let instance = try fields.unsigned("instance", minimum: 1)
            let value = try Self.value(fields, "value", spec: spec)
            return CodecEvent(.input(position == 0 ? .broadcast(value) : .deliver(value), instance: instance))
        case 1:  // send
            try fields.requireKnownKeys(keys, what: "a send event")
            let instance = try fields.unsigned("instance", minimum: 1)
            return CodecEvent(.sent(try Self.message(fields.object("message"), spec: spec), instance: instance))
        case 2:  // recv
            try fields.requireKnownKeys(keys, what: "a recv event")
            let instance = try fields.unsigned("instance", minimum: 1)
            let sender = try fields.replica("from")
            return CodecEvent(.received(try Self.message(fields.object("message"), spec: spec), from: sender, instance: instance))
        case 4:  // stable
            try fields.requireKnownKeys(keys, what: "a stable event")
            return CodecEvent(nil, stable: try fields.unsigned("instance", minimum: 1))
        default:
            preconditionFailure("event kind \(kind) is listed but not read")
        }
    }

    /// A message `{"kind": "ECHO", "value": "a"}`.
    static func message(_ fields: EventFields, spec: ReliableBroadcast) throws -> BroadcastMessage {
        try fields.requireKnownKeys(messageKeys, what: "a message")
        guard let position = try fields.keyword("kind", in: messageKinds) else {
            let name = try fields.string("kind")
            throw fields.failure(
                "kind", "unknown kind \"\(name)\"; kinds are \(BroadcastMessage.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return BroadcastMessage(kinds[position], try value(fields, "value", spec: spec))
    }

    /// A value letter within the header's `values`.
    static func value(_ fields: EventFields, _ key: StaticString, spec: ReliableBroadcast) throws -> BroadcastValue {
        let code = try fields.withString(key) { bytes -> Int? in
            guard bytes.count == 1, bytes[0] >= UInt8(ascii: "a"), Int(bytes[0] - UInt8(ascii: "a")) < spec.valueCount else { return nil }
            return Int(bytes[0] - UInt8(ascii: "a"))
        }
        guard let code else {
            let text = try fields.string(key)
            let last = BroadcastValue(spec.valueCount - 1)
            throw fields.failure(
                key.description, "expected a value a…\(last) (the header's params.values = \(spec.valueCount)), got \"\(text)\"")
        }
        return BroadcastValue(code)
    }
}
