/// The verdict on one version-2 run: conformant when every event was explained by an enabled spec
/// step and the whole log was consumed (TLC's whole-log rule), with the divergences found and what
/// the live state cost.
public struct ValidationReport: Hashable, Sendable, Encodable {
    /// The protocol that judged the run.
    public var protocolName: String
    /// The variant in force.
    public var variant: String
    /// The files of the run.
    public var files: [String]
    /// The events read and judged.
    public var events: Int
    /// The events consumed (explained, or resynchronised after a divergence with `--all`).
    public var consumed: Int
    /// The divergences, in the order found: the first only, or every one with `--all`.
    public var divergences: [ValidatorDivergence]
    /// The most (replica, instance) states held at once, plus the instances of the network: the
    /// live state the run needed.
    public var peakLiveStates: Int
    /// The most messages held at once, in the network and the replicas' inboxes.
    public var peakLiveMessages: Int
    /// The most implementation names bound at once (PBFT: digests and state digests; 0 for a
    /// protocol without names, `TraceCodec.nameCount(_:)`).
    public var peakLiveNames: Int

    /// A report.
    public init(
        protocolName: String, variant: String, files: [String], events: Int, consumed: Int, divergences: [ValidatorDivergence],
        peakLiveStates: Int, peakLiveMessages: Int, peakLiveNames: Int = 0
    ) {
        self.protocolName = protocolName
        self.variant = variant
        self.files = files
        self.events = events
        self.consumed = consumed
        self.divergences = divergences
        self.peakLiveStates = peakLiveStates
        self.peakLiveMessages = peakLiveMessages
        self.peakLiveNames = peakLiveNames
    }

    /// Whether the run conforms.
    public var isConformant: Bool { divergences.isEmpty && consumed == events }

    /// The report as text: the verdict, then each divergence.
    public var text: String {
        let what = "\(protocolName) (variant \(variant)), \(files.count) file\(files.count == 1 ? "" : "s")"
        let live =
            "peak live state \(peakLiveStates) instance states, \(peakLiveMessages) messages"
            + (peakLiveNames > 0 ? ", \(peakLiveNames) names" : "")
        guard !isConformant else { return "conformant: \(what): all \(events) events explained, the whole log consumed; \(live)" }
        var lines = [
            "divergent: \(what): \(divergences.count) divergence\(divergences.count == 1 ? "" : "s") in \(events) events read; \(live)"
        ]
        lines += divergences.map(\.description)
        return lines.joined(separator: "\n")
    }

    private enum CodingKeys: String, CodingKey {
        case format, protocolName = "protocol", variant, files, events, consumed, conformant, divergences
        case peakLiveStates = "peak_live_states", peakLiveMessages = "peak_live_messages", peakLiveNames = "peak_live_names"
    }

    /// The report as JSON (`"format": "bftcheck-validation/1"`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("bftcheck-validation/1", forKey: .format)
        try container.encode(protocolName, forKey: .protocolName)
        try container.encode(variant, forKey: .variant)
        try container.encode(files, forKey: .files)
        try container.encode(events, forKey: .events)
        try container.encode(consumed, forKey: .consumed)
        try container.encode(isConformant, forKey: .conformant)
        try container.encode(divergences, forKey: .divergences)
        try container.encode(peakLiveStates, forKey: .peakLiveStates)
        try container.encode(peakLiveMessages, forKey: .peakLiveMessages)
        try container.encode(peakLiveNames, forKey: .peakLiveNames)
    }
}
