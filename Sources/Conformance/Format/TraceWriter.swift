import MessagePassing
import ProtocolSpecs

/// Writes headers and events as trace lines, with fields in the documented order, so that the same
/// events always give the same bytes.
public enum TraceWriter {
    /// The header line (without newline).
    public static func headerLine(_ header: TraceHeader) -> String {
        var members: [JSONValue.Member] = [
            .init("format", .string(TraceFormat.name)), .init("protocol", .string(TraceFormat.pbft)),
        ]
        if let replica = header.replica { members.append(.init("replica", .string(header.name(of: replica)))) }
        members += [
            .init("n", .integer(header.replicaCount)), .init("f", .integer(header.faultThreshold)),
            .init("replicas", .array(header.replicaNames.map(JSONValue.string))),
            .init("faulty", names(Array(header.faulty), header)),
        ]
        if !header.crashed.isEmpty { members.append(.init("crashed", names(Array(header.crashed), header))) }
        if let quorum = header.quorum { members.append(.init("quorum", .integer(quorum))) }
        if let quorum = header.newViewQuorum { members.append(.init("newview_quorum", .integer(quorum))) }
        members.append(.init("checkpoint_interval", .integer(header.checkpointInterval)))
        if let window = header.window { members.append(.init("window", .integer(window))) }
        members.append(.init("requests", .array(header.requests.map(JSONValue.string))))
        if header.nullDigest != TraceFormat.defaultNullDigest { members.append(.init("null_digest", .string(header.nullDigest))) }
        if let implementation = header.implementation { members.append(.init("implementation", .string(implementation))) }
        return JSONWriter.compact(.object(members))
    }

    /// The line of `event` (without newline).
    public static func line(_ event: TraceEvent, _ header: TraceHeader) -> String {
        var members: [JSONValue.Member] = [
            .init("replica", .string(header.name(of: event.replica))), .init("lsn", .integer(event.lsn)),
            .init("event", .string(event.body.kind.rawValue)),
        ]
        switch event.body {
        case .send(let msg, let to, let message):
            members += [.init("msg", .string(msg)), .init("to", names(to, header)), .init("message", json(message, header))]
        case .receive(let msg, let from, let message):
            members += [.init("msg", .string(msg)), .init("from", .string(header.name(of: from)))]
            if let message { members.append(.init("message", json(message, header))) }
        case .request(let digest): members.append(.init("digest", .string(digest)))
        case .prePrepared(let view, let seq, let digest), .prepared(let view, let seq, let digest),
            .committed(let view, let seq, let digest):
            members += [.init("view", .integer(view.number)), .init("seq", .integer(seq.number)), .init("digest", .string(digest))]
        case .executed(let seq, let digest, let result):
            members += [.init("seq", .integer(seq.number)), .init("digest", .string(digest))]
            if let result { members.append(.init("result", .string(result))) }
        case .checkpointTaken(let seq, let state), .checkpointStable(let seq, let state):
            members += [.init("seq", .integer(seq.number)), .init("state", .string(state))]
        case .viewChangeStarted(let view): members.append(.init("view", .integer(view.number)))
        case .newViewEntered(let content): members += newViewMembers(content, header)
        }
        return JSONWriter.compact(.object(members))
    }

    /// A whole file: the header line, then one line per event, each ending in a newline.
    public static func file(_ header: TraceHeader, _ events: [TraceEvent]) -> String {
        var text = headerLine(header) + "\n"
        for event in events { text += line(event, header) + "\n" }
        return text
    }

    /// The JSON object of a message.
    public static func json(_ message: TraceMessage, _ header: TraceHeader) -> JSONValue {
        var members: [JSONValue.Member] = [.init("type", .string(message.type.rawValue))]
        switch message {
        case .prePrepare(let view, let seq, let digest), .prepare(let view, let seq, let digest), .commit(let view, let seq, let digest):
            members += [.init("view", .integer(view.number)), .init("seq", .integer(seq.number)), .init("digest", .string(digest))]
        case .checkpoint(let seq, let state):
            members += [.init("seq", .integer(seq.number)), .init("state", .string(state))]
        case .viewChange(let content):
            members += [.init("view", .integer(content.view.number)), .init("checkpoint", .integer(content.checkpoint.number))]
            if let state = content.state { members.append(.init("state", .string(state))) }
            let claims: [JSONValue] = content.prepared.map { claim in
                .object([
                    .init("seq", .integer(claim.seq.number)), .init("view", .integer(claim.view.number)),
                    .init("digest", .string(claim.digest)),
                ])
            }
            members.append(.init("prepared", .array(claims)))
        case .newView(let content):
            members += newViewMembers(content, header)
            if let senders = content.viewChanges { members.append(.init("view_changes", names(senders, header))) }
        }
        return .object(members)
    }

    private static func newViewMembers(_ content: NewViewContent, _ header: TraceHeader) -> [JSONValue.Member] {
        var members: [JSONValue.Member] = [
            .init("view", .integer(content.view.number)), .init("checkpoint", .integer(content.checkpoint.number)),
        ]
        if let state = content.state { members.append(.init("state", .string(state))) }
        members.append(.init("o", .array(content.proposals.map(JSONValue.string))))
        return members
    }

    private static func names(_ replicas: [ReplicaID], _ header: TraceHeader) -> JSONValue {
        .array(replicas.map { .string(header.name(of: $0)) })
    }
}
