import ArgumentParser
import Foundation
import ModelChecking
import Verification

/// `bftcheck test CONFIG --runs N --seed S`: random schedule testing of any model with shrinking and
/// coverage (Docs/testing.md).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Random schedules of a model config; a failure is shrunk and written as a replayable counterexample.",
        discussion: """
            Makes up to --runs seeded random walks of at most --depth steps, checks the config's \
            invariants in every state, and shrinks the first failing walk (delta debugging, then \
            simpler actions) to a counterexample that 'bftcheck replay' reads; then lowers the \
            model's exploration bounds (e.g. requests, views, sequence numbers) while the same \
            property still fails, and reports the smallest failing instance. Schedulers: uniform, \
            pct (random priorities over action kinds with --change-points changes) and targeted \
            (kinds whose name contains a --target pattern weigh --weight times more). The seed is \
            printed; the same seed prints the same bytes. Exit status: 0 no failure, 1 a walk \
            failed (counterexample written under --output), 2 bad input.
            """
    )

    @Argument(help: "The config file, or a config name under Specs/.")
    var config: String

    @Option(parsing: .unconditional, help: "The most random walks (default 100).")
    var runs = 100

    @Option(parsing: .unconditional, help: "The most steps per walk (default 100).")
    var depth = 100

    @Option(parsing: .unconditional, help: "The seed (default: the config's [check] seed, else a fresh one, printed).")
    var seed: UInt64?

    @Option(help: "Scheduler: uniform, pct or targeted (default uniform; targeted when --target is given).")
    var strategy: String?

    @Option(parsing: .unconditional, help: "pct: priority-change points per walk (default 3).")
    var changePoints: Int?

    @Option(help: "targeted: favour action kinds whose name contains one of these patterns (separated by '|' or ',').")
    var target: String?

    @Option(parsing: .unconditional, help: "targeted: how many times a favoured action outweighs another (default 10).")
    var weight: Int?

    @Flag(help: "Stop after the first walk at which every action kind the config allows has fired (up to --runs).")
    var untilCovered = false

    @Flag(inversion: .prefixedNo, help: "Shrink a failing walk and its bounds (default on).")
    var shrink = true

    @Option(parsing: .unconditional, help: "The most candidate schedules to execute while shrinking (default 5000).")
    var shrinkBudget: Int?

    /// --output, --json and --quiet.
    @OptionGroup var reporting: ReportOptions
    /// The directory for counterexample files.
    var output: String { reporting.output }
    /// Whether the result goes to stdout as JSON.
    var json: Bool { reporting.json }
    /// Whether progress lines are off.
    var quiet: Bool { reporting.quiet }

    func run() throws {
        let path = try ConfigLocator.resolve(config)
        let modelConfig = try ModelConfig.load(path)
        let started = ContinuousClock.now
        var lastLine = 0.0
        let report = try Self.test(modelConfig, flags: self) { runs, steps in
            guard !quiet else { return }
            // A line a second at most, none for a run shorter than that.
            let now = (ContinuousClock.now - started) / .seconds(1)
            guard now - lastLine >= 1 else { return }
            lastLine = now
            Terminal.note(String(format: "test: %d runs, %d steps, %.1f schedules/s", runs, steps, Double(runs) / now))
        }
        if json { try Terminal.json(report) } else { print(report.text) }
        if !quiet {
            let seconds = max((ContinuousClock.now - started) / .seconds(1), 1e-9)
            Terminal.note(
                String(
                    format: "test: %d runs, %d steps in %.2f s: %.1f schedules/s, %.0f steps/s", report.runs, report.steps, seconds,
                    Double(report.runs) / seconds, Double(report.steps) / seconds))
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Validates the flags, runs the schedule test of `config`, and reports (no output of its own
    /// except the seed line on stderr).
    ///
    /// - Parameter progress: called after every walk with the walks and steps so far.
    /// - Throws: `InputError` for bad flags or config values.
    static func test(_ config: ModelConfig, flags: TestCommand, progress: (Int, Int) -> Void = { _, _ in }) throws -> TestReport {
        guard let entry = ModelCatalog.entry(named: config.model) else {
            let known = ModelCatalog.all.map(\.name).joined(separator: ", ")
            throw InputError(config.path, nil, key: "model", "unknown model '\(config.model)'; known models: \(known)")
        }
        let settings = try RunSettings(config)
        var options = ScheduleTestOptions()
        options.runs = try Inputs.testRuns.validate(flags.runs)
        options.depth = try Inputs.testDepth.validate(flags.depth)
        options.untilCovered = flags.untilCovered
        options.shrinks = flags.shrink
        if let budget = try Inputs.shrinkBudget.validate(flags.shrinkBudget) { options.maxShrinkExecutions = budget }
        options.strategy = try flags.strategyOption()
        options.seed = flags.seed ?? settings.options.seed ?? UInt64.random(in: 0...UInt64.max)

        let model = try entry.instantiate(config)
        let reproduce = flags.commandLine(path: config.path, seed: options.seed, runs: options.runs, strategy: options.strategy)
        if !flags.quiet { Terminal.note("test: seed \(options.seed); reproduce with \(reproduce)") }
        let request = ScheduleTestRequest(
            config: config, options: options, outputDirectory: flags.output, reproduce: reproduce,
            reproduceRun: { flags.commandLine(path: config.path, seed: $0, runs: 1, strategy: options.strategy) })
        let report = try model.scheduleTest(request, progress: progress)
        return options.shrinks ? try ConfigShrinker.shrink(report, of: request, on: entry) : report
    }

    /// The scheduler the flags ask for.
    private func strategyOption() throws -> ScheduleStrategy {
        let name = strategy ?? (target == nil ? "uniform" : "targeted")
        let changePoints = try Inputs.changePoints.validate(changePoints)
        let weight = try Inputs.targetWeight.validate(weight)
        if changePoints != nil && name != "pct" { throw InputError(nil, nil, key: "--change-points", "needs --strategy pct") }
        if (target != nil || weight != nil) && name != "targeted" {
            throw InputError(nil, nil, key: target != nil ? "--target" : "--weight", "needs --strategy targeted")
        }
        switch name {
        case "uniform": return .uniform
        case "pct": return .priorityChanges(changePoints: changePoints ?? 3)
        case "targeted":
            let patterns = (target ?? "").split(whereSeparator: { $0 == "|" || $0 == "," }).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            guard !patterns.isEmpty else {
                throw InputError(
                    nil, nil, key: "--target", "--strategy targeted needs a pattern naming action kinds (e.g. --target timeout)")
            }
            return .targeted(patterns: patterns, weight: weight ?? 10)
        default:
            throw InputError(nil, nil, key: "--strategy", "expected uniform, pct or targeted, got '\(name)'")
        }
    }

    /// `bftcheck test …` with the flags that shape the walks.
    private func commandLine(path: String, seed: UInt64, runs: Int, strategy: ScheduleStrategy) -> String {
        var line = "bftcheck test \(path) --seed \(seed) --runs \(runs) --depth \(depth) --strategy \(strategy.name)"
        switch strategy {
        case .uniform: break
        case .priorityChanges(let points): line += " --change-points \(points)"
        case .targeted(let patterns, let weight): line += " --target '\(patterns.joined(separator: "|"))' --weight \(weight)"
        }
        if untilCovered && runs > 1 { line += " --until-covered" }
        if !shrink { line += " --no-shrink" }
        if let shrinkBudget { line += " --shrink-budget \(shrinkBudget)" }
        return line
    }
}
