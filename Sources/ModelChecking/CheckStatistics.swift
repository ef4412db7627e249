import Foundation

/// Counters and measurements of one run.
public struct CheckStatistics: Sendable, Codable, Equatable {
    /// The strategy used.
    public var strategy: String = CheckerOptions.Strategy.breadthFirst.rawValue
    /// Worker threads used.
    public var threads: Int = 1
    /// Whether symmetry reduction was on.
    public var symmetry = false
    /// Whether the exact store was used.
    public var exact = false
    /// The simulation seed, when the strategy was simulation.
    public var seed: UInt64? = nil
    /// Distinct (canonical) states stored.
    public var distinctStates = 0
    /// Transitions computed (successors generated, including ones already seen).
    public var transitions = 0
    /// The deepest level reached (0 = initial states).
    public var maxDepth = 0
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Bytes of the seen-set and parent links per distinct state.
    public var bytesPerState = 0.0
    /// Peak resident memory of the process in bytes.
    public var peakMemoryBytes = 0
    /// Bitstate hashing figures, when the run used it (states may have been missed).
    public var bitstate: BitstateStatistics? = nil
    /// The run's disk side, when it checkpointed, resumed or had a memory budget (see `StorageOptions`).
    public var storage: StorageStatistics? = nil
    /// Swarm figures, when the run was a swarm.
    public var swarm: SwarmStatistics? = nil
    /// What the ranks exchanged, when the run was distributed (`CheckerOptions.cluster`).
    public var distributed: DistributedStatistics? = nil
    /// How often each kind of action fired, by kind name, in the model's order.
    public var coverage: [ActionCoverage] = []
    /// Estimated probability that a fingerprint collision hid a state (0 in exact mode), computed as
    /// TLC does: distinct × (transitions − distinct) / 2^64.
    public var collisionProbability = 0.0

    /// Distinct states per second.
    public var statesPerSecond: Double { seconds > 0 ? Double(distinctStates) / seconds : 0 }
    /// The kinds of action that never fired: often a spec bug, unless the configuration excludes them
    /// (see `ActionCoverage.excludedBecause`).
    public var neverFired: [String] { coverage.filter { $0.count == 0 }.map(\.name) }

    /// A statistics record with default values.
    public init() {}

    /// TLC's optimistic estimate of the fingerprint-collision probability.
    @usableFromInline
    static func collisionEstimate(distinct: Int, transitions: Int) -> Double {
        let n = Double(distinct)
        let generated = Double(max(transitions, distinct))
        return n * (generated - n) / pow(2, 64)
    }
}

/// How often one kind of action fired.
public struct ActionCoverage: Sendable, Codable, Equatable {
    /// The kind's name.
    public var name: String
    /// The number of transitions of that kind.
    public var count: Int
    /// Why the model's configuration never enables this kind (`TransitionSystem.whyNeverEnabled`), if
    /// it does not.
    public var excludedBecause: String? = nil

    /// The coverage of one kind.
    public init(name: String, count: Int, excludedBecause: String? = nil) {
        self.name = name
        self.count = count
        self.excludedBecause = excludedBecause
    }
}

/// What a bitstate run can say about the states it may have missed (SPIN's hash factor and the
/// Bloom-filter false-positive rate).
public struct BitstateStatistics: Sendable, Codable, Equatable {
    /// log2 of the filter's bits.
    public var bits: Int
    /// Bits set per state.
    public var hashCount: Int
    /// Bits per stored state (SPIN's "hash factor"; SPIN advises > 100).
    public var hashFactor: Double
    /// The expected number of states that were taken for stored ones and never expanded.
    public var expectedMissedStates: Double
    /// The probability that the next new state would have been missed.
    public var nextMissProbability: Double
}

/// The runs of a swarm: one entry per run, in run order.
public struct SwarmStatistics: Sendable, Codable, Equatable {
    /// The seed of each run (hash seed and action order).
    public var seeds: [UInt64]
    /// The states each run stored.
    public var statesPerRun: [Int]
    /// The deepest stack of each run.
    public var depthPerRun: [Int]
}

/// What a breadth-first run wrote to and read from disk.
public struct StorageStatistics: Sendable, Codable, Equatable {
    /// Bytes written to spill files (frontier pieces and parent-log levels).
    public var spilledBytes = 0
    /// Checkpoints written.
    public var checkpointsWritten = 0
    /// The depth of the last checkpoint written (`nil`: none).
    public var lastCheckpointDepth: Int? = nil
    /// The depth the run resumed from (`nil`: it started afresh).
    public var resumedFromDepth: Int? = nil

    /// No disk activity yet.
    public init() {}
}
