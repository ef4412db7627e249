/// The parameters of a PBFT cluster that every replica must agree on (Castro & Liskov, OSDI '99 §4;
/// TOCS 2002 §5.1.4 for batching), checked when made: a bad value is an error, never a trap later.
public struct ReplicaConfiguration: Hashable, Sendable {
    /// n: the number of replicas, at least 3f + 1 (§4.1).
    public let replicaCount: Int
    /// f: the number of Byzantine replicas tolerated.
    public let faultTolerance: Int
    /// K: a checkpoint is taken after every K-th execution (§4.3).
    public let checkpointInterval: UInt64
    /// L: the window; a replica accepts sequence numbers h < n ≤ h + L (§4.2). A multiple of K.
    public let window: UInt64
    /// The largest number of requests in one batch.
    public let batchSize: Int
    /// How long the primary waits for a batch to fill before it orders a partial one.
    public let batchTimeout: Duration
    /// The view-change timeout of the first view change; it doubles for each further view without
    /// progress (§4.5.2).
    public let viewChangeTimeout: Duration
    /// How long a lagging replica waits for a state before it asks again (§4.3).
    public let stateFetchTimeout: Duration
    /// How often a replica re-sends what others may have lost (Castro & Liskov, TOCS 2002 §5.2: messages
    /// are retransmitted until the receiver has them): its VIEW-CHANGE while it waits for NEW-VIEW, its
    /// PRE-PREPARE, PREPARE and COMMIT of each sequence number above h in the current view, and its
    /// latest CHECKPOINT until a checkpoint is stable. `nil` (the default) sends nothing twice; a network
    /// that loses messages then relies on view changes and clients' retransmissions to make progress.
    public let retransmitInterval: Duration?
    /// Where each replica keeps its executed state: in memory (the default) or in SQLite (TOCS 2002 §6.1).
    /// A property of each node rather than of the protocol, kept here so that one value configures a run.
    public let storage: ExecutedStateStorage

    /// A configuration; see the properties.
    ///
    /// - Throws: `ConfigurationError` when n < 3f + 1, K or L or the batch size is not positive, L is
    ///   not a multiple of K, a timeout is not positive, or the storage directory is an empty path.
    public init(
        replicaCount: Int, faultTolerance: Int, checkpointInterval: UInt64 = 128, window: UInt64 = 256, batchSize: Int = 1,
        batchTimeout: Duration = .milliseconds(2), viewChangeTimeout: Duration = .seconds(2), stateFetchTimeout: Duration = .seconds(1),
        retransmitInterval: Duration? = nil, storage: ExecutedStateStorage = .inMemory
    ) throws(ConfigurationError) {
        guard faultTolerance >= 0 else { throw ConfigurationError(field: "f", "must be at least 0, got \(faultTolerance)") }
        guard replicaCount >= 3 * faultTolerance + 1 else {
            throw ConfigurationError(field: "n", "PBFT needs n ≥ 3f + 1 = \(3 * faultTolerance + 1) replicas, got \(replicaCount)")
        }
        guard replicaCount <= 1024 else { throw ConfigurationError(field: "n", "at most 1024 replicas, got \(replicaCount)") }
        guard checkpointInterval > 0 else { throw ConfigurationError(field: "checkpoint_interval", "must be positive") }
        guard window >= checkpointInterval, window % checkpointInterval == 0 else {
            throw ConfigurationError(
                field: "window", "must be a positive multiple of the checkpoint interval \(checkpointInterval), got \(window)")
        }
        guard batchSize > 0 else { throw ConfigurationError(field: "batch_size", "must be positive, got \(batchSize)") }
        for (field, value) in [
            ("batch_timeout", batchTimeout), ("view_change_timeout", viewChangeTimeout), ("state_fetch_timeout", stateFetchTimeout),
            ("retransmit_interval", retransmitInterval ?? .seconds(1)),
        ]
        where value <= .zero {
            throw ConfigurationError(field: field, "must be positive, got \(value)")
        }
        self.replicaCount = replicaCount
        self.faultTolerance = faultTolerance
        self.checkpointInterval = checkpointInterval
        self.window = window
        self.batchSize = batchSize
        self.batchTimeout = batchTimeout
        self.viewChangeTimeout = viewChangeTimeout
        self.stateFetchTimeout = stateFetchTimeout
        self.retransmitInterval = retransmitInterval
        if case .sqlite(let directory) = storage, directory.isEmpty || directory.contains("\0") || directory.contains("\n") {
            throw ConfigurationError(field: "data_directory", "must be a non-empty path without NUL or line breaks")
        }
        self.storage = storage
    }

    /// Matching PREPAREs (counting the PRE-PREPARE), COMMITs, CHECKPOINTs and VIEW-CHANGEs a step needs:
    /// ⌈(n + f + 1) / 2⌉, which is 2f + 1 when n = 3f + 1 (§4.2); any two quorums share a correct replica.
    public var quorum: Int { (replicaCount + faultTolerance) / 2 + 1 - quorumReduction }

    /// A seeded bug for testing the checkers (the simulator's agreement check, the oracle): quorums this
    /// much smaller than PBFT needs. Zero in every real configuration; only `@testable` code sets it.
    var quorumReduction = 0

    /// A seeded bug for testing that the proof check matters: prepared certificates and stable
    /// checkpoints in VIEW-CHANGEs are taken as claimed, whatever their proof. False in every real configuration; only `@testable` code
    /// sets it.
    var trustsUnprovenCertificates = false

    /// Matching replies a client needs: f + 1, so one is from a correct replica (§4.1).
    public var replyQuorum: Int { faultTolerance + 1 }

    /// Every replica, in id order.
    public var replicas: [ReplicaID] { (0..<replicaCount).map(ReplicaID.init) }

    /// The primary of `view` (§4.1).
    public func primary(of view: ViewNumber) -> ReplicaID { view.primary(among: replicaCount) }

    /// Whether `replica` is a member of the cluster.
    public func contains(_ replica: ReplicaID) -> Bool { replica.index < replicaCount }
}
