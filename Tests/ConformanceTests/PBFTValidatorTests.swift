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

    /// A correct new primary's V may hold a Byzantine replica's VIEW-CHANGE (it signs its own, Castro
    /// & Liskov §4.4): once a correct replica logged receiving it, it exists, and a backup's
    /// recomputation of O from the NEW-VIEW sees it. (Found by the spec driving the replica: the
    /// shrunk schedule `Tests/ReplicaTests/Regressions/byzantine-view-change-in-new-view.json`; the
    /// validator refused r2's acceptance at r2.ndjson:5, counting two VIEW-CHANGEs where V holds three.)
    /// Without r1's receipt of r0's VIEW-CHANGE nothing shows it exists, and r1's NEW-VIEW is refused.
    @Test func aNewViewWhoseVHoldsAByzantineViewChangeConforms() throws {
        let files = [
            (
                name: "r1.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r1","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r0"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r1","lsn":1,"event":"recv","msg":"VC.v1","from":"r2","message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                {"replica":"r1","lsn":2,"event":"recv","msg":"VC.v1","from":"r0","message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                {"replica":"r1","lsn":3,"event":"view-change","view":1}
                {"replica":"r1","lsn":4,"event":"send","msg":"VC.v1","to":["r0","r2","r3"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                {"replica":"r1","lsn":5,"event":"new-view","view":1,"checkpoint":0,"o":[]}
                {"replica":"r1","lsn":6,"event":"send","msg":"NV.v1","to":["r0","r2","r3"],"message":{"type":"NEW-VIEW","view":1,"checkpoint":0,"o":[],"view_changes":["r0","r1","r2"]}}
                {"replica":"r1","lsn":7,"event":"request","digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}
                {"replica":"r1","lsn":8,"event":"pre-prepared","view":1,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}
                {"replica":"r1","lsn":9,"event":"send","msg":"PP.v1.s1.6cd52627c7617049","to":["r0","r2","r3"],"message":{"type":"PRE-PREPARE","view":1,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}}
                """#
            ),
            (
                name: "r2.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r2","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r0"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r2","lsn":1,"event":"view-change","view":1}
                {"replica":"r2","lsn":2,"event":"send","msg":"VC.v1","to":["r0","r1","r3"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                {"replica":"r2","lsn":3,"event":"recv","msg":"NV.v1","from":"r1","message":{"type":"NEW-VIEW","view":1,"checkpoint":0,"o":[],"view_changes":["r0","r1","r2"]}}
                {"replica":"r2","lsn":4,"event":"new-view","view":1,"checkpoint":0,"o":[]}
                """#
            ),
            (
                name: "r3.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r3","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r0"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r3","lsn":1,"event":"recv","msg":"PP.v0.s1.6cd52627c7617049","from":"r0","message":{"type":"PRE-PREPARE","view":0,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}}
                {"replica":"r3","lsn":2,"event":"pre-prepared","view":0,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}
                {"replica":"r3","lsn":3,"event":"send","msg":"P.v0.s1.6cd52627c7617049","to":["r0","r1","r2"],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}}
                """#
            ),
        ]
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        // r1's log without that receipt, its later events renumbered.
        var unseen = files
        var lsn = 0
        unseen[0].text =
            unseen[0].text.split(separator: "\n").filter { !$0.contains(#""from":"r0""#) }.map { line in
                guard line.contains(#""lsn":"#) else { return String(line) }
                lsn += 1
                return String(line.replacing(#/"lsn":\d+/#, with: "\"lsn\":\(lsn)"))
            }.joined(separator: "\n") + "\n"
        let refused = try Self.validate(unseen)
        #expect(refused.divergences.first.map { "\($0.location)" } == "r1.ndjson:5", "\(refused.text)")
    }

    /// A Byzantine new primary's NEW-VIEW: V holds its own VIEW-CHANGE, which no correct replica
    /// logged receiving (the trace names V's members only), and the VIEW-CHANGEs of r2 and r3, whose
    /// logs are read after r0's. A declared Byzantine member of V stands for any VIEW-CHANGE a
    /// Byzantine replica can send (no certificates it cannot assemble), and a backup's acceptance
    /// waits while the logs that may hold V's VIEW-CHANGEs are still being read. (Found by the spec
    /// driving the replica: `Tests/ReplicaTests/Regressions/new-view-read-before-the-view-changes-it-holds.json`,
    /// refused at r0.ndjson:6 before.) An O that no V yields — a request at 1 that never prepared — is
    /// still refused there.
    @Test func aByzantinePrimarysNewViewIsJudgedOnceItsViewChangesAreRead() throws {
        let files = [
            (
                name: "r0.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r0","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r1"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r0","lsn":1,"event":"request","digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}
                {"replica":"r0","lsn":2,"event":"pre-prepared","view":0,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}
                {"replica":"r0","lsn":3,"event":"send","msg":"PP.v0.s1.6cd52627c7617049","to":["r1","r2","r3"],"message":{"type":"PRE-PREPARE","view":0,"seq":1,"digest":"6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"}}
                {"replica":"r0","lsn":4,"event":"recv","msg":"NV.v1","from":"r1","message":{"type":"NEW-VIEW","view":1,"checkpoint":0,"o":[],"view_changes":["r1","r2","r3"]}}
                {"replica":"r0","lsn":5,"event":"new-view","view":1,"checkpoint":0,"o":[]}
                """#
            ),
            (
                name: "r2.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r2","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r1"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r2","lsn":1,"event":"view-change","view":1}
                {"replica":"r2","lsn":2,"event":"send","msg":"VC.v1","to":["r0","r1","r3"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                """#
            ),
            (
                name: "r3.ndjson",
                text: #"""
                {"format":"bftcheck-trace/2","protocol":"pbft","replica":"r3","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r1"],"crashed":[],"params":{"quorum":3,"newview_quorum":3,"checkpoint_interval":2,"window":2,"requests":[],"null_digest":"null"},"implementation":"bftcheck Replica"}
                {"replica":"r3","lsn":1,"event":"view-change","view":1}
                {"replica":"r3","lsn":2,"event":"send","msg":"VC.v1","to":["r0","r1","r2"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[]}}
                """#
            ),
        ]
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        var forged = files
        forged[0].text = forged[0].text.replacingOccurrences(
            of: #""event":"new-view","view":1,"checkpoint":0,"o":[]"#,
            with: #""event":"new-view","view":1,"checkpoint":0,"o":["6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"]"#)
        forged[0].text = forged[0].text.replacingOccurrences(
            of: #""checkpoint":0,"o":[],"view_changes""#,
            with: #""checkpoint":0,"o":["6cd52627c76170498b2229cfea049a658ed138b88b013c675f8a156107ed30d3"],"view_changes""#)
        let refused = try Self.validate(forged)
        #expect(refused.divergences.first.map { "\($0.location)" } == "r0.ndjson:6", "\(refused.text)")
        #expect(refused.divergences.first?.nearestMiss?.contains("O differs from the one recomputed from V") == true, "\(refused.text)")
    }

    /// The quorums a header states are judged, not taken on trust (a replica whose quorum formula is
    /// off by one declares its wrong quorum and would otherwise be judged by it): any two quorums
    /// must share a correct replica (2q − n ≥ f + 1), and so must V and a commit quorum.
    @Test func unsafeQuorumsInTheHeaderAreRefused() throws {
        func header(n: Int, f: Int, _ params: String) -> String {
            let names = (0..<n).map { "\"r\($0)\"" }.joined(separator: ",")
            return #"{"format":"bftcheck-trace/2","protocol":"pbft","replica":"r1","n":"# + "\(n),\"f\":\(f),\"replicas\":[\(names)],"
                + #""params":{"# + params + "}}"
        }
        let cases: [(String, String?)] = [
            (header(n: 4, f: 1, #""quorum":3,"newview_quorum":3"#), nil),
            (header(n: 6, f: 1, #""quorum":4"#), nil),
            (
                header(n: 4, f: 1, #""quorum":2"#),
                "r1.ndjson:1: params.quorum: 2 is not a PBFT quorum for n = 4, f = 1: two quorums may share 0 replicas, all of them faulty (any two must share a correct one: q ≥ 3)"
            ),
            (
                header(n: 3, f: 1, ""),
                "r1.ndjson:1: params.quorum: 2 (n − f, the default) is not a PBFT quorum for n = 3, f = 1: two quorums may share 1 replica, all of them faulty (any two must share a correct one: q ≥ 3, which needs n ≥ 3f + 1)"
            ),
            (
                header(n: 4, f: 1, #""newview_quorum":2"#),
                "r1.ndjson:1: params.newview_quorum: 2 VIEW-CHANGEs may miss every correct replica of a commit quorum of 3 for n = 4, f = 1 (a NEW-VIEW's V must share a correct replica with it: at least 3)"
            ),
        ]
        for (line, expected) in cases {
            let files = [(name: "r1.ndjson", text: line + "\n")]
            guard let expected else {
                #expect(try Self.validate(files).isConformant, "\(line)")
                continue
            }
            let error = #expect(throws: MalformedTrace.self, "\(line)") { try Self.validate(files) }
            #expect(error?.description == expected)
        }
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
