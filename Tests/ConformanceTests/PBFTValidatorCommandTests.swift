import BFTCheckTestSupport
import Conformance
import Foundation
import Testing

@testable import BFTCheckCLI

/// `bftcheck conform` on PBFT runs beyond the version-1 oracle's bounds: the committed run of the
/// production replica (`Traces/examples/replica-beyond-oracle`: 16 sequence numbers, checkpoints
/// every 4, a view change after the primary crashes) is judged by the trace validator with the
/// PBFT codec, whatever its header's version; a changed event is reported at its line.
@Suite struct PBFTValidatorCommandTests {
    static let run = Fixture.repo("Traces/examples/replica-beyond-oracle")

    static func files() throws -> [(name: String, text: String)] {
        try ["r0", "r1", "r2", "r3"].map { name in
            (name: "\(name).ndjson", text: try String(contentsOfFile: "\(run)/\(name).ndjson", encoding: .utf8))
        }
    }

    @Test func theReplicaRunConformsThroughTheValidator() throws {
        #expect(BFTCheck.execute(["conform", Self.run, "--quiet"]) == 0)
        #expect(BFTCheck.execute(["conform", Self.run, "--judge", "validator", "--quiet"]) == 0)
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: try Self.files())
        #expect(report.isConformant)
        #expect(report.events == 643)
    }

    @Test func theOracleRefusesItAsBeyondItsCapacity() {
        var lines: [String] = []
        #expect(BFTCheck.execute(["conform", Self.run, "--judge", "oracle"]) { lines.append($0) } == 2)
        #expect(lines.count == 1 && lines[0].contains("beyond the PBFT spec's capacity"), "\(lines)")
    }

    @Test func aVersion2HeaderJudgesTheSameRun() throws {
        let files = try Self.files().map { file in
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // {"format":"bftcheck-trace/1","protocol":"pbft","replica":"rI","n":4,"f":1,…} as version 2.
            let name = file.name.replacingOccurrences(of: ".ndjson", with: "")
            lines[0] =
                #"{"format":"bftcheck-trace/2","protocol":"pbft","replica":"\#(name)","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"params":{"checkpoint_interval":4,"window":8}}"#
            return (name: file.name, text: lines.joined(separator: "\n"))
        }
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files)
        #expect(report.isConformant, "\(report.text)")
    }

    @Test func aChangedCheckpointStateIsCaught() throws {
        var files = try Self.files()
        // r3 reports another state for its checkpoint at 8.
        var lines = files[3].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = try #require(lines.firstIndex { $0.contains(#""event":"send""#) && $0.contains(#""type":"CHECKPOINT","seq":8"#) })
        let state = try #require(lines[target].firstMatch(of: /"state":"([0-9a-f]+)"/)?.1)
        lines[target] = lines[target].replacingOccurrences(of: String(state), with: String(repeating: "e", count: state.count))
        files[3].text = lines.joined(separator: "\n")
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files)
        let first = try #require(report.divergences.first)
        #expect(first.location.file == "r3.ndjson" && first.location.line == target + 1, "\(report.text)")
    }

    @Test func theVersion2FlagsReachVersion1Runs() {
        // --all and --variant are the validator's; asking for them on a version-1 run uses it.
        #expect(BFTCheck.execute(["conform", Self.run, "--all", "--quiet"]) == 0)
        #expect(BFTCheck.execute(["conform", Self.run, "--variant", "none", "--quiet"]) == 0)
        #expect(BFTCheck.execute(["conform", Self.run, "--variant", "no-such", "--quiet"]) == 2)
        #expect(BFTCheck.execute(["conform", Self.run, "--judge", "oracle", "--all"]) == 2)
    }
}
