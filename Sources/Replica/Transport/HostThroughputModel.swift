/// The throughput bound of batched, out-of-order PBFT when its n replicas and its clients run as
/// processes on one host (what `bftcheck bench` measures): the tutorial's model ("PBFT: Modeling
/// real-world performance") counts only the primary's outgoing bandwidth; on one host the processes share
/// the cores and one loopback device, so the bound is the smaller of a CPU bound and a bandwidth bound,
/// both from the messages Castro & Liskov's normal case sends (OSDI '99 §4.1–4.2):
///
/// - per transaction: its REQUEST (client to primary) and n REPLYs;
/// - per batch of β: a PRE-PREPARE to each of the n − 1 backups, a PREPARE from each backup to the
///   n − 1 others (signed once by its sender, each copy verified by its receiver: the signature is the
///   proof a VIEW-CHANGE carries), and a COMMIT from each replica to the n − 1 others.
///
/// CPU per transaction = n·e + c_req + n·c_rep + ((n − 1)·c_pp + (n − 1)·s_p + (n − 1)²·c_p + n(n − 1)·c_c) / β,
/// where e is the protocol logic per request of one replica (ordering, digests, execution), each c the
/// CPU to seal, frame, decode and open one message of that kind (sender and receiver together), and s_p
/// the PREPARE's signature. The CPU bound is cores / that; the bandwidth bound is the loopback bandwidth
/// over the bytes a transaction puts through it.
public struct HostThroughputModel: Sendable, Hashable, Codable {
    /// What one message of a kind costs, end to end, and its size on the wire.
    public struct MessageCost: Sendable, Hashable, Codable {
        /// CPU seconds to seal, frame, decode and open one message (sender and receiver together).
        public var seconds: Double
        /// Its frame's bytes.
        public var bytes: Int

        /// A message costing `seconds` of CPU with a `bytes`-byte frame.
        public init(seconds: Double, bytes: Int) {
            self.seconds = seconds
            self.bytes = bytes
        }
    }

    /// Cores the processes share.
    public var cores: Double
    /// Loopback bandwidth, bytes per second.
    public var bandwidth: Double
    /// Protocol logic per request of one replica, CPU seconds (e).
    public var requestSeconds: Double
    /// A client REQUEST (c_req).
    public var request: MessageCost
    /// A REPLY (c_rep).
    public var reply: MessageCost
    /// A PRE-PREPARE carrying one batch (c_pp).
    public var prePrepare: MessageCost
    /// A PREPARE, its MAC and its signature's verification (c_p).
    public var prepare: MessageCost
    /// Signing one PREPARE, once per sender (s_p).
    public var prepareSignatureSeconds: Double
    /// A COMMIT (c_c).
    public var commit: MessageCost
    /// Requests per batch (β).
    public var batchSize: Int

    /// A model with these measured costs; see the properties.
    public init(
        cores: Double, bandwidth: Double, requestSeconds: Double, request: MessageCost, reply: MessageCost, prePrepare: MessageCost,
        prepare: MessageCost, prepareSignatureSeconds: Double, commit: MessageCost, batchSize: Int
    ) {
        self.cores = cores
        self.bandwidth = bandwidth
        self.requestSeconds = requestSeconds
        self.request = request
        self.reply = reply
        self.prePrepare = prePrepare
        self.prepare = prepare
        self.prepareSignatureSeconds = prepareSignatureSeconds
        self.commit = commit
        self.batchSize = batchSize
    }

    /// Messages per batch of each protocol kind with `n` replicas: PRE-PREPAREs, PREPAREs, COMMITs.
    static func perBatch(replicas n: Int) -> (prePrepares: Double, prepares: Double, commits: Double) {
        let others = Double(n - 1)
        return (others, others * others, Double(n) * others)
    }

    /// CPU seconds per transaction with `n` replicas (the formula above).
    ///
    /// - Precondition: n ≥ 2.
    public func cpuSecondsPerTransaction(replicas n: Int) -> Double {
        precondition(n >= 2, "the throughput model needs a primary and at least one backup")
        let batch = Self.perBatch(replicas: n)
        let perBatch =
            batch.prePrepares * prePrepare.seconds + Double(n - 1) * prepareSignatureSeconds + batch.prepares * prepare.seconds
            + batch.commits * commit.seconds
        return Double(n) * requestSeconds + request.seconds + Double(n) * reply.seconds + perBatch / Double(batchSize)
    }

    /// Bytes per transaction through the loopback device with `n` replicas.
    public func bytesPerTransaction(replicas n: Int) -> Double {
        let batch = Self.perBatch(replicas: n)
        let perBatch =
            batch.prePrepares * Double(prePrepare.bytes) + batch.prepares * Double(prepare.bytes) + batch.commits * Double(commit.bytes)
        return Double(request.bytes) + Double(n) * Double(reply.bytes) + perBatch / Double(batchSize)
    }

    /// The CPU bound, transactions per second: cores / CPU per transaction.
    public func cpuBound(replicas n: Int) -> Double { cores / cpuSecondsPerTransaction(replicas: n) }

    /// The bandwidth bound, transactions per second: loopback bandwidth / bytes per transaction.
    public func bandwidthBound(replicas n: Int) -> Double { bandwidth / bytesPerTransaction(replicas: n) }

    /// The bound: the smaller of the two.
    public func bound(replicas n: Int) -> Double { min(cpuBound(replicas: n), bandwidthBound(replicas: n)) }
}
