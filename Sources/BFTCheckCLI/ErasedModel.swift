import Foundation
import ModelChecking

/// A model with its type erased, so the commands can check and replay any registered system.
protocol CheckableModel: Sendable {
    /// The model's name.
    var modelName: String { get }
    /// The model's properties: name, kind, summary.
    var propertyList: [(name: String, kind: String, summary: String)] { get }
    /// Runs a check, writes counterexample files, and reports.
    func check(_ request: CheckRequest) throws -> CheckReport
    /// Replays a counterexample file.
    func replay(_ data: Data, file: String) throws -> ReplayReport
    /// The `ErasedModel` underneath, for commands that need the concrete system back.
    var unwrapped: any CheckableModel { get }
}

extension CheckableModel {
    /// Itself.
    var unwrapped: any CheckableModel { self }
}

/// A `CheckableModel` made of closures that were created where the model's type was concrete.
struct SpecializedModel: CheckableModel {
    let base: any CheckableModel
    let modelName: String
    let propertyList: [(name: String, kind: String, summary: String)]
    let checkBody: @Sendable (CheckRequest) throws -> CheckReport
    let replayBody: @Sendable (Data, String) throws -> ReplayReport

    func check(_ request: CheckRequest) throws -> CheckReport { try checkBody(request) }
    func replay(_ data: Data, file: String) throws -> ReplayReport { try replayBody(data, file) }
    var unwrapped: any CheckableModel { base }
}

/// What `check` should do.
struct CheckRequest {
    var config: ModelConfig
    var settings: RunSettings
    var outputDirectory: String
    /// Distinguishes the file names of runs of one config with other settings (e.g. `sweep`).
    var stem: String
}

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
        let config = request.config
        // Property selection from [invariants] and [sometimes].
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
        options.selectedProperties = selected
        let result = Checker(system, options: options).run()

        var violations: [CheckReport.ViolationReport] = []
        for violation in result.violations {
            var files: [String] = []
            if let trace = violation.trace, let property = system.properties.first(where: { $0.name == violation.property }) {
                files = try writeCounterexample(trace, property: property, request: request)
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
            model: system.name, config: config.path, outcome: outcome, reason: reason, violations: violations,
            witnesses: result.witnesses.keys.sorted().map { .init(property: $0, depth: result.witnesses[$0]!.steps.count) },
            statistics: result.statistics, expectation: nil, exitCode: result.exitCode)
        if let expected = request.settings.expectation {
            var mismatches: [String] = []
            if let outcome = expected.outcome, outcome != report.outcome {
                mismatches.append("expected outcome \(outcome), got \(report.outcome)")
            }
            if let property = expected.property, report.violations.first?.property != property {
                mismatches.append("expected \(property) to be violated, got \(report.violations.first?.property ?? "no violation")")
            }
            if let depth = expected.depth, report.violations.first?.depth != depth {
                mismatches.append(
                    "expected a counterexample of \(depth) steps, got \(report.violations.first?.depth.map(String.init) ?? "none")")
            }
            if let states = expected.states, states != result.statistics.distinctStates {
                mismatches.append("expected \(states) distinct states, got \(result.statistics.distinctStates)")
            }
            report.expectation = .init(met: mismatches.isEmpty, mismatches: mismatches)
        }
        return report
    }

    /// Writes the JSON, text and (for charting systems) Markdown forms; returns their paths.
    private func writeCounterexample(_ trace: Trace<System>, property: Property<System.State>, request: CheckRequest) throws -> [String] {
        let directory = request.outputDirectory
        try OutputFile.createDirectory(directory, key: "--output")
        let base = (directory as NSString).appendingPathComponent("\(request.stem).\(property.name)")
        let document = CounterexampleDocument(
            trace: trace, model: system.name, config: request.config.path, parameters: arguments.values,
            property: property, symmetry: request.settings.options.usesSymmetry)
        var files: [String] = []
        func write(_ data: Data, _ suffix: String) throws {
            let path = base + suffix
            try OutputFile.write(data, to: path, key: "--output", what: "the counterexample file")
            files.append(path)
        }
        try write(try CanonicalJSON.encode(document), ".json")
        try write(Data(CounterexampleText.render(document).utf8), ".txt")
        if let charting = system as? any MessageSequenceCharting {
            try write(Data(chartMarkdown(charting, trace: trace, property: property, document: document).utf8), ".md")
        }
        return files
    }

    private func chartMarkdown<Charting: MessageSequenceCharting>(
        _ charting: Charting, trace: Trace<System>, property: Property<System.State>, document: CounterexampleDocument<System>
    ) -> String {
        // `System` and `Charting` are the same type here; the cast only recovers the conformance.
        let chartTrace = trace as! Trace<Charting>
        var lines = [
            "# \(property.name) violated: \(system.name)", "",
            "Config `\(document.config)`; \(trace.steps.count) steps. \(property.summary)", "",
            "```mermaid", charting.mermaidSequenceDiagram(of: chartTrace, violating: property.name), "```", "",
            "Replay: `bftcheck replay <this file's .json twin>`.", "",
        ]
        lines.append("## Steps")
        for (index, step) in trace.steps.enumerated() { lines.append("\(index + 1). `\(step.action.description)`") }
        return lines.joined(separator: "\n") + "\n"
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

/// Readable one-line descriptions of JSON decoding errors.
enum DecodingProblem {
    static func describe(_ error: Error) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "missing field '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "field '\(path(context.codingPath))': \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
