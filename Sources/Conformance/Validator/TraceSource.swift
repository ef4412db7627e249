import MessagePassing

/// One file of a version-2 run, read lazily: its header, and one decoded event at a time (the
/// head), so that the validator merges per-replica files without holding any of them.
final class TraceSource<Codec: TraceCodec> {
    /// An event read and decoded, with where it was written. Its first observation is kept in its
    /// parts (a receipt has a message and a sender, a send a message, an input an input), not as
    /// an `Observation`; the head is updated field by field and the validator reads its fields in
    /// place: a whole value of a generic type such as this one is copied and destroyed through its
    /// value witnesses (about 300 instructions each, measured with callgrind), several times an
    /// event otherwise.
    struct Event {
        /// The replica whose event it is.
        var replica: ReplicaID
        /// Its log sequence number.
        var lsn: Int
        /// Where it was written.
        var location: TraceLocation
        /// The instance of the first observation (`nil`: the event only moves the stable point).
        var instance: Codec.Instance? = nil
        /// The message received or sent.
        var message: Codec.Spec.Message? = nil
        /// The sender of a message received.
        var sender: ReplicaID? = nil
        /// The input taken.
        var input: Codec.Spec.Input? = nil
        /// Further observations (`CodecEvent.more`).
        var more: [Observation<Codec>] = []
        /// The replica's new stable point, if the event moves it.
        var stable: Codec.Mark? = nil
        /// A divergence in the implementation's own values (`CodecEvent.problem`).
        var problem: String? = nil

        /// Its first observation as a divergence names it (`Observation.description`), or `event`.
        func describe() -> String {
            guard let instance else { return "event" }
            if let message, let sender { return Observation<Codec>.received(message, from: sender, instance: instance).description }
            if let message { return Observation<Codec>.sent(message, instance: instance).description }
            if let input { return Observation<Codec>.input(input, instance: instance).description }
            return "event"
        }

        /// An event of `replica` that means nothing (a placeholder).
        init(replica: ReplicaID, lsn: Int, location: TraceLocation) {
            self.replica = replica
            self.lsn = lsn
            self.location = location
        }

        /// Becomes the event of `replica` at `line` of the same file that means `meaning`, field by
        /// field (in place: see above).
        mutating func update(replica: ReplicaID, lsn: Int, line: Int, meaning: CodecEvent<Codec>) {
            self.replica = replica
            self.lsn = lsn
            location.line = line
            more = meaning.more
            stable = meaning.stable
            problem = meaning.problem
            switch meaning.observation {
            case .some(.received(let message, let sender, let instance)):
                (self.message, self.sender, self.input, self.instance) = (message, sender, nil, instance)
            case .some(.sent(let message, let instance)):
                (self.message, self.sender, self.input, self.instance) = (message, nil, nil, instance)
            case .some(.input(let input, let instance)):
                (self.message, self.sender, self.input, self.instance) = (nil, nil, input, instance)
            case .none:
                (self.message, self.sender, self.input, self.instance) = (nil, nil, nil, nil)
            }
        }
    }

    let reader: TraceLineReader
    /// The file's header.
    let header: TraceHeaderV2
    /// The next event, when `hasHead` (an `Optional` of it would be handled through its generic
    /// metadata, in the validator's inner loop).
    private(set) var head: Event
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
        head = Event(replica: ReplicaID(0), lsn: 0, location: TraceLocation(file: path, line: 0))
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
                if let usual = codec.decodeUsualLine(bytes, replicas: context.replicas, spec: spec, names: &valueNames),
                    own == nil || usual.replica == own, !faulty.contains(usual.replica)
                {
                    self.head.update(replica: usual.replica, lsn: usual.lsn, line: line, meaning: usual.event)
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
