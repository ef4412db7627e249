import MessagePassing

/// The first line of every version-2 trace file (Docs/trace-format.md, "Version 2"): the protocol
/// that judges the run, the cluster, the replicas declared faulty, the variant, the protocol's own
/// parameters and an optional starting snapshot, so that a log may begin mid-run.
///
/// The fields every protocol shares are read here; `parameters` and `snapshot` are left as JSON for
/// the protocol's `TraceCodec` to read.
public struct TraceHeaderV2: Hashable, Sendable {
    /// The protocol's name as the validator registry knows it, e.g. `reliable-broadcast`.
    public var protocolName: String
    /// The replica whose log the file holds, or `nil` for a merged file holding every replica's.
    public var replica: ReplicaID?
    /// The replicas' names; position i is replica `r<i>` of the spec.
    public var replicaNames: [String]
    /// f, the number of faults the deployment is sized for.
    public var faultThreshold: Int
    /// The replicas declared Byzantine: they have no log, and a message from one is accepted when
    /// the codec says a Byzantine replica could send it under its own identity.
    public var byzantine: ReplicaSet
    /// The replicas declared crashed from the start: they have no log and send nothing.
    public var crashed: ReplicaSet
    /// The variant the header names (`--variant` overrides it), or `nil` for the protocol as specified.
    public var variant: String?
    /// The protocol's own parameters (the header's `params` object), in written order.
    public var parameters: [JSONValue.Member]
    /// The starting snapshot (the header's `snapshot` object), if the log begins mid-run.
    public var snapshot: JSONValue?
    /// A free-form name of the implementation that wrote the trace.
    public var implementation: String?

    /// A header for `replicaNames`, everything else defaulted.
    public init(
        protocolName: String, replica: ReplicaID? = nil, replicaNames: [String], faultThreshold: Int, byzantine: ReplicaSet = ReplicaSet(),
        crashed: ReplicaSet = ReplicaSet(), variant: String? = nil, parameters: [JSONValue.Member] = [], snapshot: JSONValue? = nil,
        implementation: String? = nil
    ) {
        self.protocolName = protocolName
        self.replica = replica
        self.replicaNames = replicaNames
        self.faultThreshold = faultThreshold
        self.byzantine = byzantine
        self.crashed = crashed
        self.variant = variant
        self.parameters = parameters
        self.snapshot = snapshot
        self.implementation = implementation
    }

    /// n, the number of replicas.
    public var replicaCount: Int { replicaNames.count }

    /// The replicas whose logs are judged: every replica neither Byzantine nor crashed.
    public var judged: ReplicaSet { ReplicaSet.first(replicaCount).subtracting(byzantine).subtracting(crashed) }

    /// The name of `replica`.
    public func name(of replica: ReplicaID) -> String { replicaNames[replica.index] }

    /// The value of parameter `key`, if the header's `params` has it.
    public func parameter(_ key: String) -> JSONValue? {
        for member in parameters where member.key == key { return member.value }
        return nil
    }

    /// This header without its `replica`: what every file of one run must share.
    public var shared: TraceHeaderV2 {
        var copy = self
        copy.replica = nil
        return copy
    }
}
