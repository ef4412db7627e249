import ModelChecking

/// Shrinking the instance of a failing schedule test (`bftcheck test`): after the failing walk is
/// shrunk, each parameter its model declares shrinkable (`ModelParameter.shrinks`: exploration
/// bounds such as requests, views and sequence numbers, never n or f) is lowered one step at a time,
/// in declaration order, for as long as the same schedule test — same seed, scheduler, runs and
/// depth — still finds the same property violated; the smallest instance's shrunk walk is the
/// counterexample (its file records the lowered parameters, so `bftcheck replay` runs it on them).
///
/// Hypothesis and QuickCheck shrink the generated input; here part of the input is the config, so
/// it shrinks too ("fewer requests, fewer views" of the smallest failing schedule).
public enum ConfigShrinker {
    /// The most schedule tests one config shrinking runs (each at most `runs` walks).
    public static let maxAttempts = 32

    /// `report` (the schedule test of `request` on `entry`), or, when it failed and a shrinkable
    /// parameter can be lowered with the same property still failing, the report of the smallest
    /// such instance, with the lowered parameters in `shrunkParameters`, the original failing walk's
    /// run, seed and length, and the shrinking executions of every attempt added up.
    ///
    /// - Throws: what writing the final counterexample throws.
    public static func shrink(_ report: TestReport, of request: ScheduleTestRequest, on entry: ModelEntry) throws -> TestReport {
        guard let failure = report.failure else { return report }
        var current = request.config
        var changes: [TestReport.ParameterChange] = []
        var attempts = 0
        var executions = failure.shrinkExecutions
        for parameter in entry.parameters where parameter.shrinks {
            guard case .integer(let range) = parameter.kind, let text = value(of: parameter, in: current), var value = Int(text) else {
                continue
            }
            let start = value
            while value > range.lowerBound && attempts < maxAttempts {
                attempts += 1
                let candidate = setting(parameter.name, to: value - 1, in: current)
                var attempt = request
                attempt.config = candidate
                attempt.writesCounterexample = false
                // A smaller instance the model refuses (e.g. too few requests for its other bounds) ends this parameter.
                guard let model = try? entry.instantiate(candidate), let result = try? model.scheduleTest(attempt, progress: { _, _ in }),
                    let found = result.failure, found.property == failure.property
                else { break }
                executions += found.shrinkExecutions
                current = candidate
                value -= 1
            }
            if value < start { changes.append(TestReport.ParameterChange(name: parameter.name, from: text, to: String(value))) }
        }
        guard !changes.isEmpty else { return report }
        // The smallest instance again, writing its counterexample (the same seed gives the same walk).
        var final = request
        final.config = current
        var result = try entry.instantiate(current).scheduleTest(final, progress: { _, _ in })
        guard var smallest = result.failure else { return report }
        smallest.run = failure.run
        smallest.runSeed = failure.runSeed
        smallest.originalSteps = failure.originalSteps
        smallest.shrinkExecutions = executions
        result.failure = smallest
        result.shrunkParameters = changes
        result.config = report.config
        result.runs = report.runs
        result.steps = report.steps
        result.coverage = report.coverage
        result.covered = report.covered
        result.reproduce = report.reproduce
        result.reproduceFailingRun = report.reproduceFailingRun
        return result
    }

    /// The value of `parameter` in `config`, or its default.
    static func value(of parameter: ModelParameter, in config: ModelConfig) -> String? {
        config.parameters.last(where: { $0.key == parameter.name })?.value ?? parameter.defaultValue
    }

    /// `config` with `name` set to `value`.
    static func setting(_ name: String, to value: Int, in config: ModelConfig) -> ModelConfig {
        var result = config
        if let index = result.parameters.lastIndex(where: { $0.key == name }) {
            result.parameters[index].value = String(value)
        } else {
            result.parameters.append(ModelConfig.Entry(key: name, value: String(value), line: 0))
        }
        return result
    }
}
