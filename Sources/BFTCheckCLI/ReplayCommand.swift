import ArgumentParser
import Foundation
import Verification

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

    /// Replays the counterexample at `path` (`ModelCatalog.replay(counterexampleAt:)`).
    static func replay(_ path: String) throws -> ReplayReport {
        try ModelCatalog.replay(counterexampleAt: path)
    }
}
