import Foundation

/// Mutation adequacy of a set of configs (`bftcheck mutate`): every mutant of the model's rules —
/// each operator of `MutationOperator` at each site the spec declares (`MutationSite`) — is checked
/// against the configs, cheapest first, until one of their invariants fails (DeMillo, Lipton &
/// Sayward, IEEE Computer 1978: a test set is adequate when it tells every non-equivalent mutant
/// from the original).
///
/// Only invariants judge (`[sometimes]` targets are not checked): a mutant is killed by a safety
/// violation, never by a target it makes unreachable. Each config must hold un-mutated, and no
/// `[expect]` applies to a mutant's run.
public enum MutationAnalysis {
    /// Runs `request`: the un-mutated configs, then every selected mutant against them.
    ///
    /// - Parameter progress: called with one line per finished run (for a progress display).
    /// - Throws: `InputError` for an empty or mixed set of configs, a model without mutation sites,
    ///   a selection that matches no mutant, a config that does not hold un-mutated, or any error a
    ///   check throws.
    public static func run(_ request: MutationRequest, progress: (String) -> Void = { _ in }) throws -> MutationReport {
        let (entry, configs) = try judgingConfigs(request.configs)
        var names = entry.mutations
        if !request.selection.isEmpty {
            names = names.filter { name in request.selection.contains { name.contains($0) } }
            guard !names.isEmpty else {
                throw InputError(
                    nil, nil, key: "--only",
                    "no mutant of '\(entry.name)' matches \(request.selection.joined(separator: ", ")); its \(entry.mutations.count) mutants are named site/operator (bftcheck mutate --list)"
                )
            }
        }

        // Counterexample files only when they are kept.
        let directory = request.outputDirectory ?? ""

        // The un-mutated runs: each must hold; the judges are then tried fewest states first.
        var baselines: [(config: ModelConfig, judge: MutationReport.Judge)] = []
        for config in configs {
            let (report, seconds) = try timed { try check(config, mutation: nil, request: request, directory: directory, bound: nil) }
            if report.outcome == "violated" {
                let property = report.violations.first?.property ?? "a property"
                throw InputError(config.path, nil, "\(property) is violated un-mutated: a config that judges mutants must hold")
            }
            progress("\(config.name): \(report.outcome) un-mutated, \(report.statistics.distinctStates) states, \(format(seconds))")
            baselines.append((config, .init(config: config.path, states: report.statistics.distinctStates, seconds: seconds)))
        }
        let judges = baselines.enumerated().sorted { ($0.element.judge.states, $0.offset) < ($1.element.judge.states, $1.offset) }
            .map(\.element)

        var mutants: [MutationReport.Mutant] = []
        for (index, name) in names.enumerated() {
            let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
            var result = MutationReport.Mutant(
                name: name, site: parts[0], operator: parts.count > 1 ? parts[1] : "", verdict: .survived, killedBy: nil,
                note: entry.equivalentMutants[name], seconds: 0)
            if result.note != nil && !request.checksArgued {
                result.verdict = .argued
            } else {
                try decide(&result, judges: judges, request: request, directory: directory)
            }
            progress("[\(index + 1)/\(names.count)] \(MutationReport.line(for: result))")
            mutants.append(result)
        }
        return MutationReport(model: entry.name, configs: judges.map(\.judge), mutants: mutants)
    }

    /// Runs the mutant `result` names against `judges` and sets its verdict. Two passes: every
    /// config up to `firstPassStates` (BFS meets most counterexamples at shallow depth, long before
    /// it exhausts a large config; a violation found within the budget is still the shortest), then
    /// in full the configs the first pass left open.
    static func decide(
        _ result: inout MutationReport.Mutant, judges: [(config: ModelConfig, judge: MutationReport.Judge)], request: MutationRequest,
        directory: String
    ) throws {
        let name = result.name
        var stopped = false
        var decided = Set<Int>()
        passes: for pass in 0..<2 {
            for (position, (config, judge)) in judges.enumerated() where !decided.contains(position) {
                // At most `maxGrowth` times the un-mutated states (saturating; never below
                // `growthFloor`, as small runs are cheap), and within `maxStates`.
                let grown = judge.states.multipliedReportingOverflow(by: request.maxGrowth)
                let full = request.maxGrowth == 0 ? nil : grown.overflow ? Int.max : max(grown.partialValue, Self.growthFloor)
                let bound = pass == 0 ? min(full ?? Int.max, Self.firstPassStates) : full
                let (report, seconds) = try timed {
                    try check(config, mutation: name, request: request, directory: directory, bound: bound)
                }
                result.seconds += seconds
                if report.outcome == "violated", let violation = report.violations.first(where: { $0.kind == "always" }) {
                    result.verdict = .killed
                    result.killedBy = .init(
                        config: config.path, property: violation.property, steps: violation.depth, seconds: seconds,
                        files: violation.files)
                    break passes
                }
                if report.outcome != "incomplete" {
                    decided.insert(position)
                } else if pass == 1 || bound == full {
                    // Stopped by the growth bound or `maxStates`, not by the first pass's budget.
                    stopped = true
                    decided.insert(position)
                }
            }
        }
        if result.verdict != .killed {
            result.verdict = result.note != nil && !stopped ? .equivalent : stopped ? .incomplete : .survived
        }
    }

    /// The fewest states the growth bound allows a mutant's run: below this, bounding saves nothing.
    public static let growthFloor = 100_000

    /// The distinct states of a mutant's first pass over each config (see `decide(_:judges:request:directory:)`).
    public static let firstPassStates = 100_000

    /// The entry whose mutants `configs` judge, and the configs as they run: on that model, with
    /// invariants only.
    public static func judgingConfigs(_ configs: [ModelConfig]) throws -> (ModelEntry, [ModelConfig]) {
        guard !configs.isEmpty else { throw InputError(nil, nil, key: "CONFIG", "mutate needs at least one config that holds") }
        var entry: ModelEntry? = nil
        var result: [ModelConfig] = []
        for var config in configs {
            guard let own = ModelCatalog.entry(named: config.model) else {
                let known = ModelCatalog.all.map(\.name).joined(separator: ", ")
                throw InputError(config.path, nil, key: "model", "unknown model '\(config.model)'; known models: \(known)")
            }
            var target = own
            if own.mutations.isEmpty {
                guard let name = own.mutationModel, let other = ModelCatalog.entry(named: name) else {
                    throw InputError(
                        config.path, nil, key: "model",
                        "model '\(own.name)' declares no mutation sites; mutate needs a protocol written on the message-passing layer")
                }
                target = other
                config.model = other.name
            }
            if let entry, entry.name != target.name {
                throw InputError(
                    config.path, nil, key: "model",
                    "its mutants are of '\(target.name)', the first config's of '\(entry.name)': mutate one model at a time")
            }
            if let own = config.parameters.first(where: { $0.key == "mutation" }) {
                throw InputError(config.path, own.line, key: "mutation", "a config that judges mutants must not name a mutant itself")
            }
            config.sometimes = []
            entry = target
            result.append(config)
        }
        return (entry!, result)
    }

    /// Checks `config`, mutated by `mutation` when given, without its `[expect]`, stopping at `bound`
    /// distinct states (or the request's `maxStates`, whichever is lower).
    static func check(
        _ config: ModelConfig, mutation: String?, request: MutationRequest, directory: String, bound: Int?
    ) throws
        -> CheckReport
    {
        var config = config
        var stem = config.name
        if let mutation {
            config.parameters.append(.init(key: "mutation", value: mutation, line: 0))
            stem += "." + mutation.replacingOccurrences(of: "/", with: ".")
        }
        var settings = try RunSettings(config)
        settings.expectation = nil
        if let threads = request.threads { settings.options.threadCount = threads }
        let limits = [request.maxStates, bound].compactMap { $0 }
        if let least = limits.min() { settings.options.limits.maxStates = least }
        var check = CheckRequest(config: config, settings: settings, outputDirectory: directory, stem: stem)
        check.writesFiles = request.outputDirectory != nil
        return try ModelCatalog.check(check)
    }

    /// The value `body` returns and the wall-clock seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, (ContinuousClock.now - start) / .seconds(1))
    }

    /// `1.25 s`.
    static func format(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
}
