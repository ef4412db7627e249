import MessagePassing

/// One file of a version-2 run, read lazily: its header, and one decoded event at a time (the
/// head), so that the validator merges per-replica files without holding any of them.
final class TraceSource<Codec: TraceCodec> {
    let reader: TraceLineReader
    /// The file's header.
    let header: TraceHeaderV2
    /// The next event, when `hasHead` (an `Optional` of it would be handled through its generic
    /// metadata, in the validator's inner loop).
    private(set) var head: DecodedEvent<Codec>
    /// Whether `head` is an event of the file (not past its end).
    private(set) var hasHead = false
    private let context: TraceLineContext
    /// Room for the members of the line being read, kept from line to line.
    private var memberStorage: [ScannedObject.Member] = []
    /// The replicas declared faulty, which have no log.
    private let faulty: ReplicaSet

    /// Opens `reader` and reads its header.
    ///
    /// - Throws: `MalformedTrace`.
    init(_ reader: TraceLineReader) throws {
        self.reader = reader
        let path = reader.path
        let parsed = try reader.nextLine { bytes, line -> TraceHeaderV2 in
            let fields = try TraceFields.line(bytes, path: path, line: line)
            if fields.value("event") != nil && fields.value("format") == nil {
                throw fields.failure(
                    nil, "the first line must be the header (with \"format\": \"\(TraceHeaderV2.formatName)\"), not an event")
            }
            return try TraceHeaderV2.read(fields)
        }
        guard let parsed else { throw MalformedTrace(path, 1, "empty file: the first line must be the header") }
        header = parsed
        context = TraceLineContext(file: path, replicaNames: parsed.replicaNames)
        faulty = parsed.byzantine.union(parsed.crashed)
        head = DecodedEvent(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: path, line: 0))
    }

    /// Reads the next event into `head` (`hasHead` is false at the end of the file).
    ///
    /// - Throws: `MalformedTrace`.
    func advance(codec: Codec, spec: Codec.Spec, names valueNames: inout Codec.Names) throws {
        let path = reader.path
        let context = context
        let own = header.replica
        let faulty = faulty
        hasHead = false
        hasHead =
            try reader.nextLine { bytes, line -> Void in
                // A line of the usual writers' shape is read in one pass by the codec, when it knows
                // the shape and the replica may log here; any other line as below.
                // The parts are written into the head in place; a line the reader leaves, or whose
                // replica may not log here, is read again below, which writes every part anew.
                if let (replica, lsn) = codec.decodeUsualLine(
                    bytes, replicas: context.replicas, spec: spec, names: &valueNames, into: &self.head),
                    own == nil || replica == own, !faulty.contains(replica)
                {
                    self.head.replica = replica
                    self.head.lsn = lsn
                    self.head.location.line = line
                    return
                }
                // The usual shape is read in place; anything else by the strict parser (which words the error).
                let fields: EventFields
                if let scanned = ScannedObject.scan(bytes, reusing: &self.memberStorage) {
                    fields = EventFields(scanned, context: context, line: line)
                } else {
                    fields = EventFields(try TraceFields.line(bytes, path: path, line: line), context: context)
                }
                // The usual line's common fields in one pass; any other line's one by one, in this order.
                let common = fields.replicaAndLSN()
                if common == nil, fields.contains("format") { throw fields.failure("format", "a second header; only line 1 is a header") }
                let replica = try common?.replica ?? fields.replica("replica")
                if let own, replica != own {
                    throw fields.failure(
                        "replica",
                        "this file holds \(self.header.name(of: own))'s log (its header says so), not \(self.header.name(of: replica))'s")
                }
                if faulty.contains(replica) {
                    throw fields.failure(
                        "replica", "\(self.header.name(of: replica)) is declared faulty: faulty replicas have no log to judge")
                }
                let lsn = try common?.lsn ?? fields.integer("lsn", 1...Int.max)
                // The kind is the codec's to read (`EventFields.keyword`); its errors are checked here.
                if common == nil { try fields.withString("event") { _ in } }
                let meaning = try codec.decode(fields, spec: spec, names: &valueNames)
                self.head.update(replica: replica, lsn: lsn, line: line, meaning: meaning)
            } != nil
    }
}

extension TraceFields {
    /// One trace line's JSON object.
    ///
    /// - Throws: `MalformedTrace` for bad JSON or a line that is not an object.
    static func line(_ bytes: UnsafeBufferPointer<UInt8>, path: String, line: Int) throws -> TraceFields {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MalformedTrace(path, line, "invalid JSON at column \(error.offset + 1): \(error.problem)")
        }
        guard case .object(let members) = value else {
            throw MalformedTrace(path, line, "expected a JSON object, got \(value.kindDescription)")
        }
        return TraceFields(members, file: path, line: line)
    }
}
