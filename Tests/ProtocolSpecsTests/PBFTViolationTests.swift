import Foundation
import MessagePassing
import ModelChecking
import Testing
import Verification

@testable import ProtocolSpecs

/// The unsafe configurations and the seeded mutants: each is caught, with the expected shortest
/// counterexample, and each committed counterexample replays.
@Suite struct PBFTViolationTests {
    @Test func nEqualsThreeFFindsTheEquivocatingPrimaryInSixSteps() {
        var options = CheckerOptions().threads(2).symmetry()
        options.selectedProperties = ["Agreement"]
        let result = Checker(SpecTestSupport.pbft(n: 3), options: options).run()
        #expect(result.outcome == .violated)
        let trace = result.violations.first?.trace
        #expect(
            trace?.steps.map(\.action.description) == [
                "acceptPrePrepare(r1, v0, 1, req1)", "prepare(r1, v0, 1, req1)", "commit(r1, v0, 1, req1)",
                "acceptPrePrepare(r2, v0, 1, req2)", "prepare(r2, v0, 1, req2)", "commit(r2, v0, 1, req2)",
            ])
    }

    @Test func withAllInvariantsTheFirstToFailIsTheUniquePreparedCertificate() {
        // Two correct replicas prepared different digests at (v0, 1) after 4 steps, before either commits.
        var options = CheckerOptions().threads(2)
        options.selectedProperties = Set(SpecTestSupport.pbft(n: 3).properties.filter { $0.expectation == .always }.map(\.name))
        let result = Checker(SpecTestSupport.pbft(n: 3), options: options).run()
        #expect(result.violations.first?.property == "UniquePreparedCertificate")
        #expect(result.violations.first?.trace?.steps.count == 4)
    }

    @Test func theChartShowsThePrimaryEquivocating() throws {
        let output = SpecTestSupport.scratch("chart")
        let config = SpecTestSupport.repo("Specs/pbft/n3-f1-unsafe.cfg")
        let report = try ModelCatalog.check(try CheckRequest(config: try ModelConfig.load(config), outputDirectory: output))
        #expect(report.exitCode == 1)
        let chart = try String(contentsOfFile: (output as NSString).appendingPathComponent("n3-f1-unsafe.Agreement.md"), encoding: .utf8)
        #expect(chart.contains("participant r0 as r0 (Byzantine)"))
        #expect(chart.contains("r0->>r1: 1. PREPREPARE(v0, 1, req1)"))
        #expect(chart.contains("r0->>r2: 4. PREPREPARE(v0, 1, req2)"))
        #expect(chart.contains("r0->>r2: 6. COMMIT(v0, 1, req2)"))
        #expect(chart.contains("Note over client: Agreement violated after step 6"))
    }

    /// Every config under Specs/pbft that expects a violation, with the mutants among them.
    static let violatingConfigs = [
        "n3-f1-unsafe", "n6-f2-unsafe", "mutant-quorum-2f1-n5", "mutant-viewchange-without-certificates",
        "mutant-newview-lowest-view", "mutant-newview-small-quorum", "mutant-prepares-across-views",
        "mutant-newview-not-recomputed",
    ]

    @Test(arguments: violatingConfigs)
    func everyUnsafeConfigAndMutantIsCaughtAsExpected(name: String) throws {
        let config = try ModelConfig.load(SpecTestSupport.repo("Specs/pbft/\(name).cfg"))
        var request = try CheckRequest(config: config, outputDirectory: SpecTestSupport.scratch("caught-\(name)"))
        request.settings.options.threadCount = 2
        let report = try ModelCatalog.check(request)
        #expect(report.outcome == "violated", "\(name)")
        #expect(report.expectation?.met == true, "\(name): \(report.expectation?.mismatches ?? [])")
    }

    /// Reads only the committed files it names — never every `*.json` in the directory, where the
    /// commands in the README may have written others (`check`, `itf export --output`).
    @Test func everyCommittedCounterexampleReplays() throws {
        let files = Self.violatingConfigs.map { SpecTestSupport.repo("Counterexamples/pbft/\($0).Agreement.json") }
        for file in files {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) is committed")
        }
        for file in files where FileManager.default.fileExists(atPath: file) {
            let report = try ModelCatalog.replay(counterexampleAt: file)
            #expect(report.violationConfirmed, "\(file): \(report.message)")
            let chart = file.replacingOccurrences(of: ".json", with: ".md")
            #expect(FileManager.default.fileExists(atPath: chart), "\(chart)")
        }
    }

    @Test func mutantCounterexamplesDependOnTheMutation() throws {
        // Replayed on the protocol as specified, each mutant's counterexample breaks off: some step is
        // not enabled, or leads elsewhere. So the violation is the mutation's doing.
        for name in Self.violatingConfigs where name.hasPrefix("mutant-") {
            let file = SpecTestSupport.repo("Counterexamples/pbft/\(name).Agreement.json")
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
            var parameters = object["parameters"] as! [String: String]
            parameters["mutant"] = "none"
            if parameters["quorum"] != "0" { parameters["quorum"] = "0" }
            parameters["newview_quorum"] = "0"
            object["parameters"] = parameters
            let repaired = (SpecTestSupport.scratch("unmutated") as NSString).appendingPathComponent("\(name).json")
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: repaired))
            var confirmed = false
            do {
                confirmed = try ModelCatalog.replay(counterexampleAt: repaired).violationConfirmed
            } catch is InputError {
                confirmed = false
            }
            #expect(!confirmed, "\(name) also violates Agreement without the mutation")
        }
    }
}
