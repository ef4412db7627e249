/// One replica's log in the bftcheck trace format (Docs/trace-format.md): it reads the replica's
/// actions in the order the host performs them and writes a `send` event per protocol message sent and
/// an event per `TraceStep`, numbered by `lsn` from 1 without gaps.
///
/// Message ids are derived from the content (`ProtocolMessage.traceID`), so the receiver names the
/// message exactly as the sender did without an id on the wire.
public struct ReplicaTraceLog: Sendable {
    /// Whose log this is.
    public let replica: ReplicaID
    /// The NDJSON event lines written so far (without the header).
    public private(set) var lines: [String] = []
    /// The lsn of the last event.
    public var lastLSN: Int { lines.count }

    /// For each client, its latest reply's timestamp, the digest of the batch that executed the
    /// request, and whether the batch held that request alone: what a reply resent to a
    /// retransmitted request names (Castro & Liskov §4.1). One entry per client.
    private var lastReplies: [ClientID: (timestamp: UInt64, digest: Digest, alone: Bool)] = [:]

    /// An empty log of `replica`.
    public init(replica: ReplicaID) { self.replica = replica }

    /// Appends the events of `actions`, in order, but for replies: the replica emits a batch's
    /// replies before recording its execution, and the format logs a step before what it causes, so
    /// they follow the `executed` event of their batch (a reply resent from the client table follows
    /// the other events of its actions).
    public mutating func append(_ actions: [ReplicaAction]) {
        var replies: [ClientReply] = []
        for action in actions {
            switch action {
            case .record(let step):
                append(step)
                if case .executed(_, let digest, let results) = step {
                    for reply in replies { lastReplies[reply.client] = (reply.timestamp, digest, results.count == 1) }
                    appendReplies(&replies)
                }
            case .reply(let reply): replies.append(reply)
            case .send(let message, let destinations):
                guard let id = message.traceID, let content = Self.content(of: message), !destinations.isEmpty else { continue }
                var event = newEvent("send")
                event.add("msg", string: id)
                event.add("to", strings: destinations.sorted().map(\.description))
                event.add("message", object: content)
                lines.append(event.text)
            case .setTimer, .cancelTimer, .dropped, .persist, .truncateLog: continue
            }
        }
        appendReplies(&replies)
    }

    /// A `reply` event for each of `replies` whose request's batch is known, then none left: the
    /// batch's digest, the reply's view, client and timestamp, and its result when the batch held
    /// the request alone (a batch's `executed` result joins the results of all its requests).
    private mutating func appendReplies(_ replies: inout [ClientReply]) {
        for reply in replies {
            guard let last = lastReplies[reply.client], last.timestamp == reply.timestamp else { continue }
            var event = newEvent("reply")
            event.add("digest", string: TraceJSON.name(of: last.digest))
            event.add("view", reply.view.number)
            event.add("client", string: reply.client.description)
            event.add("timestamp", Int(clamping: reply.timestamp))
            if last.alone { event.add("result", string: String(decoding: reply.result, as: UTF8.self)) }
            lines.append(event.text)
        }
        replies.removeAll()
    }

    private func newEvent(_ kind: String) -> TraceJSON.Object {
        var event = TraceJSON.Object()
        event.add("replica", string: replica.description)
        event.add("lsn", lines.count + 1)
        event.add("event", string: kind)
        return event
    }

    private mutating func append(_ step: TraceStep) {
        switch step {
        case .received(let message, let sender):
            guard let id = message.traceID, let content = Self.content(of: message) else { return }
            var event = newEvent("recv")
            event.add("msg", string: id)
            event.add("from", string: sender.description)
            event.add("message", object: content)
            lines.append(event.text)
        case .request(let batch):
            var event = newEvent("request")
            event.add("digest", string: TraceJSON.name(of: batch.digest))
            if batch.requests.count > 1 { event.add("x-requests", strings: batch.requests.map(\.digest.hex)) }
            lines.append(event.text)
        case .prePrepared(let view, let sequence, let digest): lines.append(slotEvent("pre-prepared", view, sequence, digest).text)
        case .prepared(let view, let sequence, let digest): lines.append(slotEvent("prepared", view, sequence, digest).text)
        case .committed(let view, let sequence, let digest): lines.append(slotEvent("committed", view, sequence, digest).text)
        case .executed(let sequence, let digest, let results):
            var event = newEvent("executed")
            event.add("seq", sequence.number)
            event.add("digest", string: TraceJSON.name(of: digest))
            if digest != .zero { event.add("result", string: results.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ";")) }
            lines.append(event.text)
        case .checkpoint(let sequence, let state):
            var event = newEvent("checkpoint")
            event.add("seq", sequence.number)
            event.add("state", string: state.hex)
            lines.append(event.text)
        case .checkpointStable(let sequence, let state):
            var event = newEvent("checkpoint-stable")
            event.add("seq", sequence.number)
            event.add("state", string: state.hex)
            lines.append(event.text)
        case .viewChange(let view):
            var event = newEvent("view-change")
            event.add("view", view.number)
            lines.append(event.text)
        case .newView(let view, let checkpoint, let state, let o):
            var event = newEvent("new-view")
            event.add("view", view.number)
            event.add("checkpoint", checkpoint.number)
            if checkpoint > .genesis { event.add("state", string: state.hex) }
            event.add("o", strings: o.map(TraceJSON.name(of:)))
            lines.append(event.text)
        }
    }

    private func slotEvent(_ kind: String, _ view: ViewNumber, _ sequence: SequenceNumber, _ digest: Digest) -> TraceJSON.Object {
        var event = newEvent(kind)
        event.add("view", view.number)
        event.add("seq", sequence.number)
        event.add("digest", string: TraceJSON.name(of: digest))
        return event
    }

    /// The `message` object of a send or receive, or `nil` for messages the format does not have.
    static func content(of message: ProtocolMessage) -> TraceJSON.Object? {
        var object = TraceJSON.Object()
        func vote(_ type: String, _ view: ViewNumber, _ sequence: SequenceNumber, _ digest: Digest) {
            object.add("type", string: type)
            object.add("view", view.number)
            object.add("seq", sequence.number)
            object.add("digest", string: TraceJSON.name(of: digest))
        }
        switch message {
        case .prePrepare(let m): vote("PRE-PREPARE", m.view, m.sequence, m.batch.digest)
        case .prepare(let m): vote("PREPARE", m.view, m.sequence, m.digest)
        case .commit(let m): vote("COMMIT", m.view, m.sequence, m.digest)
        case .checkpoint(let m):
            object.add("type", string: "CHECKPOINT")
            object.add("seq", m.sequence.number)
            object.add("state", string: m.stateDigest.hex)
        case .viewChange(let m):
            object.add("type", string: "VIEW-CHANGE")
            object.add("view", m.view.number)
            object.add("checkpoint", m.checkpoint.number)
            if m.checkpoint > .genesis { object.add("state", string: m.checkpointDigest.hex) }
            let prepared = m.prepared.map { certificate -> String in
                var entry = TraceJSON.Object()
                entry.add("seq", certificate.sequence.number)
                entry.add("view", certificate.view.number)
                entry.add("digest", string: TraceJSON.name(of: certificate.batch.digest))
                return entry.text
            }
            object.add("prepared", raw: "[" + prepared.joined(separator: ",") + "]")
        case .newView(let m):
            object.add("type", string: "NEW-VIEW")
            object.add("view", m.view.number)
            object.add("checkpoint", m.checkpoint.number)
            if m.checkpoint > .genesis { object.add("state", string: m.checkpointDigest.hex) }
            object.add("o", strings: m.batches.map { TraceJSON.name(of: $0.digest) })
            object.add("view_changes", strings: m.viewChanges.map(\.sender.description))
        case .fetchState, .state: return nil
        }
        return object
    }
}
