import Foundation
import MessagePassing

/// The input of one conformance check: either one merged file or one file per replica, with the
/// headers agreeing, each replica's log in `lsn` order, and every message id used consistently.
public struct TraceRun: Sendable {
    /// A message's identity: its sender and the id the sender gave it.
    public struct MessageKey: Hashable, Sendable {
        /// The sender.
        public var sender: ReplicaID
        /// The sender's id for the message.
        public var msg: String

        /// A key.
        public init(sender: ReplicaID, msg: String) {
            self.sender = sender
            self.msg = msg
        }
    }

    /// The first send of a message in its sender's log.
    public struct SendRecord: Sendable {
        /// Where it was logged.
        public var location: TraceLocation
        /// Its content.
        public var message: TraceMessage
        /// Its position in the sender's log.
        public var lsn: Int
    }

    /// The header the files share (without `replica`).
    public var header: TraceHeader
    /// The files, in the order given.
    public var files: [TraceFile]
    /// Whether the run is one merged file, whose line order is the claimed global order.
    public var isMerged: Bool
    /// Each replica's log in `lsn` order (empty for a replica without a log).
    public var logs: [[TraceEvent]]
    /// For a merged run, every event in file order.
    public var mergedOrder: [TraceEvent]
    /// The first send of every message, by sender and id.
    public var sends: [MessageKey: SendRecord]

    /// The number of events in the run.
    public var eventCount: Int { logs.reduce(0) { $0 + $1.count } }

    /// Reads a run from `paths`: files, or directories whose `*.ndjson` files (sorted) are added.
    ///
    /// - Throws: `MalformedTrace`.
    public static func load(_ paths: [String]) throws -> TraceRun {
        var files: [TraceFile] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let traces = names.filter { $0.hasSuffix(".ndjson") }.sorted()
                if traces.isEmpty { throw MalformedTrace(path, 0, "the directory has no .ndjson trace files") }
                for name in traces { files.append(try TraceReader.read((path as NSString).appendingPathComponent(name))) }
            } else {
                files.append(try TraceReader.read(path))
            }
        }
        return try TraceRun(files: files)
    }

    /// Assembles a run from parsed files, checking that they fit together.
    ///
    /// - Throws: `MalformedTrace` naming the file (and line) that does not fit.
    public init(files: [TraceFile]) throws {
        guard let first = files.first else { throw MalformedTrace("(no files)", 0, "no trace files given") }
        header = first.header.shared
        self.files = files
        for file in files.dropFirst() where file.header.shared != header {
            throw MalformedTrace(
                file.path, 1, field: Self.firstDifference(file.header.shared, header), "differs from the header of \(first.path)")
        }
        let merged = files.filter { $0.header.replica == nil }
        isMerged = !merged.isEmpty
        if isMerged && files.count > 1 {
            throw MalformedTrace(
                merged[0].path, 1, field: "replica",
                "a merged file (a header without \"replica\") must be the only file of a run; got \(files.count) files")
        }
        var owner: [ReplicaID: String] = [:]
        for file in files {
            guard let replica = file.header.replica else { continue }
            if let other = owner[replica] {
                throw MalformedTrace(file.path, 1, field: "replica", "\(header.name(of: replica))'s log is also in \(other)")
            }
            owner[replica] = file.path
        }
        logs = Array(repeating: [], count: header.replicaCount)
        mergedOrder = isMerged ? files[0].events : []
        for file in files {
            for event in file.events { logs[event.replica.index].append(event) }
        }
        sends = [:]
        try indexMessages()
    }

    /// Indexes first sends and checks ids and contents: a sender reuses an id only to resend the same
    /// content, and a receive from a faulty replica carries its content unless the faulty replica
    /// logged the send.
    private mutating func indexMessages() throws {
        for log in logs {
            for event in log {
                guard case .send(let msg, _, let message) = event.body else { continue }
                let key = MessageKey(sender: event.replica, msg: msg)
                if let first = sends[key] {
                    if first.message != message {
                        throw MalformedTrace(
                            event.location.file, event.location.line, field: "message",
                            "message id \"\(msg)\" was already used for different content at \(first.location); ids are unique per sender")
                    }
                } else {
                    sends[key] = SendRecord(location: event.location, message: message, lsn: event.lsn)
                }
            }
        }
        for log in logs {
            for event in log {
                guard case .receive(let msg, let from, nil) = event.body, header.faulty.contains(from) else { continue }
                if sends[MessageKey(sender: from, msg: msg)] == nil {
                    throw MalformedTrace(
                        event.location.file, event.location.line, field: "message",
                        "missing: a receive from a faulty replica must carry the message unless the sender's log has its send")
                }
            }
        }
    }

    private static func firstDifference(_ a: TraceHeader, _ b: TraceHeader) -> String {
        if a.replicaNames != b.replicaNames { return "replicas" }
        if a.faultThreshold != b.faultThreshold { return "f" }
        if a.faulty != b.faulty { return "faulty" }
        if a.crashed != b.crashed { return "crashed" }
        if a.quorum != b.quorum { return "quorum" }
        if a.newViewQuorum != b.newViewQuorum { return "newview_quorum" }
        if a.checkpointInterval != b.checkpointInterval { return "checkpoint_interval" }
        if a.window != b.window { return "window" }
        if a.requests != b.requests { return "requests" }
        if a.nullDigest != b.nullDigest { return "null_digest" }
        return "implementation"
    }
}
