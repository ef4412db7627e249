import ModelChecking

/// The run settings a config's `[check]`, `[limits]`, `[symmetry]` and `[expect]` sections give,
/// validated; a caller (the `check` command's flags, a test) may adjust them before the run.
public struct RunSettings {
    /// What `[expect]` asks for; absent fields are not compared.
    public struct Expectation: Sendable {
        /// `holds`, `violated` or `incomplete`.
        public var outcome: String?
        /// The property the first violation must be of.
        public var property: String?
        /// The steps of the first violation's counterexample.
        public var depth: Int?
        /// The distinct states of the run.
        public var states: Int?

        /// An expectation; every field absent by default.
        public init(outcome: String? = nil, property: String? = nil, depth: Int? = nil, states: Int? = nil) {
            self.outcome = outcome
            self.property = property
            self.depth = depth
            self.states = states
        }
    }

    /// The checker's options: strategy, threads, store, limits, seed, symmetry.
    public var options = CheckerOptions()
    /// The config's `[expect]`, if it has one (`nil`: nothing to compare).
    public var expectation: Expectation?

    /// Reads the settings of `config`.
    ///
    /// - Throws: `InputError` naming the file, line and key of a bad value.
    public init(_ config: ModelConfig) throws {
        func boolean(_ entry: ModelConfig.Entry) throws -> Bool {
            guard entry.value == "true" || entry.value == "false" else {
                throw InputError(config.path, entry.line, key: entry.key, "expected true or false, got '\(entry.value)'")
            }
            return entry.value == "true"
        }
        for entry in config.check {
            switch entry.key {
            case "strategy":
                guard let strategy = CheckerOptions.Strategy(rawValue: entry.value) else {
                    throw InputError(config.path, entry.line, key: entry.key, "expected bfs, dfs or simulate, got '\(entry.value)'")
                }
                options.strategy = strategy
            case "threads": options.threadCount = try Inputs.threads.validate(entry, in: config)
            case "exact": options.usesExactStore = try boolean(entry)
            case "seed":
                guard let seed = UInt64(entry.value) else {
                    throw InputError(config.path, entry.line, key: entry.key, "expected an unsigned 64-bit integer, got '\(entry.value)'")
                }
                options.seed = seed
            case "walks": options.walkCount = try Inputs.walks.validate(entry, in: config)
            case "walk_length": options.walkLength = try Inputs.walkLength.validate(entry, in: config)
            case "expect_states": options.expectedStates = try Inputs.expectStates.validate(entry, in: config)
            default:
                throw InputError(
                    config.path, entry.line, key: entry.key,
                    "unknown [check] key; keys are strategy, threads, exact, seed, walks, walk_length, expect_states")
            }
        }
        for entry in config.limits {
            switch entry.key {
            case "max_depth": options.limits.maxDepth = try Inputs.maxDepth.validate(entry, in: config)
            case "max_states": options.limits.maxStates = try Inputs.maxStates.validate(entry, in: config)
            case "max_seconds": options.limits.maxSeconds = try Inputs.maxSeconds.validate(entry, in: config)
            case "max_memory_mb": options.limits.maxMemoryBytes = try Inputs.maxMemoryMiB.validate(entry, in: config) << 20
            default:
                throw InputError(
                    config.path, entry.line, key: entry.key,
                    "unknown [limits] key; keys are max_depth, max_states, max_seconds, max_memory_mb")
            }
        }
        options.usesSymmetry = !config.symmetry.isEmpty
        if !config.expect.isEmpty {
            var expectation = Expectation()
            for entry in config.expect {
                switch entry.key {
                case "outcome":
                    guard ["holds", "violated", "incomplete"].contains(entry.value) else {
                        throw InputError(
                            config.path, entry.line, key: entry.key, "expected holds, violated or incomplete, got '\(entry.value)'")
                    }
                    expectation.outcome = entry.value
                case "property": expectation.property = entry.value
                case "depth": expectation.depth = try Inputs.expectedDepth.validate(entry, in: config)
                case "states": expectation.states = try Inputs.expectedStates.validate(entry, in: config)
                default:
                    throw InputError(
                        config.path, entry.line, key: entry.key, "unknown [expect] key; keys are outcome, property, depth, states")
                }
            }
            self.expectation = expectation
        }
    }
}
