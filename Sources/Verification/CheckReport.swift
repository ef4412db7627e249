import ModelChecking

/// The machine-readable result of `bftcheck check` (its `--json` output).
public struct CheckReport: Sendable, Codable {
    /// A failed property.
    public struct ViolationReport: Sendable, Codable {
        /// The property's name.
        public var property: String
        /// `always` or `sometimes`.
        public var kind: String
        /// Steps in the counterexample (absent for unreached targets).
        public var depth: Int?
        /// The counterexample files written.
        public var files: [String]
    }

    /// A reached `sometimes` target.
    public struct WitnessReport: Sendable, Codable {
        /// The property's name.
        public var property: String
        /// Steps in the witness trace.
        public var depth: Int
    }

    /// Whether the outcome matched the config's `[expect]` section.
    public struct ExpectationReport: Sendable, Codable {
        /// Whether everything expected was seen.
        public var met: Bool
        /// What differed, one line each.
        public var mismatches: [String]
    }

    /// The model's name.
    public var model: String
    /// The config path.
    public var config: String
    /// `holds`, `violated` or `incomplete`.
    public var outcome: String
    /// Why an incomplete run stopped.
    public var reason: String?
    /// The failed properties.
    public var violations: [ViolationReport]
    /// The reached targets.
    public var witnesses: [WitnessReport]
    /// The run's statistics.
    public var statistics: CheckStatistics
    /// The comparison with `[expect]`, when the config has one.
    public var expectation: ExpectationReport?
    /// The process exit status.
    public var exitCode: Int32
}
