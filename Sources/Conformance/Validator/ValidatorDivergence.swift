import MessagePassing

/// One event of a version-2 run that no spec step explains, with what the validator knew there:
/// the replica's spec state, the steps it could take, and the nearest miss — the refusal reason the
/// spec's own handler gave for the step closest to the event (never a second copy of the rules).
public struct ValidatorDivergence: Hashable, Sendable, Encodable, CustomStringConvertible {
    /// Where the event was written.
    public var location: TraceLocation
    /// The replica whose event it is.
    public var replica: ReplicaID
    /// The replica's name from the header.
    public var replicaName: String
    /// The instance the event belongs to, as text.
    public var instance: String
    /// The event as the validator read it, e.g. `send READY(a) (instance 3)`.
    public var event: String
    /// What is wrong, in one sentence.
    public var problem: String
    /// The replica's spec state in the instance, as JSON.
    public var state: String
    /// The spec steps the replica could take there (handlers that fire).
    public var enabled: [String]
    /// The step closest to the event and why the spec refused it, e.g.
    /// `r1: readyOnEchoes(a) — 2 of 3 ECHO(a)`.
    public var nearestMiss: String?
    /// Every candidate step tried for the event and why each failed, nearest first.
    public var misses: [String]
    /// What the spec's names in the lines above stand for in the trace, e.g.
    /// `req3 = 4c6f9c3a…` (the codec's `glossary(of:names:)`); empty when they are the trace's own.
    public var glossary: [String]

    /// A divergence.
    public init(
        location: TraceLocation, replica: ReplicaID, replicaName: String, instance: String, event: String, problem: String, state: String,
        enabled: [String], nearestMiss: String?, misses: [String], glossary: [String] = []
    ) {
        self.location = location
        self.replica = replica
        self.replicaName = replicaName
        self.instance = instance
        self.event = event
        self.problem = problem
        self.state = state
        self.enabled = enabled
        self.nearestMiss = nearestMiss
        self.misses = misses
        self.glossary = glossary
    }

    /// The report's lines for this divergence.
    public var description: String {
        var lines = ["\(location): \(replicaName): \(event): \(problem)"]
        lines.append("  spec state of \(replicaName) in instance \(instance): \(state)")
        lines.append("  enabled steps: " + (enabled.isEmpty ? "none" : enabled.joined(separator: "; ")))
        if let nearestMiss { lines.append("  nearest miss: \(nearestMiss)") }
        if misses.count > 1 { lines.append("  also tried: " + misses.dropFirst().joined(separator: "; ")) }
        if !glossary.isEmpty { lines.append("  names in the trace: " + glossary.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    private enum CodingKeys: String, CodingKey {
        case location, replica, instance, event, problem, state, enabled, nearestMiss = "nearest_miss", misses, glossary
    }

    /// `{"location": "file:line", "replica": name, "instance", "event", "problem", "state", "enabled",
    /// "nearest_miss", "misses", "glossary"}` (the glossary only when it has entries).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(location.description, forKey: .location)
        try container.encode(replicaName, forKey: .replica)
        try container.encode(instance, forKey: .instance)
        try container.encode(event, forKey: .event)
        try container.encode(problem, forKey: .problem)
        try container.encode(state, forKey: .state)
        try container.encode(enabled, forKey: .enabled)
        try container.encodeIfPresent(nearestMiss, forKey: .nearestMiss)
        try container.encode(misses, forKey: .misses)
        if !glossary.isEmpty { try container.encode(glossary, forKey: .glossary) }
    }
}
