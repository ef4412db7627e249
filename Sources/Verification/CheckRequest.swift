/// What a check should do: the config, the settings it runs with, and where counterexample files go.
public struct CheckRequest {
    /// The model config: its model, parameters and property selection.
    public var config: ModelConfig
    /// The checker options and the expectation, read from the config and then adjusted by the caller.
    public var settings: RunSettings
    /// The directory counterexample files are written into (created when missing).
    public var outputDirectory: String
    /// The first part of the counterexample file names, `<stem>.<Property>.*`: the config's name, or
    /// another name that distinguishes runs of one config with other settings (e.g. `sweep`).
    public var stem: String
    /// Whether counterexample files are written (the report still gives each counterexample's depth).
    /// Off on the ranks of a distributed run other than rank 0, which writes them.
    public var writesFiles = true

    /// A request to check `config` with `settings`.
    ///
    /// - Parameters:
    ///   - config: the model config.
    ///   - settings: the run settings (see `RunSettings.init(_:)` for those the config gives).
    ///   - outputDirectory: where counterexample files go; `Counterexamples` by default.
    ///   - stem: the file-name stem; the config's name (`config.name`) by default.
    public init(config: ModelConfig, settings: RunSettings, outputDirectory: String = "Counterexamples", stem: String? = nil) {
        self.config = config
        self.settings = settings
        self.outputDirectory = outputDirectory
        self.stem = stem ?? config.name
    }

    /// A request to check `config` with the settings its `[check]`, `[limits]`, `[symmetry]` and
    /// `[expect]` sections give.
    ///
    /// - Throws: `InputError` naming the file, line and key of a bad setting.
    public init(config: ModelConfig, outputDirectory: String = "Counterexamples") throws {
        self.init(config: config, settings: try RunSettings(config), outputDirectory: outputDirectory)
    }
}
