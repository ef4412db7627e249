import MessagePassing

/// The constants and bounds of one PBFT model: cluster size, fault threshold and fault model, quorum
/// sizes, and the bounds that make the state space finite.
///
/// Castro & Liskov use n = 3f + 1 and quorums of 2f + 1; the tutorial states the rules with n − f,
/// which is the default here, and every quorum is a parameter so that users can explore variants.
public struct PBFTConfiguration: Hashable, Sendable {
    /// The most views a model may have (views 0 ..< 4).
    public static let viewCapacity = 4
    /// The highest sequence number a model may have.
    public static let sequenceCapacity = 4
    /// The most client requests a model may have.
    public static let requestCapacity = 4
    /// The most replicas a model may have.
    public static let replicaCapacity = 10

    /// The largest bounds a model accepts: the packed `pbft`'s capacities (`packed`), or the wider
    /// ones of the layer port, whose encoding is derived from the bounds (`PBFTLayer.limits`).
    public struct Limits: Hashable, Sendable {
        /// The most replicas.
        public var replicas: Int
        /// The most views (views 0 ..< `views`).
        public var views: Int
        /// The highest sequence number.
        public var sequence: Int
        /// The most client requests.
        public var requests: Int

        /// Limits of `replicas`, `views`, `sequence` and `requests`.
        public init(replicas: Int, views: Int, sequence: Int, requests: Int) {
            self.replicas = replicas
            self.views = views
            self.sequence = sequence
            self.requests = requests
        }

        /// The packed `pbft` model's capacities: its hand-written bit layout holds no more.
        public static let packed = Limits(
            replicas: replicaCapacity, views: viewCapacity, sequence: sequenceCapacity, requests: requestCapacity)
    }

    /// n, the number of replicas.
    public var replicaCount: Int
    /// f, the number of faults the protocol is meant to tolerate; it sets the default quorums and the
    /// client's f + 1 matching replies.
    public var faultThreshold: Int
    /// Which replicas are faulty and how.
    public var faults: FaultModel
    /// Matching PREPAREs (counting the PREPREPARE), COMMITs and CHECKPOINTs needed: n − f by default.
    public var quorum: Int
    /// Valid VIEWCHANGEs a NEWVIEW must be built from: the quorum by default.
    public var newViewQuorum: Int
    /// The highest view (0: the normal case only).
    public var maxView: View
    /// The highest sequence number a request can be ordered at.
    public var maxSequence: SequenceNumber
    /// The number of client requests, all issued before the run starts.
    public var requestCount: Int
    /// A checkpoint every k executions (Castro & Liskov §4.3); 0 for no checkpoints.
    public var checkpointInterval: Int
    /// The sequence numbers at which checkpoints are taken, ascending: every `checkpointInterval` up to
    /// `maxSequence`; none when checkpoints are off (interval 0).
    public var checkpointSlots: [SequenceNumber] {
        checkpointInterval > 0
            ? stride(from: checkpointInterval, through: maxSequence.number, by: checkpointInterval).map(SequenceNumber.init) : []
    }
    /// The log size L: replicas accept sequence numbers n with h < n ≤ H = h + L, where h is the last
    /// stable checkpoint (Castro & Liskov §4.2, §4.3).
    public var window: Int
    /// The rule change under test, if any.
    public var mutant: PBFTMutant

    /// A configuration; `quorum` and `newViewQuorum` default to n − f, `window` to `maxSequence`.
    ///
    /// - Precondition: `maxView ≥ 0`, `maxSequence ≥ 0` (`problems(within:)` reports the rest as
    ///   messages).
    public init(
        replicaCount: Int, faultThreshold: Int, faults: FaultModel, quorum: Int? = nil, newViewQuorum: Int? = nil,
        maxView: Int, maxSequence: Int, requestCount: Int, checkpointInterval: Int = 0, window: Int? = nil,
        mutant: PBFTMutant = .none
    ) {
        self.replicaCount = replicaCount
        self.faultThreshold = faultThreshold
        self.faults = faults
        self.quorum = quorum ?? replicaCount - faultThreshold
        self.newViewQuorum = newViewQuorum ?? quorum ?? replicaCount - faultThreshold
        self.maxView = View(maxView)
        self.maxSequence = SequenceNumber(maxSequence)
        self.requestCount = requestCount
        self.checkpointInterval = checkpointInterval
        self.window = window ?? maxSequence
        self.mutant = mutant
    }

    /// The problems with this configuration for the packed model, one sentence each, keyed by the
    /// config parameter at fault; empty when it is valid.
    public var problems: [(parameter: String, problem: String)] { problems(within: .packed) }

    /// The problems with this configuration within `limits`, one sentence each, keyed by the
    /// config parameter at fault; empty when it is valid.
    public func problems(within limits: Limits) -> [(parameter: String, problem: String)] {
        var result: [(String, String)] = []
        if replicaCount < 1 || replicaCount > limits.replicas {
            result.append(("replicas", "n must be in 1...\(limits.replicas), got \(replicaCount)"))
        }
        if maxView.number >= limits.views {
            result.append(("max_view", "max_view must be in 0...\(limits.views - 1), got \(maxView.number)"))
        }
        if maxSequence.number > limits.sequence {
            result.append(("max_seq", "max_seq must be in 1...\(limits.sequence), got \(maxSequence.number)"))
        }
        if faultThreshold < 0 || faultThreshold >= replicaCount {
            result.append(("f", "f must satisfy 0 ≤ f < n = \(replicaCount), got \(faultThreshold)"))
        }
        if faults.replicaCount != replicaCount {
            result.append(("replicas", "the fault model has \(faults.replicaCount) replicas, not n = \(replicaCount)"))
        }
        if faults.correct.isEmpty {
            result.append(("byzantine", "at least one replica must be correct"))
        }
        if quorum < 1 || quorum > replicaCount {
            result.append(("quorum", "the quorum must be in 1...n = \(replicaCount), got \(quorum)"))
        }
        if newViewQuorum < 1 || newViewQuorum > replicaCount {
            result.append(("newview_quorum", "the NEWVIEW quorum must be in 1...n = \(replicaCount), got \(newViewQuorum)"))
        }
        if requestCount < 1 || requestCount > limits.requests {
            result.append(("requests", "requests must be in 1...\(limits.requests), got \(requestCount)"))
        }
        if maxSequence.number < 1 {
            result.append(("max_seq", "the highest sequence number must be at least 1"))
        }
        if checkpointInterval < 0 || checkpointInterval > maxSequence.number {
            result.append(
                ("checkpoint_interval", "the checkpoint interval must be in 0...max_seq = \(maxSequence.number), got \(checkpointInterval)")
            )
        }
        if window < 1 || window > maxSequence.number {
            result.append(("window", "the window L must be in 1...max_seq = \(maxSequence.number), got \(window)"))
        }
        return result
    }
}
