import MessagePassing
import ProtocolSpecs

/// Reading the events of a PBFT trace in the usual writers' shape in one pass (`decodeUsualLine`):
/// `replica`, `lsn` and `event` first, then the kind's keys in the order `Docs/trace-format.md`
/// lists them, no blanks. `bftcheck simulate` and the trace synthesizer write every line so. The
/// values are read as `decode(_:spec:names:)` reads them, and the line means what it means there;
/// `PBFTUsualLineTests` checks both on every line of long runs and on lines just off the shape.
extension PBFTTraceCodec {
    /// The meaning of a usual line of the normal case, of checkpoints or of a request (the kinds
    /// most of a run's lines are); `nil` for any other line, which `decode` reads.
    public func decodeUsualLine(
        _ line: UnsafeBufferPointer<UInt8>, replicas: TraceKeywords, spec: PBFTLayer, names: inout PBFTTraceNames,
        into event: inout DecodedEvent<Self>
    )
        -> (replica: ReplicaID, lsn: Int)?
    {
        var cursor = TraceLineCursor(line)
        guard let (replica, lsn, kind) = cursor.eventStart(replicas: replicas), let position = Self.eventKeywords.index(of: kind),
            let kind = EventKind(rawValue: position)
        else { return nil }
        let run = Self.run
        switch kind {
        case .recv:
            guard cursor.literal(#","msg":"#), cursor.string() != nil, cursor.literal(#","from":"#),
                let name = cursor.string(), let sender = replicas.index(of: name), cursor.literal(#","message":"#),
                let message = Self.usualMessage(&cursor, names: &names)
            else { return nil }
            event.received(message, from: ReplicaID(sender), instance: run)
        case .send:
            guard cursor.literal(#","msg":"#), cursor.string() != nil, cursor.literal(#","to":"#), cursor.stringArray(),
                cursor.literal(#","message":"#), let message = Self.usualMessage(&cursor, names: &names)
            else { return nil }
            event.sent(message, instance: run)
        case .prePrepared, .prepared, .committed:
            guard cursor.literal(#","view":"#), let view = cursor.integer(0...Self.numberLimit), cursor.literal(#","seq":"#),
                let slot = cursor.integer(1...Self.numberLimit), cursor.literal(#","digest":"#), let name = cursor.nonEmptyString()
            else { return nil }
            Self.slotStep(
                kind, view: View(view), slot: SequenceNumber(slot), digest: names.digest(bytes: name), replica: replica, spec: spec,
                into: &event)
        case .executed:
            // Without a result (a line with one is left to `decode`, which records it once).
            guard cursor.literal(#","seq":"#), let slot = cursor.integer(1...Self.numberLimit), cursor.literal(#","digest":"#),
                let name = cursor.nonEmptyString()
            else { return nil }
            event.took(.execute(SequenceNumber(slot), names.digest(bytes: name)), instance: run)
        case .checkpoint, .checkpointStable:
            guard cursor.literal(#","seq":"#), let slot = cursor.integer(1...Self.numberLimit), cursor.literal(#","state":"#),
                let state = cursor.nonEmptyString()
            else { return nil }
            Self.checkpointStep(kind, slot: slot, state: state, into: &event)
        case .request:
            guard cursor.literal(#","digest":"#), let name = cursor.nonEmptyString() else { return nil }
            _ = names.digest(bytes: name)
            event.meansNothing()
        case .viewChange, .newView, .reply:
            return nil
        }
        guard cursor.literal("}"), cursor.isAtEnd else { return nil }
        return (replica, lsn)
    }

    /// A `message` object of the usual shape: PRE-PREPARE, PREPARE or COMMIT
    /// (`{"type","view","seq","digest"}`) or CHECKPOINT (`{"type","seq","state"}`), as
    /// `message(_:names:)` reads it; `nil` for any other.
    static func usualMessage(_ cursor: inout TraceLineCursor, names: inout PBFTTraceNames) -> PBFTMessage? {
        guard cursor.literal(#"{"type":"#), let type = cursor.nonEmptyString(), let position = typeKeywords.index(of: type) else {
            return nil
        }
        switch position {
        case 0, 1, 2:  // PRE-PREPARE, PREPARE, COMMIT
            guard cursor.literal(#","view":"#), let view = cursor.integer(0...numberLimit), cursor.literal(#","seq":"#),
                let slot = cursor.integer(1...numberLimit), cursor.literal(#","digest":"#), let name = cursor.nonEmptyString(),
                cursor.literal("}")
            else { return nil }
            return vote(position, View(view), SequenceNumber(slot), names.digest(bytes: name))
        case 3:  // CHECKPOINT
            guard cursor.literal(#","seq":"#), let slot = cursor.integer(1...numberLimit), cursor.literal(#","state":"#),
                let state = cursor.nonEmptyString(), cursor.literal("}")
            else { return nil }
            return .checkpoint(SequenceNumber(slot), state: .named(String(decoding: state, as: UTF8.self)))
        default:
            return nil
        }
    }
}
