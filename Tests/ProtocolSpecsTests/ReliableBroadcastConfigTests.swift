import Foundation
import Testing
import Verification

/// The reliable-broadcast configs through the checking services `bftcheck check` runs: registered by one
/// catalogue line, each config meets its `[expect]`, exit codes are 0 (holds) and 1 (violated,
/// counterexample written), and bounds that do not fit the derived encoding are a one-line input
/// error (which the CLI reports with exit 2).
@Suite(.serialized) struct ReliableBroadcastConfigTests {
    /// (config, exit status, counterexample files written).
    static let configs: [(String, Int32, [String])] = [
        ("n4-f1-byzantine-sender", 0, []),
        ("n4-f1-byzantine-replica", 0, []),
        ("n3-f1-bracha-thresholds", 0, []),
        ("n7-f2-byzantine-sender", 0, []),
        ("n7-f2-byzantine-replica", 0, []),
        ("n3-f1-unsafe", 1, ["n3-f1-unsafe.Agreement.json", "n3-f1-unsafe.Agreement.txt", "n3-f1-unsafe.Agreement.md"]),
        (
            "variant-amplify-on-f", 1,
            ["variant-amplify-on-f.Validity.json", "variant-amplify-on-f.Validity.txt", "variant-amplify-on-f.Validity.md"]
        ),
    ]

    @Test(arguments: configs.indices)
    func configMeetsItsExpectation(index: Int) throws {
        let (name, status, files) = Self.configs[index]
        let output = SpecTestSupport.scratch("broadcast-\(name)")
        let config = SpecTestSupport.repo("Specs/broadcast/\(name).cfg")
        var request = try CheckRequest(config: try ModelConfig.load(config), outputDirectory: output)
        request.settings.options.threadCount = 2
        let report = try ModelCatalog.check(request)
        #expect(report.exitCode == status, "\(name)")
        #expect(report.expectation?.met == true, "\(name): \(report.expectation?.mismatches ?? [])")
        for file in files {
            #expect(FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(file)), "\(name): \(file)")
        }
        for file in files {
            // The committed counterexample is exactly what the run writes (up to the config's
            // absolute path), and it replays: the violation is confirmed.
            let written = try String(contentsOfFile: (output as NSString).appendingPathComponent(file), encoding: .utf8)
            let committed = SpecTestSupport.repo("Counterexamples/broadcast/\(file)")
            let relative = written.replacingOccurrences(of: SpecTestSupport.repo("") + "/", with: "")
            #expect(relative == (try String(contentsOfFile: committed, encoding: .utf8)), "\(file)")
            if file.hasSuffix(".json") { #expect(try ModelCatalog.replay(counterexampleAt: committed).violationConfirmed) }
        }
    }

    @Test func boundsThatDoNotFitAreAOneLineUsageError() throws {
        let directory = SpecTestSupport.scratch("broadcast-layout")
        let config = (directory as NSString).appendingPathComponent("too-many-values.cfg")
        try "model = reliable-broadcast\n[constants]\nreplicas = 4\nf = 1\nbyzantine = 1\n[bounds]\nvalues = 27\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        do {
            _ = try ModelCatalog.entry(named: "reliable-broadcast")!.instantiate(try ModelConfig.load(config))
            Issue.record("a config with 27 values was accepted")
        } catch let error as InputError {
            #expect(
                error.description
                    == "\(config):7: values: field 'broadcast': the bounds need codes 0...26, but BroadcastValue holds only 26")
        }
    }

    @Test func theCatalogueListsTheProtocolWithTheLayersSymmetryGroups() throws {
        let entry = try #require(ModelCatalog.entry(named: "reliable-broadcast"))
        #expect(entry.symmetryGroups == ["replicas", "values"])
        #expect(
            entry.parameters.map(\.name) == [
                "replicas", "f", "byzantine", "crashed", "first_faulty", "values", "thresholds", "variant", "mutation",
            ])
    }
}
