import Foundation
import Replica
import Testing
import Verification

@testable import BFTCheckCLI

/// `bftcheck faults list|run` (issue 12): the catalogue, exit statuses, one-line errors naming the flag,
/// traces that `bftcheck conform` accepts again, and the JSON report's shape.
@Suite struct FaultsCommandTests {
    /// The exit status of `arguments` and the one error line, if any.
    static func execute(_ arguments: [String]) -> (status: Int32, error: String?) {
        var error: String?
        let status = BFTCheck.execute(arguments) { error = $0 }
        return (status, error)
    }

    @Test func listNamesEveryScenarioWithItsSource() {
        #expect(Self.execute(["faults", "list"]).status == 0)
        #expect(Self.execute(["faults", "list", "--json"]).status == 0)
        let entries = FaultsListCommand.entries
        #expect(entries.map(\.name) == FaultScenario.allCases.map(\.name))
        #expect(entries.count == 9 && entries.allSatisfy { !$0.summary.isEmpty && $0.citation.contains("Castro & Liskov") })
        #expect(Set(entries.map(\.name)).count == entries.count)
    }

    @Test func aPassingRunExitsZeroAndWritesTracesThatConformAgain() throws {
        let directory = TestPaths.scratch("faults-run")
        #expect(Self.execute(["faults", "run", "lagging-replica", "--seed", "1", "--requests", "4", "--trace-out", directory]).status == 0)
        let run = "\(directory)/lagging-replica"
        let names = try FileManager.default.contentsOfDirectory(atPath: run).sorted()
        #expect(names == ["r0.ndjson", "r1.ndjson", "r2.ndjson", "r3.ndjson"])
        // `bftcheck conform` judges the written traces as the run's verdict did.
        #expect(Self.execute(["conform", directory, "--quiet"]).status == 0)
    }

    /// The boundary values every numeric flag of every command gets (`NumericInputBoundaryTests`): a
    /// verdict, or exit status 2 with one line naming the flag.
    @Test(arguments: ["--replicas", "--requests", "--seed"])
    func boundaryValuesGiveAVerdictOrOneLineNamingTheFlag(flag: String) {
        for value in NumericInputBoundaryTests.boundaryValues {
            let arguments = ["faults", "run", "silent-replica", "--requests", "1", "--seed", "1", flag, value]
            let (status, error) = Self.execute(arguments)
            #expect([0, 2].contains(status), "\(arguments) exited with \(status)")
            if status == 2 {
                #expect(error?.contains(flag) == true && error?.contains("\n") == false, "\(arguments): \(error ?? "no error line")")
            }
        }
        #expect(
            Self.execute(["faults", "run", "silent-replica", "--replicas", "3"]).error == "--replicas: expected an integer in 4...16, got 3"
        )
        #expect(
            Self.execute(["faults", "run", "silent-replica", "--requests", "201"]).error
                == "--requests: expected an integer in 1...200, got 201")
    }

    @Test func badScenariosAndPathsExitTwo() throws {
        let unknown = Self.execute(["faults", "run", "byzantine-generals"])
        #expect(unknown.status == 2 && unknown.error?.contains("unknown scenario 'byzantine-generals'") == true)
        #expect(unknown.error?.contains("primary-crash") == true)
        #expect(Self.execute(["faults", "run"]).status == 2)
        #expect(Self.execute(["faults", "run", "all", "--bogus"]).status == 2)
        let file = TestPaths.write("not a directory", named: "file", in: TestPaths.scratch("faults-bad-out"))
        let blocked = Self.execute(["faults", "run", "primary-crash", "--seed", "1", "--requests", "1", "--trace-out", file])
        #expect(blocked.status == 2 && blocked.error?.contains("--trace-out") == true)
    }

    /// A failed check fails the scenario and the report (the command then exits 1).
    @Test func aFailedCheckFailsTheReport() throws {
        let failing = { (_: [(name: String, contents: String)]) in
            FaultVerdict.Check(name: "traces", claim: FaultVerdict.Check.tracesClaim, passed: false, reason: "rejected for the test")
        }
        let report = try FaultsRunCommand.report(
            of: [.silentReplica], replicas: 4, seed: 1, requests: 1, reproduce: "test", judge: failing)
        #expect(!report.passed && !report.scenarios[0].passed)
        #expect(report.summary.hasSuffix("0 passed, 1 failed (silent-replica)"))
        #expect(report.scenarios[0].text.contains { $0.contains("traces") && $0.contains("FAIL") })
        #expect(report.scenarios[0].text.last == "  verdict: FAIL (seed 1)")
    }

    @Test func theJSONReportHasItsDocumentedShape() throws {
        let report = try FaultsRunCommand.report(
            of: [.primaryCrash], replicas: 4, seed: 1, requests: 4, reproduce: "bftcheck faults run primary-crash --seed 1")
        let object = try #require(try JSONSerialization.jsonObject(with: CanonicalJSON.encode(report)) as? [String: Any])
        #expect(object["format"] as? String == "bftcheck-faults/1")
        #expect(object["seed"] as? Int == 1 && object["replicas"] as? Int == 4 && object["f"] as? Int == 1)
        #expect(object["requests_per_client"] as? Int == 4 && object["passed"] as? Bool == true)
        let scenarios = try #require(object["scenarios"] as? [[String: Any]])
        let scenario = try #require(scenarios.first)
        #expect(scenario["name"] as? String == "primary-crash" && scenario["passed"] as? Bool == true)
        for key in [
            "summary", "citation", "reproduction", "seed", "events", "simulated_seconds", "highest_view", "executed", "state_transfers",
            "restarts", "authentication_failures", "completed_requests", "expected_requests", "stable_checkpoints", "exercise",
        ] {
            #expect(scenario[key] != nil, "missing \(key)")
        }
        #expect((scenario["highest_view"] as? Int ?? 0) >= 1)
        let checks = try #require(scenario["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["name"] as? String } == ["ordering", "checkpoints", "replies", "traces"])
        #expect(checks.allSatisfy { $0["passed"] as? Bool == true && ($0["reason"] as? String)?.isEmpty == false })
        let exercise = try #require(scenario["exercise"] as? [String: Any])
        #expect(exercise["exercised"] as? Bool == true)
    }

    /// The real binary: JSON alone on stdout, the seed on stderr.
    @Test func theBinaryWritesJSONOnStdoutAndTheSeedOnStderr() throws {
        guard TestPaths.executable != nil else { return }
        let run = try TestPaths.run(
            ["faults", "run", "silent-replica", "--seed", "7", "--requests", "2", "--json"], in: TestPaths.scratch("faults-binary"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("faults: seed 7; reproduce with bftcheck faults run silent-replica --replicas 4 --seed 7 --requests 2"))
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(object?["passed"] as? Bool == true)
    }
}
