import ModelChecking

/// The result of `bftcheck test`: the run's settings, the failure (shrunk, with its files) if one was
/// found, and the coverage. Its text and JSON forms hold no timings, so the same seed prints the same
/// bytes; rates go to stderr.
struct TestReport: Encodable {
    /// A failing walk and its shrunk counterexample.
    struct Failure: Encodable {
        var property: String
        var run: Int
        var runSeed: UInt64
        var originalSteps: Int
        var shrunkSteps: Int
        var shrinkExecutions: Int
        var shrinkBudgetExhausted: Bool
        /// The shrunk schedule's actions, as the system describes them.
        var actions: [String]
        /// The counterexample files written (JSON first).
        var files: [String]
    }

    var config: String
    var model: String
    var seed: UInt64
    var strategy: String
    var runsRequested: Int
    var depth: Int
    var untilCovered: Bool
    var runs: Int
    var steps: Int
    /// `passed` or `failed`.
    var outcome: String
    var failure: Failure?
    var coverage: ScheduleCoverage
    var covered: Bool
    /// The command line that makes this run again.
    var reproduce: String
    /// The command line that makes only the failing walk again.
    var reproduceFailingRun: String?

    /// The exit status: 1 when a walk failed, else 0.
    var exitCode: Int32 { failure == nil ? 0 : 1 }

    /// The human-readable form: settings, failure, coverage.
    var text: String {
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
            for (index, action) in failure.actions.enumerated() { lines.append("  \(index + 1). \(action)") }
            if !failure.files.isEmpty {
                lines.append("counterexample: \(failure.files.joined(separator: " "))")
                lines.append("replay: bftcheck replay \(failure.files[0])")
            }
            if let reproduceFailingRun { lines.append("rerun the failing walk: \(reproduceFailingRun)") }
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
