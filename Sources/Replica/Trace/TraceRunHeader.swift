/// The header of a run's traces in the bftcheck trace format, version 2 (Docs/trace-format.md,
/// "Version 2"): the cluster's parameters, who is declared Byzantine or crashed, and the client
/// requests known when the run starts. Version 2 because the replica logs client replies (`reply`
/// events), which the frozen version 1 does not define, and because its runs are of any length.
public struct TraceRunHeader: Sendable {
    /// The cluster's parameters: n, f, the quorum, K and L.
    public var configuration: ReplicaConfiguration
    /// Replicas declared Byzantine (their logs are not judged).
    public var faulty: [ReplicaID]
    /// Replicas declared crashed from the start (they have no events).
    public var crashed: [ReplicaID]
    /// Digests the header declares as client requests (besides those `request` events introduce).
    public var requests: [Digest]
    /// Free text naming what wrote the trace.
    public var implementation: String

    /// A header for a run of `configuration`.
    public init(
        configuration: ReplicaConfiguration, faulty: [ReplicaID] = [], crashed: [ReplicaID] = [], requests: [Digest] = [],
        implementation: String = "bftcheck Replica (Sources/Replica)"
    ) {
        self.configuration = configuration
        self.faulty = faulty
        self.crashed = crashed
        self.requests = requests
        self.implementation = implementation
    }

    /// The header line of `replica`'s file (or of a merged file when `replica` is `nil`).
    public func line(for replica: ReplicaID?) -> String {
        var object = TraceJSON.Object()
        object.add("format", string: "bftcheck-trace/2")
        object.add("protocol", string: "pbft")
        if let replica { object.add("replica", string: replica.description) }
        object.add("n", configuration.replicaCount)
        object.add("f", configuration.faultTolerance)
        object.add("replicas", strings: configuration.replicas.map(\.description))
        object.add("byzantine", strings: faulty.map(\.description))
        object.add("crashed", strings: crashed.map(\.description))
        var parameters = TraceJSON.Object()
        parameters.add("quorum", configuration.quorum)
        parameters.add("newview_quorum", configuration.quorum)
        parameters.add("checkpoint_interval", Int(configuration.checkpointInterval))
        parameters.add("window", Int(configuration.window))
        parameters.add("requests", strings: requests.map(TraceJSON.name(of:)))
        parameters.add("null_digest", string: TraceJSON.nullDigest)
        object.add("params", object: parameters)
        object.add("implementation", string: implementation)
        return object.text
    }
}
