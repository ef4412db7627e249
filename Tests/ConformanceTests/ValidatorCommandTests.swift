import BFTCheckTestSupport
import Foundation
import Testing

@testable import BFTCheckCLI
@testable import Conformance

/// `bftcheck conform` on version-2 traces: dispatch by the header's protocol, `--all`,
/// `--variant`, exit statuses 0, 1 and 2 — and version 1 unchanged.
@Suite struct ValidatorCommandTests {
    static func write(_ files: [[String]], in name: String) -> String {
        let directory = Fixture.scratch(name)
        for (index, lines) in files.enumerated() {
            _ = TestRepository.write(lines.joined(separator: "\n") + "\n", named: "r\(index).ndjson", in: directory)
        }
        return directory
    }

    @Test func versionTwoRunsAreDispatchedToTheValidator() throws {
        let good = Self.write(ValidatorFixture.run(instances: 6), in: "v2-good")
        #expect(BFTCheck.execute(["conform", "--quiet", good]) == 0)
        #expect(BFTCheck.execute(["conform", "--quiet", "--all", "--variant", "none", good]) == 0)
        #expect(BFTCheck.execute(["conform", "--quiet", "--json", good]) == 0)
        var files = ValidatorFixture.run(instances: 6)
        let index = try #require(ValidatorFixture.firstIndex(in: files[2]) { $0.event == "deliver" })
        files[2][index] = ValidatorFixture.replacing(
            "value", with: ValidatorFixture.Line(files[2][index]).value == "a" ? "b" : "a", in: files[2][index])
        let bad = Self.write(files, in: "v2-bad")
        #expect(BFTCheck.execute(["conform", "--quiet", bad]) == 1)
        #expect(BFTCheck.execute(["conform", "--quiet", "--all", bad]) == 1)
        // Both kinds of run in one call: version 1 to the PBFT oracle, version 2 to the validator.
        let v1 = Fixture.repo("Traces/examples/normal-case.ndjson")
        #expect(BFTCheck.execute(["conform", "--quiet", v1, good]) == 0)
        #expect(BFTCheck.execute(["conform", "--quiet", v1, bad]) == 1)
    }

    @Test func badInputExitsTwo() throws {
        let good = Self.write(ValidatorFixture.run(instances: 2), in: "v2-flags")
        #expect(BFTCheck.execute(["conform", "--variant", "nope", good]) == 2)
        // --all and --variant are for version 2 only.
        let v1 = Fixture.repo("Traces/examples/normal-case.ndjson")
        #expect(BFTCheck.execute(["conform", "--all", v1]) == 2)
        #expect(BFTCheck.execute(["conform", "--variant", "none", v1]) == 2)
        var files = ValidatorFixture.run(instances: 2)
        files = files.map { lines in [lines[0].replacingOccurrences(of: "reliable-broadcast", with: "paxos")] + lines.dropFirst() }
        #expect(BFTCheck.execute(["conform", Self.write(files, in: "v2-unknown")]) == 2)
        files = ValidatorFixture.run(instances: 2)
        files[1][2] = files[1][2].replacingOccurrences(of: "\"lsn\":2", with: "\"lsn\":-2")
        #expect(BFTCheck.execute(["conform", Self.write(files, in: "v2-lsn")]) == 2)
    }

    /// The shipped examples: a conformant run of three broadcasts, and the same with a wrong
    /// delivery at r2 and an ECHO before its INITIAL at r3.
    static func examples() throws -> (good: [[String]], bad: [[String]]) {
        let good = BrachaTraceSynthesizer(replicaCount: 4, faultThreshold: 1, valueCount: 2, seed: 10, templates: 3)
            .texts(instances: 3, concurrency: 2).map { $0.text.split(separator: "\n").map(String.init) }
        var bad = good
        let deliver = try #require(ValidatorFixture.firstIndex(in: bad[2]) { $0.event == "deliver" && $0.instance == 2 })
        bad[2][deliver] = ValidatorFixture.replacing(
            "value", with: ValidatorFixture.Line(bad[2][deliver]).value == "a" ? "b" : "a", in: bad[2][deliver])
        let receipt = try #require(
            ValidatorFixture.firstIndex(in: bad[3]) { $0.event == "recv" && $0.kind == "INITIAL" && $0.instance == 3 })
        bad[3].swapAt(receipt, receipt + 1)
        bad[3] = ValidatorFixture.renumbered(bad[3])
        return (good, bad)
    }

    @Test func theShippedExamplesAreWhatTheSynthesizerWrites() throws {
        let (good, bad) = try Self.examples()
        for (name, files) in [("v2-reliable-broadcast", good), ("v2-reliable-broadcast-divergent", bad)] {
            let directory = Fixture.repo("Traces/examples/\(name)")
            for (index, lines) in files.enumerated() {
                let text = lines.joined(separator: "\n") + "\n"
                let path = "\(directory)/r\(index).ndjson"
                // BFT_WRITE_V2_EXAMPLES=1 rewrites them after a change of the synthesizer.
                if ProcessInfo.processInfo.environment["BFT_WRITE_V2_EXAMPLES"] != nil {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                }
                #expect(FileManager.default.contents(atPath: path) == Data(text.utf8), "\(path)")
            }
        }
    }

    @Test func theShippedExamplesGiveTheirVerdicts() throws {
        #expect(BFTCheck.execute(["conform", "--quiet", Fixture.repo("Traces/examples/v2-reliable-broadcast")]) == 0)
        #expect(BFTCheck.execute(["conform", "--quiet", Fixture.repo("Traces/examples/v2-reliable-broadcast-divergent")]) == 1)
        let report = try TraceValidator(codec: BrachaTraceCodec()).validate(
            paths: TraceValidatorRegistry.files(of: [Fixture.repo("Traces/examples/v2-reliable-broadcast-divergent")]),
            options: ValidationOptions(reportsAll: true))
        #expect(report.divergences.count == 2, "\(report.text)")
    }
}
