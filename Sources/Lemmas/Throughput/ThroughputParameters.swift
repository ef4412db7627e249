/// The parameters of the tutorial's throughput model (slides "PBFT: Modeling real-world performance";
/// footnote: bandwidth 100 MiB/s, PREPREPARE 1024 B, PREPARE and COMMIT 256 B; batches of 256).
public struct ThroughputParameters: Sendable, Hashable, Codable {
    /// The outgoing bandwidth of one replica, in bytes per second (B).
    public var bandwidth: Double
    /// The size of a PREPREPARE carrying one transaction, in bytes (s_pp).
    public var preprepareBytes: Int
    /// The size of a PREPARE, in bytes (s_p).
    public var prepareBytes: Int
    /// The size of a COMMIT, in bytes (s_c).
    public var commitBytes: Int
    /// Transactions per batch (β).
    public var batchSize: Int
    /// The one-way latency of one phase, in seconds (δ); only the in-order curves use it. The tutorial
    /// gives no value: the default, 0.5 ms, is a same-datacenter figure.
    public var phaseLatency: Double

    /// The tutorial's values, with δ = 0.5 ms.
    public init(
        bandwidth: Double = 100 * 1_048_576, preprepareBytes: Int = 1024, prepareBytes: Int = 256,
        commitBytes: Int = 256, batchSize: Int = 256, phaseLatency: Double = 0.0005
    ) {
        self.bandwidth = bandwidth
        self.preprepareBytes = preprepareBytes
        self.prepareBytes = prepareBytes
        self.commitBytes = commitBytes
        self.batchSize = batchSize
        self.phaseLatency = phaseLatency
    }

    /// Why the parameters make no sense, naming the flag, or `nil`.
    public var validationProblem: String? {
        if !(bandwidth > 0) || !bandwidth.isFinite { return "--bandwidth-mib: must be a positive number" }
        if preprepareBytes < 1 { return "--preprepare-bytes \(preprepareBytes): must be at least 1" }
        if prepareBytes < 0 { return "--prepare-bytes \(prepareBytes): cannot be negative" }
        if commitBytes < 0 { return "--commit-bytes \(commitBytes): cannot be negative" }
        if batchSize < 1 { return "--batch-size \(batchSize): must be at least 1" }
        if !(phaseLatency >= 0) || !phaseLatency.isFinite { return "--latency-ms: must be zero or positive" }
        return nil
    }
}
