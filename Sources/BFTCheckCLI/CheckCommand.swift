import ArgumentParser
import Foundation
import ModelChecking

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

    @Option(help: "Directory for counterexample files.")
    var output = "Counterexamples"

    @Flag(help: "Write the result as JSON to stdout.")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

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

    func run() throws {
        let path = try ConfigLocator.resolve(config)
        let modelConfig = try ModelConfig.load(path)
        let report = try Self.check(modelConfig, overrides: self)
        if json { try Terminal.json(report) } else { print(CheckSummary.render(report, config: modelConfig)) }
        // An unmet [expect] fails loudly: CI running `check` on a config with expectations must go red.
        if let expectation = report.expectation, !expectation.met {
            throw FailureWithReason(
                status: 1, reason: "\(path): expectation not met: \(expectation.mismatches.joined(separator: "; "))")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Loads the model and settings of `config`, applies the flags, runs, and reports.
    static func check(_ config: ModelConfig, overrides flags: CheckCommand?, stem: String? = nil) throws -> CheckReport {
        guard let entry = ModelCatalog.entry(named: config.model) else {
            let known = ModelCatalog.all.map(\.name).joined(separator: ", ")
            throw InputError(config.path, nil, key: "model", "unknown model '\(config.model)'; known models: \(known)")
        }
        let model = try entry.instantiate(config)
        var settings = try RunSettings(config)
        if let flags { try flags.apply(to: &settings.options) }
        if flags?.noExpect == true { settings.expectation = nil }
        if let seedFlag = flags?.seed { settings.options.seed = seedFlag }
        if settings.options.strategy == .simulation && settings.options.seed == nil {
            settings.options.seed = UInt64.random(in: 0...UInt64.max)
        }
        if flags?.quiet != true {
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
        if settings.options.storage.isActive {
            settings.options.storage.identity = Self.identity(of: config)
            if let directory = settings.options.storage.resumeDirectory {
                do {
                    try Checkpoint.checkResumable(at: directory, identity: settings.options.storage.identity, options: settings.options)
                } catch { throw InputError(nil, nil, key: "--resume", error.description) }
            }
        }
        let request = CheckRequest(
            config: config, settings: settings, outputDirectory: flags?.output ?? "Counterexamples", stem: stem ?? config.name)
        return try model.check(request)
    }

    /// What a checkpoint records of `config`: the model, its parameters in order, and a stable hash of
    /// the sections that shape the state space and the properties (not [limits], [check] or [expect],
    /// which a resumed run may change).
    static func identity(of config: ModelConfig) -> CheckpointIdentity {
        var text = "model=\(config.model)\n"
        func add(_ section: String, _ entries: [ModelConfig.Entry]?) {
            text += "[\(section)]\(entries == nil ? " absent" : "")\n"
            for entry in entries ?? [] { text += "\(entry.key)=\(entry.value)\n" }
        }
        add("parameters", config.parameters)
        add("invariants", config.invariants)
        add("sometimes", config.sometimes)
        add("symmetry", config.symmetry)
        let bytes = Array(text.utf8)
        let words = stride(from: 0, to: bytes.count, by: 8).map { start in
            bytes[start..<min(start + 8, bytes.count)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        let hash = String(Fingerprint.of(words + [UInt64(bytes.count)]), radix: 16)
        return CheckpointIdentity(
            model: config.model, parameters: config.parameters.map { "\($0.key)=\($0.value)" },
            configHash: String(repeating: "0", count: 16 - hash.count) + hash)
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

/// Finds config files by path or by name under `Specs/`.
enum ConfigLocator {
    /// The path of `argument`: itself if it names a file, else `Specs/**/argument(.cfg)`.
    static func resolve(_ argument: String) throws -> String {
        if FileManager.default.fileExists(atPath: argument) { return argument }
        let wanted = argument.hasSuffix(".cfg") ? (argument as NSString).lastPathComponent : argument + ".cfg"
        let matches = allConfigs(under: "Specs").filter { ($0 as NSString).lastPathComponent == wanted }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw InputError(argument, nil, "ambiguous config name; it matches \(matches.joined(separator: ", "))")
        }
        throw InputError(argument, nil, "no such config file (nor a config of that name under Specs/)")
    }

    /// Every `.cfg` file under `directory`, sorted.
    static func allConfigs(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let item = enumerator.nextObject() as? String {
            if item.hasSuffix(".cfg") { result.append((directory as NSString).appendingPathComponent(item)) }
        }
        return result.sorted()
    }
}
