import Foundation
import Replica

/// What `bftcheck faults run` reports: the parameters, the seed and the command that reproduce the runs,
/// and per scenario its measurements and its verdict's four checks (JSON: `bftcheck-faults/1`).
struct FaultsReport: Encodable {
    var format = "bftcheck-faults/1"
    /// The seed every scenario ran with.
    var seed: UInt64
    /// n.
    var replicas: Int
    /// f.
    var faultTolerance: Int
    /// Requests each of the two clients submitted.
    var requestsPerClient: Int
    /// The command line that reproduces the report.
    var reproduce: String
    /// The scenarios, in catalogue order.
    var scenarios: [Scenario]
    /// Whether every scenario's verdict passed.
    var passed: Bool

    init(seed: UInt64, replicas: Int, faultTolerance: Int, requestsPerClient: Int, reproduce: String, scenarios: [Scenario]) {
        self.seed = seed
        self.replicas = replicas
        self.faultTolerance = faultTolerance
        self.requestsPerClient = requestsPerClient
        self.reproduce = reproduce
        self.scenarios = scenarios
        passed = scenarios.allSatisfy(\.passed)
    }

    enum CodingKeys: String, CodingKey {
        case format, seed, replicas, faultTolerance = "f", requestsPerClient = "requests_per_client", reproduce, scenarios, passed
    }

    /// The last line of the text report.
    var summary: String {
        let failed = scenarios.filter { !$0.passed }.map(\.name)
        return "\(scenarios.count) scenario\(scenarios.count == 1 ? "" : "s") (n = \(replicas), f = \(faultTolerance), seed \(seed)): "
            + "\(scenarios.count - failed.count) passed, \(failed.count) failed"
            + (failed.isEmpty ? "" : " (\(failed.joined(separator: ", ")))")
    }

    /// One scenario's run and verdict.
    struct Scenario: Encodable {
        var name: String
        var summary: String
        var citation: String
        /// The simulator's reproduction line (seed and every parameter).
        var reproduction: String
        var seed: UInt64
        var passed: Bool
        var events: Int
        var simulatedSeconds: Double
        var highestView: UInt64
        var executed: UInt64
        var stateTransfers: Int
        var restarts: Int
        var authenticationFailures: Int
        var completedRequests: Int
        var expectedRequests: Int
        var stableCheckpoints: Int
        /// What shows the fault took effect, and how often it did.
        var exercise: Exercise
        var checks: [Check]

        /// What shows the fault took effect.
        struct Exercise: Encodable {
            var label: String
            var count: Int
            var exercised: Bool
        }

        /// One verdict check.
        struct Check: Encodable {
            var name: String
            var claim: String
            var passed: Bool
            var reason: String
        }

        enum CodingKeys: String, CodingKey {
            case name, summary, citation, reproduction, seed, passed, events, checks, exercise, executed
            case simulatedSeconds = "simulated_seconds", highestView = "highest_view", stateTransfers = "state_transfers"
            case restarts, authenticationFailures = "authentication_failures", completedRequests = "completed_requests"
            case expectedRequests = "expected_requests", stableCheckpoints = "stable_checkpoints"
        }

        init(run: FaultRun, verdict: FaultVerdict) {
            let outcome = run.outcome
            name = run.scenario.name
            summary = run.scenario.summary
            citation = run.scenario.citation
            reproduction = outcome.reproduction
            seed = run.simulation.seed
            passed = verdict.passes
            events = outcome.events
            let parts = outcome.elapsed.components
            simulatedSeconds = Double(parts.seconds) + Double(parts.attoseconds / 1_000_000_000) / 1e9
            highestView = outcome.highestView.number
            executed = outcome.highestExecuted.number
            stateTransfers = outcome.stateTransfers
            restarts = outcome.restarts
            authenticationFailures = outcome.authenticationFailures
            completedRequests = outcome.completedRequests
            expectedRequests = outcome.expectedRequests
            stableCheckpoints = outcome.stableCheckpoints
            exercise = Exercise(label: run.scenario.exerciseLabel, count: run.exercise, exercised: run.exercise > 0)
            checks = verdict.checks.map { Check(name: $0.name, claim: $0.claim, passed: $0.passed, reason: $0.reason) }
        }

        /// The scenario as text: a heading, the reproduction line, the measurements, the checks as a
        /// table, and the verdict.
        var text: [String] {
            var lines = [
                "\(name): \(summary)",
                "  \(reproduction)",
                "  \(events) events, \(String(format: "%.3f", simulatedSeconds)) s simulated, views 0...\(highestView), "
                    + "executed through \(executed), \(stateTransfers) state transfer\(stateTransfers == 1 ? "" : "s"), "
                    + "\(restarts) restart\(restarts == 1 ? "" : "s"), \(authenticationFailures) authentication failure"
                    + (authenticationFailures == 1 ? "" : "s"),
                "  fault: \(exercise.label): \(exercise.count)" + (exercise.exercised ? "" : " (not exercised with these parameters)"),
            ]
            let width = checks.map(\.name.count).max() ?? 0
            lines.append("  \("check".padding(toLength: width, withPad: " ", startingAt: 0))  result  reason")
            for check in checks {
                lines.append(
                    "  \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.passed ? "pass  " : "FAIL  ")  \(check.reason)"
                )
            }
            lines.append("  verdict: \(passed ? "pass" : "FAIL") (seed \(seed))")
            return lines
        }
    }
}
