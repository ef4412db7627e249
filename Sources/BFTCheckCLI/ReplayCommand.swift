import ArgumentParser
import Foundation

/// `bftcheck replay FILE`: re-executes a counterexample through the spec and confirms the violation.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute a counterexample file and confirm its violation.",
        discussion: """
            Every step must be enabled and lead to exactly the recorded state. Exit status: 1 the \
            violation is confirmed, 0 the trace replays but the property now holds at its end, 2 the \
            file is malformed, tampered with, or a step is no longer enabled.
            """
    )

    @Argument(help: "A counterexample .json file written by 'bftcheck check'.")
    var file: String

    @Flag(help: "Write the result as JSON to stdout.")
    var json = false

    func run() throws {
        let report = try Self.replay(file)
        if json { try Terminal.json(report) } else { print("\(file): \(report.message)") }
        if report.violationConfirmed { throw ExitCode(1) }
    }

    /// Replays the counterexample at `path`.
    static func replay(_ path: String) throws -> ReplayReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path, nil, "cannot read the file") }
        let header: CounterexampleHeader
        do {
            header = try JSONDecoder().decode(CounterexampleHeader.self, from: data)
        } catch {
            throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a bftcheck counterexample")
        }
        guard header.format == "bftcheck-counterexample/1" else {
            throw InputError(path, nil, key: "format", "unsupported format '\(header.format)'; expected bftcheck-counterexample/1")
        }
        guard let entry = ModelCatalog.entry(named: header.model) else {
            throw InputError(path, nil, key: "model", "unknown model '\(header.model)'")
        }
        let config = ModelConfig(path: path, model: header.model, parameters: header.parameters)
        let model = try entry.instantiate(config)
        return try model.replay(data, file: path)
    }
}
