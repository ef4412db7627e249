import ModelChecking

/// The result of `bftcheck test`: the run's settings, the failure (shrunk, with its files) if one was
/// found, and the coverage. Its text and JSON forms hold no timings, so the same seed prints the same
/// bytes; rates go to stderr.
public struct TestReport: Encodable {
    /// A failing walk and its shrunk counterexample.
    public struct Failure: Encodable {
        /// The violated invariant.
        public var property: String
        /// The failing walk, from 1.
        public var run: Int
        /// The failing walk's seed.
        public var runSeed: UInt64
        /// Steps of the walk as it failed.
        public var originalSteps: Int
        /// Steps after shrinking.
        public var shrunkSteps: Int
        /// Candidate schedules executed while shrinking.
        public var shrinkExecutions: Int
        /// Whether shrinking stopped at its budget (the schedule may not be minimal).
        public var shrinkBudgetExhausted: Bool
        /// The shrunk schedule's actions, as the system describes them.
        public var actions: [String]
        /// The counterexample files written (JSON first).
        public var files: [String]
    }

    /// A parameter lowered by config shrinking (`ConfigShrinker`).
    public struct ParameterChange: Encodable, Equatable {
        /// The parameter.
        public var name: String
        /// Its value in the config.
        public var from: String
        /// Its value in the smallest failing instance found (the counterexample's).
        public var to: String

        /// `name` lowered from `from` to `to`.
        public init(name: String, from: String, to: String) {
            self.name = name
            self.from = from
            self.to = to
        }
    }

    /// The config path.
    public var config: String
    /// The model's name.
    public var model: String
    /// The seed; walk i uses seed + i − 1.
    public var seed: UInt64
    /// The scheduler's name.
    public var strategy: String
    /// The most walks asked for.
    public var runsRequested: Int
    /// The most steps per walk.
    public var depth: Int
    /// Whether the test stops once every action kind has fired.
    public var untilCovered: Bool
    /// The walks made.
    public var runs: Int
    /// The steps taken in all.
    public var steps: Int
    /// `passed` or `failed`.
    public var outcome: String
    /// The first failing walk, shrunk.
    public var failure: Failure?
    /// Per action kind and per `sometimes` target.
    public var coverage: ScheduleCoverage
    /// Whether every action kind the config allows fired.
    public var covered: Bool
    /// The command line that makes this run again.
    public var reproduce: String
    /// The command line that makes only the failing walk again.
    public var reproduceFailingRun: String?
    /// The parameters config shrinking lowered, in declaration order (empty: none could be, or the
    /// test passed): the failure and its counterexample are those of the smaller instance.
    public var shrunkParameters: [ParameterChange] = []

    /// The exit status: 1 when a walk failed, else 0.
    public var exitCode: Int32 { failure == nil ? 0 : 1 }

    /// The human-readable form: settings, failure, coverage.
    public var text: String {
        var lines = [
            "test \(config): model \(model), strategy \(strategy), seed \(seed), "
                + "\(Self.count(runsRequested, "run")) of at most \(Self.count(depth, "step"))"
                + (untilCovered ? ", until covered" : "")
        ]
        if let failure {
            lines.append(
                "FAILED: \(failure.property) violated in run \(failure.run) (seed \(failure.runSeed)) after \(Self.count(failure.originalSteps, "step")); "
                    + "shrunk to \(Self.count(failure.shrunkSteps, "step")) in \(Self.count(failure.shrinkExecutions, "execution"))"
                    + (failure.shrinkBudgetExhausted ? " (budget spent; maybe not minimal)" : ""))
            if !shrunkParameters.isEmpty {
                lines.append(
                    "smallest failing bounds: "
                        + shrunkParameters.map { "\($0.name) = \($0.to) (config: \($0.from))" }.joined(separator: ", ")
                        + "; the walk and counterexample below use them")
            }
            for (index, action) in failure.actions.enumerated() { lines.append("  \(index + 1). \(action)") }
            if !failure.files.isEmpty {
                lines.append("counterexample: \(failure.files.joined(separator: " "))")
                lines.append("replay: bftcheck replay \(failure.files[0])")
            }
            if let reproduceFailingRun {
                lines.append(
                    "rerun the failing walk\(shrunkParameters.isEmpty ? "" : " (with the config's bounds)"): \(reproduceFailingRun)")
            }
        } else {
            lines.append("passed: no invariant violated in \(Self.count(runs, "run")) (\(Self.count(steps, "step")))")
        }
        lines.append(
            "coverage: \(Self.count(runs, "run")), \(Self.count(steps, "step")), max depth \(coverage.maxDepth), "
                + "\(coverage.distinctKindsFired) of \(Self.count(coverage.kinds.count, "kind")) fired, "
                + "\(Self.count(coverage.walksEndedWithoutActions, "walk")) ended with no action enabled")
        let width = coverage.kinds.map(\.name.count).max() ?? 0
        for kind in coverage.kinds {
            var line = "  " + kind.name.padding(toLength: width, withPad: " ", startingAt: 0)
            line += "  fired \(kind.fired)  enabled \(kind.enabled)"
            if let excluded = kind.excludedBecause { line += "  excluded: \(excluded)" }
            if !kind.refused.isEmpty {
                line += "  refused: " + kind.refused.map { "\($0.reason) ×\($0.count)" }.joined(separator: "; ")
            }
            lines.append(line)
        }
        if !coverage.targets.isEmpty {
            let reached = coverage.targets.map { target in
                target.shallowestDepth.map { "\(target.name) in \(Self.count(target.runs, "run")) (shallowest \(Self.count($0, "step")))" }
                    ?? "\(target.name) never"
            }
            lines.append("reached: " + reached.joined(separator: "; "))
        }
        if !coverage.unfiredKinds.isEmpty { lines.append("never fired: \(coverage.unfiredKinds.joined(separator: ", "))") }
        lines.append("reproduce: \(reproduce)")
        return lines.joined(separator: "\n")
    }

    /// `1 run`, `2 runs`.
    private static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
}
