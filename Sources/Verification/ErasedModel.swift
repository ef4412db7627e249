import Foundation
import ModelChecking

/// `CheckableModel` for a concrete transition system.
struct ErasedModel<System: TransitionSystem>: CheckableModel {
    let system: System
    let arguments: ModelArguments

    var modelName: String { system.name }

    var propertyList: [(name: String, kind: String, summary: String)] {
        system.properties.map { ($0.name, $0.expectation.rawValue, $0.summary) }
    }

    func check(_ request: CheckRequest) throws -> CheckReport {
        var options = request.settings.options
        options.selectedProperties = try selectedProperties(request.config)
        let result = system.runChecker(options: options)

        var violations: [CheckReport.ViolationReport] = []
        for violation in result.violations {
            var files: [String] = []
            if request.writesFiles, let trace = violation.trace,
                let property = system.properties.first(where: { $0.name == violation.property })
            {
                let document = CounterexampleDocument(
                    trace: trace, model: system.name, config: request.config.path, parameters: arguments.values,
                    property: property, symmetry: request.settings.options.usesSymmetry)
                files = try CounterexampleFiles.write(
                    document, of: system, in: request.outputDirectory, named: "\(request.stem).\(property.name)", chart: true)
            }
            violations.append(
                .init(property: violation.property, kind: violation.expectation.rawValue, depth: violation.trace?.steps.count, files: files)
            )
        }
        let outcome: String
        var reason: String? = nil
        switch result.outcome {
        case .holds: outcome = "holds"
        case .violated: outcome = "violated"
        case .incomplete(let why):
            outcome = "incomplete"
            reason = why
        }
        var report = CheckReport(
            model: system.name, config: request.config.path, outcome: outcome, reason: reason, violations: violations,
            witnesses: result.witnesses.keys.sorted().map { .init(property: $0, depth: result.witnesses[$0]!.steps.count) },
            statistics: result.statistics, expectation: nil, exitCode: result.exitCode)
        report.expectation = request.settings.expectation?.compared(with: report)
        return report
    }

    /// The properties `config` selects: those its `[invariants]` and `[sometimes]` sections list, or
    /// every property of a kind whose section is absent.
    ///
    /// - Throws: `InputError` at the entry that names no property of that kind.
    func selectedProperties(_ config: ModelConfig) throws -> Set<String> {
        let names = system.properties.map(\.name)
        var selected: Set<String> = []
        for (section, kind) in [(config.invariants, Property<System.State>.Expectation.always), (config.sometimes, .sometimes)] {
            let ofKind = system.properties.filter { $0.expectation == kind }.map(\.name)
            guard let entries = section else {
                selected.formUnion(ofKind)
                continue
            }
            for entry in entries {
                guard ofKind.contains(entry.key) else {
                    let why =
                        names.contains(entry.key)
                        ? "is not \(kind == .always ? "an invariant" : "a sometimes property")"
                        : "is not a property of model '\(system.name)'"
                    throw InputError(config.path, entry.line, key: entry.key, "\(why); it has \(ofKind.joined(separator: ", "))")
                }
                selected.insert(entry.key)
            }
        }
        return selected
    }

    func replay(_ data: Data, file: String) throws -> ReplayReport {
        let document: CounterexampleDocument<System>
        do {
            document = try JSONDecoder().decode(CounterexampleDocument<System>.self, from: data)
        } catch {
            throw JSONInputProblem.inputError(error, decoding: data, file: file, expected: "a counterexample of model '\(system.name)'")
        }
        guard let property = system.properties.first(where: { $0.name == document.property }) else {
            throw InputError(file, nil, key: "property", "model '\(system.name)' has no property '\(document.property)'")
        }
        guard system.initialStates.contains(document.initialState) else {
            throw InputError(file, nil, key: "initialState", "not an initial state of model '\(system.name)'")
        }
        var state = document.initialState
        for (index, step) in document.steps.enumerated() {
            let enabled = system.actions(in: state)
            guard enabled.contains(step.action), let next = system.successor(of: state, taking: step.action) else {
                let list = enabled.map(\.description).joined(separator: ", ")
                throw InputError(
                    file, nil, key: "steps[\(index)].action",
                    "step \(index + 1): \(step.action) is not enabled in the state before it (enabled: \(list.isEmpty ? "none" : list))")
            }
            guard next == step.state else {
                let differences = StateDiff.changes(from: next, to: step.state).prefix(3).map {
                    "\($0.path): spec has \($0.old), file has \($0.new)"
                }
                throw InputError(
                    file, nil, key: "steps[\(index)].state",
                    "step \(index + 1): the recorded state is not the successor under \(step.action) (\(differences.joined(separator: "; ")))"
                )
            }
            state = next
        }
        let holds = property.condition(state)
        let violated = property.expectation == .always ? !holds : holds
        let message =
            violated
            ? "violation confirmed: \(property.name) fails after step \(document.steps.count)"
            : "the trace replays, but \(property.name) holds in its last state: the model no longer violates it"
        return ReplayReport(
            file: file, model: system.name, property: property.name, steps: document.steps.count, violationConfirmed: violated,
            message: message)
    }
}
