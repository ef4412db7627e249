import Conformance
import Foundation
import MessagePassing
import Testing

/// PBFT logs that begin mid-run: the header's snapshot gives each replica's stable checkpoint, view
/// and state digest, and the validator judges the rest of the run from there (Castro & Liskov §4.3:
/// a replica's log below its stable checkpoint is discarded, so that is where a log may start).
@Suite struct PBFTSnapshotTests {
    static let synthesizer = PBFTTraceSynthesizer(
        replicaCount: 4, faultThreshold: 1, checkpointInterval: 16, window: 32, viewChangeEvery: 160)

    /// The synthesizer's run cut, in every file, right after the replica's `checkpoint-stable` at
    /// `cut`, with a snapshot of that checkpoint in every header.
    static func cutRun(at cut: Int, view: Int, stateFor: (String) -> String = { $0 }) throws -> [(name: String, text: String)] {
        try synthesizer.files(events: 40_000).map { file in
            var lines = file.text.split(separator: "\n").map(String.init)
            let stable = try #require(lines.firstIndex { $0.contains(#""event":"checkpoint-stable","seq":\#(cut),"#) })
            let state = try #require(lines[stable].firstMatch(of: /"state":"([0-9a-f]+)"/)).output.1
            let row =
                #"{"view":"v\#(view)","isAwaitingNewView":false,"stableCheckpoint":\#(cut),"stableState":"name:\#(stateFor(String(state)))","hasConflictingCommit":false,"ledger":[]}"#
            let rows = Array(repeating: row, count: 4).joined(separator: ",")
            let snapshot =
                #""snapshot":{"stable":{"r0":\#(cut),"r1":\#(cut),"r2":\#(cut),"r3":\#(cut)},"instances":[{"instance":1,"state":{"replicas":[\#(rows)],"sent":{}}}]}"#
            lines[0] = String(lines[0].dropLast()) + "," + snapshot + "}"
            lines.removeSubrange(1...stable)
            return (file.name, lines.joined(separator: "\n") + "\n")
        }
    }

    @Test func aLogThatStartsAtAStableCheckpointConforms() throws {
        // 320 becomes stable in view 1; the change to view 2 follows it (one every 160 sequence numbers).
        let files = try Self.cutRun(at: 320, view: 1)
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files, options: ValidationOptions(reportsAll: false))
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events > 10_000)
    }

    @Test func aSnapshotInTheWrongViewIsCaught() throws {
        let files = try Self.cutRun(at: 320, view: 2)
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files, options: ValidationOptions(reportsAll: false))
        // The VIEW-CHANGE each replica sends is for view 2, but from view 2 the spec owes view 3.
        let first = try #require(report.divergences.first)
        #expect(first.event.contains("send VIEWCHANGE(v2, h=320"), "\(report.text)")
    }
}
