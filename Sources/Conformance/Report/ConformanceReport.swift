/// The verdict on one run: conformant (every event explained, the whole log consumed) or the first
/// divergence, with counts that show how much was read.
public struct ConformanceReport: Codable, Sendable, Equatable {
    /// The report format, `bftcheck-conformance/1`.
    public var format: String
    /// `conformant` or `divergent`.
    public var verdict: String
    /// The files read.
    public var files: [String]
    /// Whether the run was one merged file.
    public var merged: Bool
    /// The replicas, and those declared faulty and crashed.
    public var replicas: [String]
    /// The replicas declared Byzantine.
    public var faulty: [String]
    /// The replicas declared crashed.
    public var crashed: [String]
    /// The events in the run.
    public var events: Int
    /// The events explained before the verdict (all of them when conformant).
    public var consumed: Int
    /// Spec steps taken for logged events.
    public var specSteps: Int
    /// Spec steps inferred for unlogged internal steps.
    public var silentSteps: Int
    /// The bound on unlogged steps before one event.
    public var maxSilentSteps: Int
    /// The spec's bounds the run was judged with, e.g. `n=4 f=1 quorum=3 views 0...1 seq 1...2 requests 2`.
    public var spec: String
    /// The first divergence, when there is one.
    public var divergence: Divergence?

    /// Whether the run conforms.
    public var isConformant: Bool { divergence == nil }

    /// `bftcheck-conformance/1`.
    public static let formatName = "bftcheck-conformance/1"

    /// A report.
    public init(
        verdict: String, files: [String], merged: Bool, replicas: [String], faulty: [String], crashed: [String], events: Int, consumed: Int,
        specSteps: Int, silentSteps: Int, maxSilentSteps: Int, spec: String, divergence: Divergence?
    ) {
        format = Self.formatName
        self.verdict = verdict
        self.files = files
        self.merged = merged
        self.replicas = replicas
        self.faulty = faulty
        self.crashed = crashed
        self.events = events
        self.consumed = consumed
        self.specSteps = specSteps
        self.silentSteps = silentSteps
        self.maxSilentSteps = maxSilentSteps
        self.spec = spec
        self.divergence = divergence
    }

    /// The human-readable report: one line when conformant; the divergence with its context otherwise.
    public var text: String {
        let source = merged ? files[0] : "\(files.count) file\(files.count == 1 ? "" : "s")"
        guard let divergence else {
            var line = "conformant: \(events) events from \(source), \(specSteps) spec steps"
            if silentSteps > 0 { line += " (and \(silentSteps) unlogged)" }
            return line + "; every event explained and the whole log consumed [\(spec)]"
        }
        var lines = ["\(divergence.location): divergence at \(divergence.event)", "  problem: \(divergence.problem)"]
        if let miss = divergence.nearestMiss { lines.append("  nearest miss: \(miss)") }
        if let state = divergence.replicaState { lines.append("  \(divergence.replica)'s spec state: \(state.line)") }
        if divergence.replicaState != nil {
            lines.append(
                "  enabled spec steps of \(divergence.replica): "
                    + (divergence.enabledSteps.isEmpty ? "none" : divergence.enabledSteps.joined(separator: ", ")))
        }
        if divergence.silentStepsTried > 0 { lines.append("  tried up to \(divergence.silentStepsTried) unlogged spec steps first") }
        if !divergence.related.isEmpty { lines.append("  see also: \(divergence.related.joined(separator: ", "))") }
        lines.append("  consumed \(consumed) of \(events) events (\(specSteps) spec steps) from \(source) [\(spec)]")
        return lines.joined(separator: "\n")
    }
}
