/// One simulated run: the cluster, the clients' load, the network and the faults, and the seed that
/// fixes every random choice (message delays, losses, duplicates, the equivocator's split).
public struct SimulationScenario: Sendable {
    /// The cluster's parameters.
    public var configuration: ReplicaConfiguration
    /// Fixes every random choice of the run.
    public var seed: UInt64
    /// How many clients run.
    public var clientCount: Int
    /// How many requests each client submits, one after the other.
    public var requestsPerClient: Int
    /// The clients' retransmission timeout.
    public var clientRetransmitTimeout: Duration
    /// The network.
    public var network: NetworkConditions
    /// Faults by replica (at most f of them, for the safety claim to apply).
    public var faults: [ReplicaID: ReplicaFault]
    /// Whether every protocol message between replicas is sealed by its sender's `Authenticator` and
    /// opened by its receiver's (keys drawn from the seed), as the transport does: MACs, and the
    /// signatures of VIEW-CHANGEs, NEW-VIEWs, CHECKPOINTs, PREPAREs and the proofs of prepared
    /// certificates (Castro & Liskov, TOCS 2002 §3.2, §4.5). Off by default: without it nothing checks
    /// signatures, so a `certificateForger` can break safety (which is what a test shows).
    public var authenticates: Bool
    /// The run stops after this many events…
    public var eventLimit: Int
    /// …or at this simulated instant, whichever comes first (or when every client is done).
    public var timeLimit: Duration
    /// Whether a replica that keeps a write-ahead log compacts it at each stable checkpoint, as the
    /// transport's node does (OSDI '99 §4.3); off only to measure the log without it.
    public var compactsLogs = true

    /// A scenario; see the properties.
    public init(
        configuration: ReplicaConfiguration, seed: UInt64, clientCount: Int = 2, requestsPerClient: Int = 3,
        clientRetransmitTimeout: Duration = .milliseconds(500), network: NetworkConditions = .good,
        faults: [ReplicaID: ReplicaFault] = [:], authenticates: Bool = false, eventLimit: Int = 200_000,
        timeLimit: Duration = .seconds(120)
    ) {
        self.authenticates = authenticates
        self.configuration = configuration
        self.seed = seed
        self.clientCount = clientCount
        self.requestsPerClient = requestsPerClient
        self.clientRetransmitTimeout = clientRetransmitTimeout
        self.network = network
        self.faults = faults
        self.eventLimit = eventLimit
        self.timeLimit = timeLimit
    }

    /// One line that reproduces the run.
    public var reproduction: String {
        let faultText = faults.keys.sorted().map { "\($0)=\(faults[$0]!)" }.joined(separator: ",")
        return
            "seed \(seed): n=\(configuration.replicaCount) f=\(configuration.faultTolerance) K=\(configuration.checkpointInterval) "
            + "L=\(configuration.window) batch=\(configuration.batchSize) clients=\(clientCount)x\(requestsPerClient) "
            + "delay=\(network.minimumDelay)...\(network.maximumDelay) drop=\(network.dropRate) dup=\(network.duplicateRate)"
            + (network.partition.map { " partition=\($0.side.map(\.description).joined(separator: ","))|rest until \($0.heals)" } ?? "")
            + " faults=[\(faultText)]"
            + (authenticates ? " authenticated" : "")
    }
}
