import MessagePassing

/// The first line of every trace file: the protocol, the cluster, the replicas declared faulty and
/// the protocol parameters the oracle needs (Docs/trace-format.md, "The header").
public struct TraceHeader: Hashable, Sendable {
    /// The replica whose log the file holds, or `nil` for a merged file holding every replica's.
    public var replica: ReplicaID?
    /// The replicas' names; position i is replica i, and the primary of view v is `v mod n`.
    public var replicaNames: [String]
    /// f, the number of faults the deployment is sized for.
    public var faultThreshold: Int
    /// The replicas the user declares Byzantine: their messages are judged only by what a
    /// Byzantine replica could send.
    public var faulty: ReplicaSet
    /// The replicas declared crashed from the start: they send nothing.
    public var crashed: ReplicaSet
    /// Matching PREPAREs (with the PRE-PREPARE), COMMITs and CHECKPOINTs needed; `nil`: n − f.
    public var quorum: Int?
    /// VIEW-CHANGEs a NEW-VIEW needs; `nil`: the quorum.
    public var newViewQuorum: Int?
    /// k: a checkpoint every k executions; 0 for none.
    public var checkpointInterval: Int
    /// L: sequence numbers accepted are h < n ≤ h + L; `nil`: no bound besides the spec's capacity.
    public var window: Int?
    /// The client requests' digests known at the start, in order (more may come by `request` events).
    public var requests: [String]
    /// The digest of the null request.
    public var nullDigest: String
    /// A free-form name of the implementation that wrote the trace.
    public var implementation: String?

    /// A header for `replicaNames`, everything else defaulted.
    public init(
        replica: ReplicaID? = nil, replicaNames: [String], faultThreshold: Int, faulty: ReplicaSet = ReplicaSet(),
        crashed: ReplicaSet = ReplicaSet(), quorum: Int? = nil, newViewQuorum: Int? = nil, checkpointInterval: Int = 0,
        window: Int? = nil, requests: [String] = [], nullDigest: String = TraceFormat.defaultNullDigest, implementation: String? = nil
    ) {
        self.replica = replica
        self.replicaNames = replicaNames
        self.faultThreshold = faultThreshold
        self.faulty = faulty
        self.crashed = crashed
        self.quorum = quorum
        self.newViewQuorum = newViewQuorum
        self.checkpointInterval = checkpointInterval
        self.window = window
        self.requests = requests
        self.nullDigest = nullDigest
        self.implementation = implementation
    }

    /// n, the number of replicas.
    public var replicaCount: Int { replicaNames.count }

    /// The quorum in force: the declared one or n − f.
    public var effectiveQuorum: Int { quorum ?? replicaCount - faultThreshold }

    /// The NEW-VIEW quorum in force: the declared one or the quorum.
    public var effectiveNewViewQuorum: Int { newViewQuorum ?? effectiveQuorum }

    /// The name of `replica`.
    public func name(of replica: ReplicaID) -> String { replicaNames[replica.index] }

    /// This header without its `replica`: what every file of one run must share.
    public var shared: TraceHeader {
        var copy = self
        copy.replica = nil
        return copy
    }
}
