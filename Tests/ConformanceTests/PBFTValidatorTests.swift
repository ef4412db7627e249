import Conformance
import Foundation
import MessagePassing
import Testing

/// The trace validator with the PBFT codec on long synthetic runs (`PBFTTraceSynthesizer`): far past
/// the packed model's bounds (thousands of sequence numbers, views above 5, n = 16), accepted whole
/// in live state bounded by the window; each planted change is reported at the line that has it.
@Suite struct PBFTValidatorTests {
    static let synthesizer = PBFTTraceSynthesizer(
        replicaCount: 4, faultThreshold: 1, checkpointInterval: 16, window: 32, viewChangeEvery: 160)

    static func validate(_ files: [(name: String, text: String)], all: Bool = false) throws -> ValidationReport {
        try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files, options: ValidationOptions(reportsAll: all))
    }

    @Test func aLongRunWithViewChangesConformsInBoundedLiveState() throws {
        var lines = (0..<4).map { [Self.synthesizer.header(for: ReplicaID($0))] }
        let (events, lastSequence, lastView) = Self.synthesizer.write(events: 100_000) { lines[$0.index].append($1) }
        #expect(events >= 100_000 && lastSequence >= 1_000 && lastView >= 5)
        let files = lines.enumerated().map { (name: "r\($0.offset).ndjson", text: $0.element.joined(separator: "\n") + "\n") }
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == events)
        // A window of 32: the live messages are the window's, not the run's.
        #expect(report.peakLiveMessages < 2_000, "\(report.peakLiveMessages)")
    }

    @Test func sixteenReplicasConform() throws {
        let synthesizer = PBFTTraceSynthesizer(replicaCount: 16, faultThreshold: 5, checkpointInterval: 8, window: 16, viewChangeEvery: 16)
        let report = try Self.validate(synthesizer.files(events: 30_000))
        #expect(report.isConformant, "\(report.text)")
    }

    /// The files with the `index`-th line (0-based, among all files' event lines) of replica `file`
    /// that contains `marker` rewritten by `change`; returns the files and the 1-based line.
    static func plant(
        in file: Int, _ marker: String, occurrence: Int, _ change: (String) -> String
    ) -> (files: [(name: String, text: String)], line: Int) {
        var files = synthesizer.files(events: 40_000)
        var lines = files[file].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = lines.indices.filter { lines[$0].contains(marker) }[occurrence]
        lines[target] = change(lines[target])
        files[file].text = lines.joined(separator: "\n")
        return (files, target + 1)
    }

    @Test func aCommitForAnotherDigestIsCaughtAtItsLine() throws {
        let (files, line) = Self.plant(in: 2, #""type":"COMMIT""#, occurrence: 2_000) { text in
            guard text.contains(#""event":"send""#) else { return text }
            return text.replacingOccurrences(of: #""digest":""#, with: #""digest":"ff"#)
        }
        let report = try Self.validate(files)
        let first = try #require(report.divergences.first)
        #expect(first.location.line == line && first.location.file == "r2.ndjson", "\(report.text)")
        // The report says which of the trace's digests the spec's request numbers are.
        let changed = try #require(first.event.firstMatch(of: /req(\d+)/).map { String($0.0) })
        #expect(first.glossary.contains { $0.hasPrefix("\(changed) = ff") }, "\(first.glossary)")
    }

    /// A retransmission (Docs/trace-format.md, `send`: the same message again, here five events
    /// later) is no step; a "retransmission" with other content is a send no step explains.
    @Test func aRetransmittedSendIsNoStep() throws {
        func retransmitting(_ change: (String) -> String) -> (files: [(name: String, text: String)], line: Int) {
            var files = Self.synthesizer.files(events: 20_000)
            var lines = files[1].text.split(separator: "\n").map(String.init)
            let send = lines.indices.filter { lines[$0].contains(#""event":"send""#) && lines[$0].contains(#""type":"PREPARE""#) }[100]
            lines.insert(change(lines[send]), at: send + 5)
            for index in lines.indices.dropFirst() {
                lines[index] = lines[index].replacing(/"lsn":\d+/, with: "\"lsn\":\(index)", maxReplacements: 1)
            }
            files[1].text = lines.joined(separator: "\n") + "\n"
            return (files, send + 6)
        }
        let same = try Self.validate(retransmitting { $0 }.files)
        #expect(same.isConformant, "\(same.text)")
        let (files, line) = retransmitting { $0.replacingOccurrences(of: #""digest":""#, with: #""digest":"ee"#) }
        let other = try Self.validate(files)
        #expect(other.divergences.first?.location.line == line, "\(other.text)")
    }

    @Test func aPreparedStepWithoutItsPreparesIsCaughtAtItsLine() throws {
        let (files, line) = Self.plant(in: 1, #""event":"prepared""#, occurrence: 700) { text in
            text.replacingOccurrences(of: #""event":"prepared""#, with: #""event":"committed""#)
        }
        let report = try Self.validate(files)
        let first = try #require(report.divergences.first)
        #expect(first.location.line == line && first.location.file == "r1.ndjson", "\(report.text)")
        #expect(first.nearestMiss?.contains("not prepared") == true, "\(report.text)")
    }

    @Test func aSecondNameForACheckpointStateIsCaughtAtItsLine() throws {
        // r3's CHECKPOINT at the 40th checkpoint names its state differently from everyone else.
        let (changed, at) = Self.plant(in: 3, #""type":"CHECKPOINT""#, occurrence: 40 * 4) { text in
            guard text.contains(#""event":"send""#) else { return text }
            return text.replacingOccurrences(of: #""state":""#, with: #""state":"x"#)
        }
        let report = try Self.validate(changed)
        let first = try #require(report.divergences.first)
        #expect(first.location.file == "r3.ndjson" && first.location.line == at, "\(report.text)")
    }

    @Test func allReportsEveryPlantedChange() throws {
        var files = Self.synthesizer.files(events: 40_000)
        var lines = files[2].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sends = lines.indices.filter { lines[$0].contains(#""event":"send""#) && lines[$0].contains(#""type":"COMMIT""#) }
        for index in [sends[100], sends[300], sends[500]] {
            lines[index] = lines[index].replacingOccurrences(of: #""digest":""#, with: #""digest":"ee"#)
        }
        files[2].text = lines.joined(separator: "\n")
        let report = try Self.validate(files, all: true)
        let atLines = Set(report.divergences.filter { $0.location.file == "r2.ndjson" }.map(\.location.line))
        #expect(atLines.isSuperset(of: [sends[100] + 1, sends[300] + 1, sends[500] + 1]), "\(report.text)")
    }
}
