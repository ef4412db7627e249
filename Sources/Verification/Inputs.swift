/// Every number a check takes from a user — a `check` flag or a config key of `[check]`, `[limits]` or
/// `[expect]` — with its declared range.
///
/// `RunSettings` and the `check` command validate through these before computing anything; the
/// boundary-value tests (`NumericInputBoundaryTests`) feed each of them 0, −1, 1, `Int.max`, `Int.min`,
/// huge doubles, `inf` and `nan`. Ranges are chosen so that everything derived from a validated value
/// (bytes from MiB, sizes times counts) stays far inside 64-bit arithmetic. The other commands' ranges
/// are declared beside them, in the CLI's `NumericInput+Catalogue.swift`.
public enum Inputs {
    // MARK: Checking (`check` flags and a config's [check]/[limits]/[expect] sections)

    /// Worker threads of a breadth-first run (each has scratch memory up front).
    public static let threads = NumericInput<Int>(flag: "--threads", configKey: "threads", 1...1024)
    /// The depth bound.
    public static let maxDepth = NumericInput<Int>(flag: "--max-depth", configKey: "max_depth", 0...1_000_000_000)
    /// The distinct-state bound.
    public static let maxStates = NumericInput<Int>(flag: "--max-states", configKey: "max_states", 1...(1 << 50))
    /// `mutate`: how many times the un-mutated run's states a mutant's run may reach before it stops
    /// (0: no bound); `states × growth` is overflow-checked where it is used.
    public static let maxGrowth = NumericInput<Int>(flag: "--max-growth", configKey: "max_growth", 0...1_000_000)
    /// The wall-clock bound of a run.
    public static let maxSeconds = NumericInput<Double>(
        flag: "--max-seconds", configKey: "max_seconds", 0.001...31_536_000, unit: "seconds")
    /// The resident-memory bound; `<< 20` of it fits easily in 64 bits.
    public static let maxMemoryMiB = NumericInput<Int>(flag: "--max-memory-mb", configKey: "max_memory_mb", 1...(1 << 24), unit: "MiB")
    /// Random walks of a simulation run.
    public static let walks = NumericInput<Int>(flag: "--walks", configKey: "walks", 1...1_000_000_000)
    /// Steps per random walk.
    public static let walkLength = NumericInput<Int>(flag: "--walk-length", configKey: "walk_length", 1...1_000_000)
    /// The distinct states a run is expected to store: the seen-set is allocated at that size up front.
    public static let expectStates = NumericInput<Int>(flag: "--expect-states", configKey: "expect_states", 1...(1 << 40))
    /// log2 of a bitstate filter's bits (2^40 bits = 128 GiB is the most a machine could hold).
    public static let bitstateBits = NumericInput<Int>(flag: "--bitstate", configKey: "bitstate", 12...40, unit: "log2 bits")
    /// Bits set per state in a bitstate filter.
    public static let hashes = NumericInput<Int>(flag: "--hashes", configKey: "hashes", 1...16)
    /// Runs of a swarm.
    public static let swarmRuns = NumericInput<Int>(flag: "--swarm", configKey: "swarm", 1...100_000)
    /// Levels between two checkpoints of a breadth-first run.
    public static let checkpointEvery = NumericInput<Int>(flag: "--checkpoint-every", 1...1_000_000)
    /// The memory budget of a breadth-first run's frontier and parent log, in bytes (`--memory 16GiB`):
    /// from 64 KiB (which spills almost everything: for tests) to 64 TiB.
    public static let memoryBudget = NumericInput<Int>(flag: "--memory", (1 << 16)...(1 << 46), unit: "bytes")
    /// `[expect] depth`.
    public static let expectedDepth = NumericInput<Int>(flag: nil, configKey: "depth", 0...1_000_000_000)
    /// `[expect] states`.
    public static let expectedStates = NumericInput<Int>(flag: nil, configKey: "states", 0...(1 << 50))
}
