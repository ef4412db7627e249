import Foundation
import MessagePassing
import ProtocolSpecs

/// Reads trace files (NDJSON, Docs/trace-format.md) into headers and events, checking everything
/// the format itself requires; every problem is a `MalformedTrace` naming the file, line and field.
public enum TraceReader {
    /// Reads the file at `path`.
    ///
    /// - Throws: `MalformedTrace`.
    public static func read(_ path: String) throws -> TraceFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw MalformedTrace(path, 0, exists ? (isDirectory.boolValue ? "is a directory" : "cannot read the file") : "no such file")
        }
        return try data.withUnsafeBytes { raw in try parse(raw.bindMemory(to: UInt8.self), path: path) }
    }

    /// Parses trace text.
    ///
    /// - Throws: `MalformedTrace`.
    public static func parse(_ text: String, path: String) throws -> TraceFile {
        var copy = text
        let result: Result<TraceFile, Error> = copy.withUTF8 { buffer in Result { try parse(buffer, path: path) } }
        return try result.get()
    }

    /// Parses trace bytes: the header line, then one event per line (blank lines are skipped).
    ///
    /// - Throws: `MalformedTrace`.
    /// - Complexity: O(bytes); the parser is the inner loop of `bftcheck conform`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws -> TraceFile {
        var header: TraceHeader? = nil
        var names: [String: ReplicaID] = [:]
        var events: [TraceEvent] = []
        var nextLSN: [Int] = []
        var lineNumber = 0
        var start = 0
        events.reserveCapacity(bytes.count / 120)
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            var last = end
            if last > start && bytes[last - 1] == 0x0D { last -= 1 }
            var first = start
            while first < last && (bytes[first] == 0x20 || bytes[first] == 0x09) { first += 1 }
            defer { start = next }
            if first == last { continue }
            let line = UnsafeBufferPointer(rebasing: bytes[first..<last])
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                throw MalformedTrace(path, lineNumber, "invalid JSON at column \(first - start + error.offset + 1): \(error.problem)")
            }
            guard case .object(let members) = value else {
                throw MalformedTrace(path, lineNumber, "expected a JSON object, got \(value.kindDescription)")
            }
            let fields = TraceFields(members, file: path, line: lineNumber)
            guard let known = header else {
                let parsed = try parseHeader(fields)
                header = parsed
                for (index, name) in parsed.replicaNames.enumerated() { names[name] = ReplicaID(index) }
                nextLSN = Array(repeating: 1, count: parsed.replicaCount)
                continue
            }
            let event = try parseEvent(fields, header: known, names: names)
            if let own = known.replica, event.replica != own {
                throw fields.failure(
                    "replica", "this file holds \(known.name(of: own))'s log (its header says so), not \(known.name(of: event.replica))'s")
            }
            let expected = nextLSN[event.replica.index]
            guard event.lsn == expected else {
                let who = known.name(of: event.replica)
                throw fields.failure(
                    "lsn",
                    expected == 1
                        ? "\(who)'s log must start at lsn 1, got \(event.lsn): the beginning of the log is missing"
                        : "expected lsn \(expected) for \(who) (one more than its previous event), got \(event.lsn)")
            }
            nextLSN[event.replica.index] = expected + 1
            events.append(event)
        }
        guard let header else { throw MalformedTrace(path, max(lineNumber, 1), "empty file: the first line must be the header") }
        return TraceFile(path: path, header: header, events: events)
    }

    // MARK: Header

    static let headerKeys = [
        "format", "protocol", "replica", "n", "f", "replicas", "faulty", "crashed", "quorum", "newview_quorum",
        "checkpoint_interval", "window", "requests", "null_digest", "implementation",
    ]

    static func parseHeader(_ fields: TraceFields) throws -> TraceHeader {
        if fields.value("event") != nil && fields.value("format") == nil {
            throw fields.failure(nil, "the first line must be the header (with \"format\": \"\(TraceFormat.name)\"), not an event")
        }
        let format = try fields.string("format")
        guard format == TraceFormat.name else {
            if format.hasPrefix(TraceFormat.family) {
                throw fields.failure("format", "unsupported version \"\(format)\"; this bftcheck reads \(TraceFormat.name)")
            }
            throw fields.failure("format", "expected \"\(TraceFormat.name)\", got \"\(format)\"")
        }
        try fields.requireKnownKeys(headerKeys, what: "the header")
        let protocolName = try fields.string("protocol")
        guard protocolName == TraceFormat.pbft else {
            throw fields.failure("protocol", "unknown protocol \"\(protocolName)\"; version 1 knows \"\(TraceFormat.pbft)\"")
        }
        let n = try fields.integer("n", 1...Int.max)
        guard n <= PBFTConfiguration.replicaCapacity else {
            throw fields.failure("n", "\(n) replicas is beyond the PBFT spec's capacity (1...\(PBFTConfiguration.replicaCapacity))")
        }
        let f = try fields.integer("f", 0...(n - 1))
        let (replicaNames, names) = try fields.replicaNames(count: n)
        let faulty = ReplicaSet(fields.value("faulty") == nil ? [] : try fields.replicas("faulty", names))
        let crashed = ReplicaSet(fields.value("crashed") == nil ? [] : try fields.replicas("crashed", names))
        if !faulty.intersection(crashed).isEmpty { throw fields.failure("crashed", "a replica cannot be both faulty and crashed") }
        if faulty.union(crashed).count == n { throw fields.failure("faulty", "at least one replica must be correct") }
        let quorum = try fields.optionalInteger("quorum", 1...n)
        let newViewQuorum = try fields.optionalInteger("newview_quorum", 1...n)
        let interval = try fields.optionalInteger("checkpoint_interval", 0...Int.max) ?? 0
        let window = try fields.optionalInteger("window", 1...Int.max)
        let nullDigest = try fields.optionalString("null_digest") ?? TraceFormat.defaultNullDigest
        var requests: [String] = []
        if fields.value("requests") != nil {
            requests = try fields.strings("requests")
            var seen: Set<String> = []
            for (index, request) in requests.enumerated() {
                if request == nullDigest { throw fields.failure("requests[\(index)]", "the null digest is not a client request") }
                if !seen.insert(request).inserted { throw fields.failure("requests[\(index)]", "\"\(request)\" appears twice") }
            }
        }
        let replica = fields.value("replica") == nil ? nil : try fields.replica("replica", names)
        return TraceHeader(
            replica: replica, replicaNames: replicaNames, faultThreshold: f, faulty: faulty, crashed: crashed, quorum: quorum,
            newViewQuorum: newViewQuorum, checkpointInterval: interval, window: window, requests: requests, nullDigest: nullDigest,
            implementation: try fields.optionalString("implementation"))
    }

    // MARK: Events

    static func parseEvent(_ fields: TraceFields, header: TraceHeader, names: [String: ReplicaID]) throws -> TraceEvent {
        if fields.value("format") != nil { throw fields.failure("format", "a second header; only line 1 is a header") }
        let replica = try fields.replica("replica", names)
        let lsn = try fields.integer("lsn", 1...Int.max)
        let kindName = try fields.string("event")
        guard let kind = TraceFormat.EventKind(rawValue: kindName) else {
            throw fields.failure(
                "event",
                "unknown event \"\(kindName)\"; events are \(TraceFormat.EventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let common = ["replica", "lsn", "event"]
        let body: TraceEvent.Body
        switch kind {
        case .send:
            try fields.requireKnownKeys(common + ["msg", "to", "message"], what: "a send event")
            let to = try fields.replicas("to", names)
            if to.isEmpty { throw fields.failure("to", "must name at least one replica") }
            var seen = ReplicaSet()
            for (index, destination) in to.enumerated() {
                if destination == replica { throw fields.failure("to[\(index)]", "a replica does not send to itself") }
                if seen.contains(destination) { throw fields.failure("to[\(index)]", "\(header.name(of: destination)) appears twice") }
                seen.insert(destination)
            }
            body = .send(msg: try fields.string("msg"), to: to, message: try parseMessage(try fields.object("message"), names: names))
        case .receive:
            try fields.requireKnownKeys(common + ["msg", "from", "message"], what: "a recv event")
            let from = try fields.replica("from", names)
            if from == replica { throw fields.failure("from", "a replica does not receive from itself") }
            let message = fields.value("message") == nil ? nil : try parseMessage(try fields.object("message"), names: names)
            body = .receive(msg: try fields.string("msg"), from: from, message: message)
        case .request:
            try fields.requireKnownKeys(common + ["digest"], what: "a request event")
            body = .request(digest: try fields.string("digest"))
        case .prePrepared, .prepared, .committed:
            try fields.requireKnownKeys(common + ["view", "seq", "digest"], what: "a \(kindName) event")
            let (view, seq, digest) = (try fields.view("view"), try fields.sequence("seq"), try fields.string("digest"))
            body =
                kind == .prePrepared
                ? .prePrepared(view: view, seq: seq, digest: digest)
                : kind == .prepared ? .prepared(view: view, seq: seq, digest: digest) : .committed(view: view, seq: seq, digest: digest)
        case .executed:
            try fields.requireKnownKeys(common + ["seq", "digest", "result"], what: "an executed event")
            body = .executed(
                seq: try fields.sequence("seq"), digest: try fields.string("digest"), result: try fields.optionalString("result"))
        case .checkpoint, .checkpointStable:
            try fields.requireKnownKeys(common + ["seq", "state"], what: "a \(kindName) event")
            let (seq, state) = (try fields.sequence("seq"), try fields.string("state"))
            body = kind == .checkpoint ? .checkpointTaken(seq: seq, state: state) : .checkpointStable(seq: seq, state: state)
        case .viewChange:
            try fields.requireKnownKeys(common + ["view"], what: "a view-change event")
            body = .viewChangeStarted(view: try fields.view("view", minimum: 1))
        case .newView:
            try fields.requireKnownKeys(common + ["view", "checkpoint", "state", "o"], what: "a new-view event")
            body = .newViewEntered(try parseNewView(fields, names: names, allowsViewChanges: false))
        }
        return TraceEvent(replica: replica, lsn: lsn, body: body, location: TraceLocation(file: fields.file, line: fields.line))
    }

    static func parseMessage(_ fields: TraceFields, names: [String: ReplicaID]) throws -> TraceMessage {
        let typeName = try fields.string("type")
        guard let type = TraceFormat.MessageType(rawValue: typeName) else {
            throw fields.failure(
                "type",
                "unknown message type \"\(typeName)\"; types are \(TraceFormat.MessageType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        switch type {
        case .prePrepare, .prepare, .commit:
            try fields.requireKnownKeys(["type", "view", "seq", "digest"], what: "a \(typeName) message")
            let (view, seq, digest) = (try fields.view("view"), try fields.sequence("seq"), try fields.string("digest"))
            switch type {
            case .prePrepare: return .prePrepare(view: view, seq: seq, digest: digest)
            case .prepare: return .prepare(view: view, seq: seq, digest: digest)
            default: return .commit(view: view, seq: seq, digest: digest)
            }
        case .checkpoint:
            try fields.requireKnownKeys(["type", "seq", "state"], what: "a CHECKPOINT message")
            return .checkpoint(seq: try fields.sequence("seq"), state: try fields.string("state"))
        case .viewChange:
            try fields.requireKnownKeys(["type", "view", "checkpoint", "state", "prepared"], what: "a VIEW-CHANGE message")
            let view = try fields.view("view", minimum: 1)
            let checkpoint = try fields.sequence("checkpoint", minimum: 0)
            let state = try checkpointState(fields, checkpoint)
            var claims: [PreparedClaim] = []
            for (index, element) in try fields.array("prepared").enumerated() {
                guard case .object(let members) = element else {
                    throw fields.failure("prepared[\(index)]", "expected an object {seq, view, digest}, got \(element.kindDescription)")
                }
                let claim = TraceFields(members, path: fields.fieldPath("prepared[\(index)]"), file: fields.file, line: fields.line)
                try claim.requireKnownKeys(["seq", "view", "digest"], what: "a prepared certificate")
                let parsed = PreparedClaim(seq: try claim.sequence("seq"), view: try claim.view("view"), digest: try claim.string("digest"))
                if parsed.view >= view { throw claim.failure("view", "a certificate in VIEW-CHANGE(\(view)) must be from an earlier view") }
                if parsed.seq <= checkpoint { throw claim.failure("seq", "certificates cover only sequence numbers above the checkpoint") }
                if let previous = claims.last, previous.seq >= parsed.seq {
                    throw claim.failure("seq", "certificates must be in increasing sequence-number order, one per sequence number")
                }
                claims.append(parsed)
            }
            return .viewChange(ViewChangeContent(view: view, checkpoint: checkpoint, state: state, prepared: claims))
        case .newView:
            try fields.requireKnownKeys(["type", "view", "checkpoint", "state", "o", "view_changes"], what: "a NEW-VIEW message")
            return .newView(try parseNewView(fields, names: names, allowsViewChanges: true))
        }
    }

    static func parseNewView(_ fields: TraceFields, names: [String: ReplicaID], allowsViewChanges: Bool) throws -> NewViewContent {
        let view = try fields.view("view", minimum: 1)
        let checkpoint = try fields.sequence("checkpoint", minimum: 0)
        let state = try checkpointState(fields, checkpoint)
        let proposals = try fields.strings("o")
        guard checkpoint.number + proposals.count <= PBFTConfiguration.sequenceCapacity else {
            throw fields.failure(
                "o",
                "O reaches sequence number \(checkpoint.number + proposals.count), beyond the PBFT spec's capacity (\(PBFTConfiguration.sequenceCapacity))"
            )
        }
        var viewChanges: [ReplicaID]? = nil
        if allowsViewChanges && fields.value("view_changes") != nil {
            viewChanges = try fields.replicas("view_changes", names)
        }
        return NewViewContent(view: view, checkpoint: checkpoint, state: state, proposals: proposals, viewChanges: viewChanges)
    }

    /// The `state` of a checkpoint: required above genesis, absent (or ignored) at 0.
    static func checkpointState(_ fields: TraceFields, _ checkpoint: SequenceNumber) throws -> String? {
        if checkpoint.number == 0 { return nil }
        guard fields.value("state") != nil else {
            throw fields.failure("state", "missing: checkpoint \(checkpoint.number) needs its state digest")
        }
        return try fields.string("state")
    }
}
