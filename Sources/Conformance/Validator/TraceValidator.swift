import MessagePassing

/// Judges version-2 implementation traces of any `ReplicaProtocol` with the spec's own handlers:
/// a run conforms when every event is explained by a step the spec allows, backed by the messages
/// the replica logged receiving, and the whole log is consumed (TLC's rule for trace validation;
/// Cirstea, Kuppe, Merz, Loillier et al., "Validating Traces of Distributed Programs Against TLA+
/// Specifications", 2024).
///
/// The protocol-specific part is a small `TraceCodec`. The validator streams: each file is read
/// one line at a time, per-replica files are merged lazily in causal order (a receipt waits for its
/// send), and only live state is kept — what lies at or below a replica's stable point is dropped —
/// so memory is bounded by the protocol's window, not by the length of the run.
///
/// Divergences carry the event's file and line, the replica's spec state, its enabled steps and the
/// nearest miss, read off the spec's refusal reasons. With `ValidationOptions.reportsAll` the
/// validator reports a divergence, resynchronises the replica to what its log says, and goes on.
public struct TraceValidator<Codec: TraceCodec>: Sendable {
    /// The protocol's codec.
    public let codec: Codec

    /// A validator for `codec`'s protocol.
    public init(codec: Codec) { self.codec = codec }

    /// Judges the run made of the files at `paths`: one merged file, or one file per replica.
    ///
    /// - Throws: `MalformedTrace` for input that breaks the format (exit status 2).
    /// - Complexity: O(events × live state of one instance) time; memory independent of the number
    ///   of events.
    public func validate(paths: [String], options: ValidationOptions = ValidationOptions()) throws -> ValidationReport {
        try validate(readers: try paths.map { try TraceLineReader(path: $0) }, options: options)
    }

    /// Judges a run given as in-memory texts, one per file (tests and synthesized traces).
    ///
    /// - Throws: `MalformedTrace`.
    public func validate(
        texts: [(name: String, text: String)], options: ValidationOptions = ValidationOptions()
    ) throws
        -> ValidationReport
    {
        try validate(readers: texts.map { TraceLineReader(name: $0.name, text: $0.text) }, options: options)
    }

    func validate(readers: [TraceLineReader], options: ValidationOptions) throws -> ValidationReport {
        guard !readers.isEmpty else { throw MalformedTrace("(no files)", 0, "a run needs at least one trace file") }
        let sources = try readers.map { try TraceSource<Codec>($0) }
        let header = sources[0].header
        for source in sources.dropFirst() where source.header.shared != header.shared {
            throw MalformedTrace(
                source.reader.path, 1,
                "the header differs from \(sources[0].reader.path)'s: all files of one run share one header (but replica)")
        }
        guard header.protocolName == Codec.protocolName else {
            throw MalformedTrace(
                sources[0].reader.path, 1, field: "protocol", "expected \"\(Codec.protocolName)\", got \"\(header.protocolName)\"")
        }
        if sources.count > 1 || header.replica != nil {
            var seen = ReplicaSet()
            for source in sources {
                guard let replica = source.header.replica else {
                    throw MalformedTrace(
                        source.reader.path, 1, field: "replica",
                        "missing: a run of several files has one file per replica, each naming its replica")
                }
                if seen.contains(replica) {
                    throw MalformedTrace(source.reader.path, 1, field: "replica", "a second file for \(header.name(of: replica))")
                }
                seen.insert(replica)
            }
        }
        let variant = options.variant ?? header.variant ?? Codec.variantNames[0]
        let headerLocation = TraceLocation(file: sources[0].reader.path, line: 1)
        guard Codec.variantNames.contains(variant) else {
            throw MalformedTrace(
                headerLocation.file, 1, field: "variant",
                "unknown variant \"\(variant)\"; \(Codec.protocolName) defines \(Codec.variantNames.joined(separator: ", "))")
        }
        let spec = try codec.spec(for: header, variant: variant, location: headerLocation)
        var run = try ValidationRun(codec: codec, spec: spec, header: header, headerLocation: headerLocation, options: options)
        try run.run(sources)
        return ValidationReport(
            protocolName: Codec.protocolName, variant: variant, files: sources.map(\.reader.path), events: run.events,
            consumed: run.consumed, divergences: run.divergences, peakLiveStates: run.peakLiveStates,
            peakLiveMessages: run.peakLiveMessages,
            peakLiveNames: run.peakLiveNames
        )
    }
}
