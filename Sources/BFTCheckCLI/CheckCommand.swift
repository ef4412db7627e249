import ArgumentParser
import DistributedChecking
import Foundation
import ModelChecking
import Verification

/// `bftcheck check CONFIG`: explores a model config and reports whether its properties hold.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Explore a model config; write a counterexample when a property fails.",
        discussion: """
            CONFIG is a .cfg file (see Specs/README.md) or the name of one under Specs/. Flags override \
            the config's [check] and [limits] sections. Exit status: 0 holds, 1 violated or the config's \
            [expect] not met (one line on stderr says what differed; --no-expect ignores [expect]), \
            2 bad input, 3 stopped by a limit.
            """
    )

    @Argument(help: "The config file, or a config name under Specs/.")
    var config: String

    @Option(help: "Search strategy: bfs, dfs or simulate.")
    var strategy: String?

    @Option(parsing: .unconditional, help: "Worker threads for bfs, 1...1024 (default: the config's, else all cores).")
    var threads: Int?

    @Flag(inversion: .prefixedNo, help: "Reduce by the model's symmetry (default: as the config's [symmetry] says).")
    var symmetry: Bool?

    @Flag(help: "Store full states instead of 64-bit fingerprints.")
    var exact = false

    @Option(parsing: .unconditional, help: "Stop after this depth.") var maxDepth: Int?
    @Option(parsing: .unconditional, help: "Stop after this many distinct states.") var maxStates: Int?
    @Option(parsing: .unconditional, help: "Stop after this many seconds.") var maxSeconds: Double?
    @Option(parsing: .unconditional, help: "Stop when resident memory reaches this many MiB.") var maxMemoryMb: Int?
    @Option(parsing: .unconditional, help: "Simulation seed.") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Simulation: number of random walks.") var walks: Int?
    @Option(parsing: .unconditional, help: "Simulation: steps per walk.") var walkLength: Int?

    /// --output, --json and --quiet.
    @OptionGroup var reporting: ReportOptions
    /// The directory for counterexample files.
    var output: String { reporting.output }
    /// Whether the result goes to stdout as JSON.
    var json: Bool { reporting.json }
    /// Whether progress lines are off.
    var quiet: Bool { reporting.quiet }

    @Option(
        parsing: .unconditional,
        help: "Bitstate hashing with 2^N bits (12...40) instead of the seen-set: fixed memory, CAN MISS STATES.")
    var bitstate: Int?

    @Option(parsing: .unconditional, help: "Bitstate: bits set per state (1...16, default 3).")
    var hashes: Int?

    @Option(
        parsing: .unconditional,
        help: "Swarm: N diversified bitstate DFS runs over the threads, seeds S...S+N-1 (--seed S). Not exhaustive.")
    var swarm: Int?

    @Option(
        parsing: .unconditional,
        help: "Allocate the seen-set for this many states up front (no growth copies); counts do not change.")
    var expectStates: Int?

    @Flag(help: "Ignore the config's [expect] section (exploratory runs).")
    var noExpect = false

    @Option(help: "BFS: write a resumable checkpoint into this directory at the end of levels (and when a limit stops the run).")
    var checkpoint: String?

    @Option(parsing: .unconditional, help: "BFS: levels between checkpoints, 1...1000000 (default 1).")
    var checkpointEvery: Int?

    @Option(help: "BFS: continue the run saved in this checkpoint directory (same model, config and options).")
    var resume: String?

    @Option(help: "BFS: memory budget of the frontier and parent log, e.g. 512MiB or 16GiB; past it they spill to disk.")
    var memory: String?

    @Option(help: "BFS: directory for spilled segment files (default: the system's temporary directory).")
    var scratch: String?

    @Flag(
        help: """
            Distributed BFS over MPI: run under mpirun (e.g. mpirun -np 4 bftcheck check CONFIG --mpi); states are \
            partitioned among the ranks, rank 0 reports and writes the files. Same counts and counterexamples as a \
            single-process run.
            """)
    var mpi = false

    func run() throws {
        guard mpi else { return try runChecking(cluster: nil) }
        let communicator: MPICommunicator
        do { communicator = try MPICommunicator() } catch { throw InputError(nil, nil, key: "--mpi", error.description) }
        defer { communicator.finalize() }
        if communicator.rank == 0 { return try runChecking(cluster: communicator) }
        // The other ranks say nothing and exit with the status rank 0 exits with.
        do {
            try runChecking(cluster: communicator)
        } catch let failure as FailureWithReason {
            throw ExitCode(failure.status)
        } catch let code as ExitCode {
            throw code
        } catch {
            throw ExitCode(2)
        }
    }

    /// Checks the config, on the ranks of `cluster` when it is given; only rank 0 prints.
    private func runChecking(cluster: MPICommunicator?) throws {
        let path = try ConfigLocator.resolve(config)
        let modelConfig = try ModelConfig.load(path)
        let signals = InterruptSignals(checkpointing: checkpoint != nil)
        defer { signals.release() }
        var report = try Self.check(modelConfig, overrides: self, cluster: cluster, stopRequest: signals.request)
        let speaks = (cluster?.rank ?? 0) == 0
        // The JSON says the status the process exits with: 1 for an unmet [expect] too.
        if let expectation = report.expectation, !expectation.met { report.exitCode = 1 }
        if speaks {
            if json { try Terminal.json(report) } else { print(CheckSummary.render(report, config: modelConfig)) }
        }
        // An unmet [expect] fails loudly: CI running `check` on a config with expectations must go red.
        if let expectation = report.expectation, !expectation.met {
            throw FailureWithReason(
                status: 1, reason: "\(path): expectation not met: \(expectation.mismatches.joined(separator: "; "))")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Loads the model and settings of `config`, applies the flags, runs (on the ranks of `cluster`
    /// when it is given), and reports.
    static func check(
        _ config: ModelConfig, overrides flags: CheckCommand?, stem: String? = nil, cluster: (any SearchCluster)? = nil,
        stopRequest: StopRequest? = nil
    ) throws -> CheckReport {
        let model = try ModelCatalog.model(for: config)
        var settings = try RunSettings(config)
        if let flags { try flags.apply(to: &settings.options) }
        if let cluster {
            try flags?.checkDistributable(settings.options)
            settings.options.cluster = cluster
        }
        settings.options.stopRequest = stopRequest
        if flags?.noExpect == true { settings.expectation = nil }
        if let seedFlag = flags?.seed { settings.options.seed = seedFlag }
        if settings.options.strategy == .simulation && settings.options.seed == nil {
            settings.options.seed = UInt64.random(in: 0...UInt64.max)
        }
        if flags?.quiet != true && (cluster?.rank ?? 0) == 0 {
            settings.options.progress = { Terminal.note($0.line) }
        }
        if let runs = settings.options.swarmRuns {
            let seed = settings.options.seed ?? 0
            let filter = settings.options.bitstate ?? BitstateOptions()
            Terminal.note(
                "swarm seeds \(seed)...\(seed &+ UInt64(runs - 1)): reproduce with bftcheck check \(config.path) --swarm \(runs) "
                    + "--seed \(seed) --bitstate \(filter.bits) --hashes \(filter.hashCount)")
        }
        if settings.options.strategy == .simulation, let seed = settings.options.seed {
            Terminal.note(
                "simulation seed \(seed): reproduce with bftcheck check \(config.path) --strategy simulate --seed \(seed) --walks \(settings.options.walkCount) --walk-length \(settings.options.walkLength)"
            )
        }
        var request = CheckRequest(config: config, settings: settings, outputDirectory: flags?.output ?? "Counterexamples", stem: stem)
        request.writesFiles = (cluster?.rank ?? 0) == 0
        return try model.check(request)
    }

    /// Bytes from a size such as `512MiB`, `16GiB`, `64KiB` or `1048576` (binary units; `B` optional).
    static func bytes(fromSize text: String) throws -> Int {
        let units: [(String, Int)] = [
            ("TIB", 40), ("GIB", 30), ("MIB", 20), ("KIB", 10), ("TB", 40), ("GB", 30), ("MB", 20), ("KB", 10), ("B", 0),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = Substring(trimmed)
        var shift = 0
        for (suffix, unitShift) in units where trimmed.uppercased().hasSuffix(suffix) {
            digits = trimmed.dropLast(suffix.count)
            shift = unitShift
            break
        }
        guard let number = Int(digits.trimmingCharacters(in: .whitespaces)), number >= 0 else {
            throw InputError(nil, nil, key: "--memory", "expected a size such as 512MiB or 16GiB, got '\(text)'")
        }
        let (value, overflow) = number.multipliedReportingOverflow(by: 1 << shift)
        return try Inputs.memoryBudget.validate(overflow ? Int.max : value)
    }

    /// Throws unless a distributed run (`--mpi`) can do what the flags and the config ask: the first
    /// flag it cannot honour is named (exit status 2).
    func checkDistributable(_ options: CheckerOptions) throws {
        let flags: [(String, Bool)] = [
            ("--strategy", strategy != nil && strategy != CheckerOptions.Strategy.breadthFirst.rawValue),
            ("--exact", exact), ("--bitstate", bitstate != nil), ("--hashes", hashes != nil), ("--swarm", swarm != nil),
            ("--checkpoint", checkpoint != nil), ("--checkpoint-every", checkpointEvery != nil), ("--resume", resume != nil),
            ("--memory", memory != nil), ("--scratch", scratch != nil), ("--seed", seed != nil), ("--walks", walks != nil),
            ("--walk-length", walkLength != nil),
        ]
        if let (flag, _) = flags.first(where: { $0.1 }) {
            throw InputError(
                nil, nil, key: flag, "cannot be combined with --mpi (a distributed run is a breadth-first search with 64-bit fingerprints)")
        }
        // What the config's [check] section asks for.
        let why: String? =
            options.strategy != .breadthFirst
            ? "the config's strategy is \(options.strategy.rawValue)"
            : options.usesExactStore
                ? "the config asks for the exact store"
                : options.bitstate != nil || options.swarmRuns != nil ? "the config asks for bitstate hashing or a swarm" : nil
        if let why {
            throw InputError(nil, nil, key: "--mpi", "\(why); a distributed run is a breadth-first search with 64-bit fingerprints")
        }
    }

    private func apply(to options: inout CheckerOptions) throws {
        if let strategy {
            guard let parsed = CheckerOptions.Strategy(rawValue: strategy) else {
                throw InputError(nil, nil, key: "--strategy", "expected bfs, dfs or simulate, got '\(strategy)'")
            }
            options.strategy = parsed
        }
        if let threads = try Inputs.threads.validate(threads) { options.threadCount = threads }
        if let symmetry { options.usesSymmetry = symmetry }
        if exact { options.usesExactStore = true }
        if let maxDepth = try Inputs.maxDepth.validate(maxDepth) { options.limits.maxDepth = maxDepth }
        if let maxStates = try Inputs.maxStates.validate(maxStates) { options.limits.maxStates = maxStates }
        if let maxSeconds = try Inputs.maxSeconds.validate(maxSeconds) { options.limits.maxSeconds = maxSeconds }
        if let mib = try Inputs.maxMemoryMiB.validate(maxMemoryMb) { options.limits.maxMemoryBytes = mib << 20 }
        if let walks = try Inputs.walks.validate(walks) { options.walkCount = walks }
        if let walkLength = try Inputs.walkLength.validate(walkLength) { options.walkLength = walkLength }
        if let expected = try Inputs.expectStates.validate(expectStates) { options.expectedStates = expected }
        let hashCount = try Inputs.hashes.validate(hashes)
        if let bits = try Inputs.bitstateBits.validate(bitstate) {
            options.bitstate = BitstateOptions(bits: bits, hashCount: hashCount ?? 3)
        } else if let hashCount {
            guard swarm != nil else { throw InputError(nil, nil, key: "--hashes", "needs --bitstate or --swarm") }
            options.bitstate = BitstateOptions(hashCount: hashCount)
        }
        if let runs = try Inputs.swarmRuns.validate(swarm) {
            guard options.strategy != .simulation else {
                throw InputError(nil, nil, key: "--swarm", "a swarm is of depth-first runs; drop --strategy simulate")
            }
            options.swarmRuns = runs
        }
        if let every = try Inputs.checkpointEvery.validate(checkpointEvery) {
            guard checkpoint != nil else { throw InputError(nil, nil, key: "--checkpoint-every", "needs --checkpoint DIR") }
            options.storage.checkpointEvery = every
        }
        options.storage.checkpointDirectory = checkpoint
        options.storage.resumeDirectory = resume
        if let memory { options.storage.memoryBudgetBytes = try Self.bytes(fromSize: memory) }
        if let scratch {
            guard memory != nil else { throw InputError(nil, nil, key: "--scratch", "needs --memory SIZE") }
            options.storage.scratchDirectory = scratch
        }
        if options.storage.isActive && (options.strategy != .breadthFirst || options.swarmRuns != nil) {
            throw InputError(
                nil, nil, key: checkpoint != nil ? "--checkpoint" : resume != nil ? "--resume" : "--memory", "applies to bfs runs only")
        }
        if options.storage.checkpointDirectory != nil && options.bitstate != nil {
            throw InputError(nil, nil, key: "--checkpoint", "cannot be combined with --bitstate")
        }
        if options.bitstate != nil && options.usesExactStore {
            throw InputError(nil, nil, key: "--bitstate", "cannot be combined with --exact")
        }
    }
}
