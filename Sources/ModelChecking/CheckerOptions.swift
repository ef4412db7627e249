import Foundation

/// How to explore a transition system: strategy, threads, reductions, limits and progress.
///
/// A value type, built fluently in the manner of Stateright's `checker().threads(n).symmetry()`:
/// `CheckerOptions().threads(2).symmetry().exact()`.
public struct CheckerOptions: Sendable {
    /// The exploration strategy.
    public enum Strategy: String, Sendable, Codable, CaseIterable {
        /// Exhaustive breadth-first search: shortest counterexamples, parallel.
        case breadthFirst = "bfs"
        /// Exhaustive depth-first search, single-threaded: little memory beyond the seen-set.
        case depthFirst = "dfs"
        /// Seeded random walks: not exhaustive, reproducible from the printed seed.
        case simulation = "simulate"
    }

    /// The exploration strategy. Default: breadth-first.
    public var strategy: Strategy = .breadthFirst
    /// Worker threads for breadth-first search. Default: all cores. Results do not depend on it.
    public var threadCount: Int = defaultThreadCount
    /// Whether to reduce states by the model's symmetry canonicalizer.
    public var usesSymmetry = false
    /// Whether to store full states instead of 64-bit fingerprints (no collision possible).
    public var usesExactStore = false
    /// The names of the properties to check (`nil`: all of the system's properties).
    public var selectedProperties: Set<String>? = nil
    /// Limits that end a run early with partial statistics (outcome `.incomplete`).
    public var limits = Limits()
    /// Seed for simulation. Default: a fresh one, which the run reports.
    public var seed: UInt64? = nil
    /// Number of random walks in simulation.
    public var walkCount = 1_000
    /// Maximum length of one random walk.
    public var walkLength = 100
    /// The number of distinct states the run is expected to store (`nil`: unknown). The seen-set is
    /// then allocated at its final size up front, so it never grows by rehashing into a copy (which
    /// briefly needs 2.5× the table's memory and costs about a tenth of a single-threaded run).
    /// Counts and traces do not depend on it.
    public var expectedStates: Int? = nil
    /// SPIN-style bitstate hashing instead of the fingerprint or exact seen-set (`nil`: off). Fixed
    /// memory, but states can be missed: a run that finds no violation ends `.incomplete`, with the
    /// expected number of missed states in its statistics.
    public var bitstate: BitstateOptions? = nil
    /// Swarm verification (Holzmann, Joshi, Groce, "Swarm verification", ASE 2008): this many
    /// independent depth-first runs, each with its own bitstate filter, hash seed and seeded action
    /// order, spread over `threadCount` threads (`nil`: off). Not exhaustive.
    public var swarmRuns: Int? = nil
    /// Depth-first search only: visit each state's actions in an order shuffled by a generator with
    /// this seed (swarm diversification), instead of the model's order (`nil`: the model's order).
    public var actionOrderSeed: UInt64? = nil
    /// Checkpoints, resumption and the memory budget of a breadth-first run (default: none of them).
    /// Counts, verdicts and counterexamples do not depend on it.
    public var storage = StorageOptions()
    /// The processes of a distributed breadth-first search (`nil`: this process alone). Each rank
    /// runs the search with these options; states are partitioned among the ranks by fingerprint,
    /// and counts, verdicts and counterexamples are those of a single-process run. Breadth-first
    /// only, with the fingerprint store: no bitstate, swarm, exact store or `storage`.
    public var cluster: (any SearchCluster)? = nil
    /// Ends the run early when raised (from any thread), like a time limit (`nil`: none).
    public var stopRequest: StopRequest? = nil
    /// Called about once a second during long runs, from a background thread.
    public var progress: (@Sendable (ProgressReport) -> Void)? = nil
    /// Seconds between progress reports.
    public var progressInterval: Double = 1.0

    /// Default options: breadth-first, all cores, fingerprints, no symmetry, no limits.
    public init() {}

    /// The number of active processors.
    public static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// These options with `count` worker threads.
    public func threads(_ count: Int) -> Self { var copy = self; copy.threadCount = max(1, count); return copy }
    /// These options with symmetry reduction on or off.
    public func symmetry(_ on: Bool = true) -> Self { var copy = self; copy.usesSymmetry = on; return copy }
    /// These options with the exact store on or off.
    public func exact(_ on: Bool = true) -> Self { var copy = self; copy.usesExactStore = on; return copy }
    /// These options with another strategy.
    public func strategy(_ strategy: Strategy) -> Self { var copy = self; copy.strategy = strategy; return copy }
    /// These options with other limits.
    public func limits(_ limits: Limits) -> Self { var copy = self; copy.limits = limits; return copy }
}

/// The size of a bitstate filter: 2^`bits` bits (8^-1 · 2^bits bytes) and `hashCount` hash functions.
public struct BitstateOptions: Sendable, Equatable, Codable {
    /// log2 of the number of bits, 12...40.
    public var bits: Int
    /// Bits set per state, 1...16 (SPIN's default is 3).
    public var hashCount: Int

    /// A filter of 2^`bits` bits with `hashCount` hash functions.
    public init(bits: Int = BitstateOptions.swarmDefaultBits, hashCount: Int = 3) {
        self.bits = bits
        self.hashCount = hashCount
    }

    /// The filter size of each swarm run when none is given: 2^22 bits, 512 KiB.
    public static let swarmDefaultBits = 22
}

/// Bounds on a run; reaching one ends it cleanly with outcome `.incomplete` and partial statistics.
public struct Limits: Sendable, Equatable, Codable {
    /// Deepest level explored (BFS: states at this depth are not expanded; DFS: the stack depth).
    public var maxDepth: Int? = nil
    /// Most distinct states stored (checked at the end of each BFS level, so it may be exceeded by one
    /// level's worth; the run is then incomplete).
    public var maxStates: Int? = nil
    /// Wall-clock seconds.
    public var maxSeconds: Double? = nil
    /// Resident memory in bytes.
    public var maxMemoryBytes: Int? = nil

    /// No limits.
    public init(maxDepth: Int? = nil, maxStates: Int? = nil, maxSeconds: Double? = nil, maxMemoryBytes: Int? = nil) {
        self.maxDepth = maxDepth
        self.maxStates = maxStates
        self.maxSeconds = maxSeconds
        self.maxMemoryBytes = maxMemoryBytes
    }
}

/// A snapshot of a running search, for progress lines.
public struct ProgressReport: Sendable {
    /// Distinct states stored so far.
    public var distinctStates: Int
    /// Transitions taken so far.
    public var transitions: Int
    /// The BFS level (or DFS stack depth) being explored.
    public var depth: Int
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// Resident memory in bytes.
    public var residentBytes: Int

    /// A one-line rendering: states, depth, states/s, memory.
    public var line: String {
        let rate = elapsedSeconds > 0 ? Double(distinctStates) / elapsedSeconds : 0
        return "progress: \(distinctStates) states, depth \(depth), \(Int(rate)) states/s, "
            + "\(residentBytes / (1 << 20)) MiB, \(String(format: "%.1f", elapsedSeconds)) s"
    }
}
