import Foundation
import ModelChecking

extension ErasedModel: ScheduleTestable {
    func scheduleTest(_ request: ScheduleTestRequest, progress: (_ runs: Int, _ steps: Int) -> Void) throws -> TestReport {
        var options = request.options
        options.invariants = try selectedInvariants(request.config)
        if case .targeted(let patterns, _) = options.strategy, !options.strategy.favouredKinds(among: system.actionKindNames).contains(true)
        {
            throw InputError(
                nil, nil, key: "--target",
                "no action kind of model '\(system.name)' contains \(patterns.map { "'\($0)'" }.joined(separator: " or ")); "
                    + "its kinds are \(system.actionKindNames.joined(separator: ", "))")
        }
        let result = ScheduleTester(system, options: options).run { progress($0.runs, $0.steps) }
        var failure: TestReport.Failure? = nil
        if let found = result.failure, let property = system.properties.first(where: { $0.name == found.property }) {
            let files =
                request.writesCounterexample ? try writeScheduleCounterexample(found.shrunk, property: property, request: request) : []
            failure = TestReport.Failure(
                property: found.property, run: found.run, runSeed: found.runSeed, originalSteps: found.original.steps.count,
                shrunkSteps: found.shrunk.steps.count, shrinkExecutions: found.shrinkExecutions,
                shrinkBudgetExhausted: found.shrinkBudgetExhausted, actions: found.shrunk.steps.map(\.action.description), files: files)
        }
        return TestReport(
            config: request.config.path, model: system.name, seed: options.seed, strategy: options.strategy.name,
            runsRequested: options.runs, depth: options.depth, untilCovered: options.untilCovered, runs: result.runs,
            steps: result.steps, outcome: failure == nil ? "passed" : "failed", failure: failure, coverage: result.coverage,
            covered: result.coverage.isComplete, reproduce: request.reproduce,
            reproduceFailingRun: failure.map { request.reproduceRun($0.runSeed) })
    }

    /// The invariants the config's `[invariants]` section names (`nil`: all), checked as `check`
    /// checks them.
    private func selectedInvariants(_ config: ModelConfig) throws -> [String]? {
        guard let entries = config.invariants else { return nil }
        let invariants = system.properties.filter { $0.expectation == .always }.map(\.name)
        for entry in entries where !invariants.contains(entry.key) {
            let why =
                system.properties.contains { $0.name == entry.key }
                ? "is not an invariant" : "is not a property of model '\(system.name)'"
            throw InputError(config.path, entry.line, key: entry.key, "\(why); it has \(invariants.joined(separator: ", "))")
        }
        return entries.map(\.key)
    }

    /// Writes the shrunk trace in the checker's counterexample formats (`CounterexampleDocument` as
    /// canonical JSON, which `bftcheck replay` reads, and `CounterexampleText`), named
    /// `<config>.<property>.test.json|txt` so that it never replaces the checker's own file.
    private func writeScheduleCounterexample(
        _ trace: Trace<System>, property: Property<System.State>, request: ScheduleTestRequest
    ) throws -> [String] {
        let document = CounterexampleDocument(
            trace: trace, model: system.name, config: request.config.path, parameters: arguments.values, property: property,
            symmetry: false)
        return try CounterexampleFiles.write(
            document, of: system, in: request.outputDirectory, named: "\(request.config.name).\(property.name).test", chart: false)
    }
}
