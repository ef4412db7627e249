import ModelChecking

/// What a schedule test (`bftcheck test`) should do: the config, the tester's options, where the
/// shrunk counterexample goes, and the command lines that reproduce the run.
public struct ScheduleTestRequest {
    /// The model config; its `[invariants]` select the invariants checked at every step.
    public var config: ModelConfig
    /// The walks, their scheduler, seed and shrinking (its `invariants` are set from `config`).
    public var options: ScheduleTestOptions
    /// The directory the shrunk counterexample is written into.
    public var outputDirectory: String
    /// The command line that reruns the whole test (reported, never run).
    public var reproduce: String
    /// The command line that reruns one walk, given that walk's seed.
    public var reproduceRun: (UInt64) -> String
    /// Whether a failure's counterexample files are written (not for the attempts of `ConfigShrinker`).
    public var writesCounterexample = true

    /// A schedule-test request.
    ///
    /// - Parameters:
    ///   - config: the model config.
    ///   - options: the tester's options.
    ///   - outputDirectory: where the counterexample goes.
    ///   - reproduce: the command line that reruns the test.
    ///   - reproduceRun: the command line that reruns the walk with a given seed.
    public init(
        config: ModelConfig, options: ScheduleTestOptions, outputDirectory: String, reproduce: String,
        reproduceRun: @escaping (UInt64) -> String
    ) {
        self.config = config
        self.options = options
        self.outputDirectory = outputDirectory
        self.reproduce = reproduce
        self.reproduceRun = reproduceRun
    }
}
