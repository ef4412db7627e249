import ArgumentParser
import Foundation
import Verification

/// The `bftcheck` root command: model checking, replay, lemmas and conformance for BFT protocols.
public struct BFTCheck: ParsableCommand {
    /// Subcommands and help.
    public static let configuration = CommandConfiguration(
        commandName: "bftcheck",
        abstract: "Check Byzantine fault-tolerant protocols: exhaustive model checking, lemmas, conformance.",
        discussion: """
            Exit status: 0 every property holds within the bounds, 1 a property is violated \
            (counterexample written), 2 bad usage or input, 3 stopped early by a limit.
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self,
            ReplayCommand.self,
            ListCommand.self,
            SweepCommand.self,
            LemmasCommand.self,
            ModelCommand.self,
            ConformCommand.self,
            SimulateCommand.self,
            ITFCommand.self,
            ClusterCommand.self, BenchCommand.self, ReplicaCommand.self,
            TestCommand.self,
            FaultsCommand.self,
            MutateCommand.self,
        ]
    )

    /// Creates the root command (argument parsing does this).
    public init() {}

    /// Parses `arguments` (without the program name), runs the command and returns the exit status.
    /// Bad input of any kind prints one line to stderr and returns 2.
    public static func execute(_ arguments: [String]) -> Int32 {
        execute(arguments) { Terminal.error($0) }
    }

    /// `execute(_:)` with the bad-input line handed to `reportError` instead of stderr (tests).
    ///
    /// - Parameter reportError: called at most once, with one line (no newline in it).
    static func execute(_ arguments: [String], reportError: (String) -> Void) -> Int32 {
        func oneLine(_ text: String) -> String {
            text.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as InputError {
            reportError(oneLine(error.description))
            return 2
        } catch let failure as FailureWithReason {
            reportError(oneLine(failure.reason))
            return failure.status
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
            reportError(oneLine("\(message.replacingOccurrences(of: "Error: ", with: "")) (see 'bftcheck help')"))
            return 2
        }
    }
}

/// A command's result that is a failure other than bad input (e.g. an unmet `[expect]`): exit with
/// `status` after one line on stderr saying why.
struct FailureWithReason: Error {
    /// The exit status (1 for a failed check).
    var status: Int32
    /// One line: what failed.
    var reason: String
}

/// Where human-readable output goes.
enum Terminal {
    /// Writes `line` to stderr.
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes `bftcheck: error: line` to stderr.
    static func error(_ line: String) {
        note("bftcheck: error: \(line)")
    }

    /// Writes JSON to stdout.
    static func json<T: Encodable>(_ value: T) throws {
        FileHandle.standardOutput.write(try CanonicalJSON.encode(value))
    }
}
