import Foundation
import MessagePassing
import Testing

@testable import Conformance

/// The generic trace validator on Bracha's reliable broadcast: conformant traces from the spec's
/// own runs are accepted, and each planted fault is rejected at the predicted event with the nearest
/// miss the spec's refusal reason gives.
@Suite struct TraceValidatorTests {
    typealias Fixture = ValidatorFixture

    // MARK: Accepted

    @Test(arguments: [(4, 1, UInt64(1)), (4, 1, 2), (4, 1, 3), (7, 2, 4), (5, 1, 5)])
    func runsOfTheSpecConform(n: Int, f: Int, seed: UInt64) throws {
        let files = Fixture.run(n: n, f: f, instances: 20, concurrency: 4, seed: seed)
        let report = try Fixture.judge(files)
        let events = files.reduce(0) { $0 + $1.count - 1 }
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == events && report.consumed == events)
    }

    @Test func aMergedFileConforms() throws {
        let synthesizer = BrachaTraceSynthesizer(replicaCount: 4, faultThreshold: 1, seed: 3, templates: 3)
        let report = try Fixture.validator.validate(texts: synthesizer.texts(instances: 10, concurrency: 2, merged: true))
        #expect(report.isConformant, "\(report.text)")
        #expect(report.files == ["trace.ndjson"])
    }

    @Test func sixtyFourReplicasAnd64BitInstances() throws {
        let synthesizer = BrachaTraceSynthesizer(replicaCount: 64, faultThreshold: 21, seed: 11, templates: 1)
        var texts = synthesizer.texts(instances: 2, concurrency: 1)
        let events = texts.reduce(0) { $0 + $1.text.split(separator: "\n").count - 1 }
        #expect(try Fixture.validator.validate(texts: texts).isConformant)
        // The same run with instance numbers near 2^64.
        let base = UInt64.max - 10
        texts = texts.map { name, text in
            (
                name,
                text.replacingOccurrences(of: "\"instance\":1,", with: "\"instance\":\(base),")
                    .replacingOccurrences(of: "\"instance\":2,", with: "\"instance\":\(base + 1),")
            )
        }
        let report = try Fixture.validator.validate(texts: texts)
        #expect(report.isConformant && report.events == events, "\(report.text)")
    }

    // MARK: Each mutation, at its predicted event

    @Test func aDroppedSendIsCaughtAtTheSendersNextEvent() throws {
        var files = Fixture.run()
        let index = try #require(Fixture.firstIndex(in: files[1]) { $0.event == "send" && $0.kind == "ECHO" && $0.instance >= 3 })
        files[1].remove(at: index)
        files[1] = Fixture.renumbered(files[1])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(report.divergences.count == 1 && !report.isConformant)
        #expect(divergence.location == TraceLocation(file: "r1.ndjson", line: index + 1))
        #expect(divergence.problem.contains("sends ECHO(") && divergence.problem.contains("goes on without it"), "\(divergence)")
    }

    @Test func aForgedSenderIsCaught() throws {
        var files = Fixture.run()
        // r2 receives INITIAL "from r1": only the sender r0 ever sends INITIAL.
        let index = try #require(Fixture.firstIndex(in: files[2]) { $0.event == "recv" && $0.kind == "INITIAL" && $0.instance >= 4 })
        files[2][index] = Fixture.replacing("from", with: "r1", in: files[2][index])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r2.ndjson", line: index + 1), "\(report.text)")
        #expect(divergence.problem.hasPrefix("r1 never sent INITIAL("), "\(divergence)")
    }

    @Test func anEchoBeforeTheInitialIsCaught() throws {
        var files = Fixture.run()
        let receipt = try #require(Fixture.firstIndex(in: files[3]) { $0.event == "recv" && $0.kind == "INITIAL" && $0.instance >= 2 })
        #expect(Fixture.Line(files[3][receipt + 1]).kind == "ECHO")
        files[3].swapAt(receipt, receipt + 1)
        files[3] = Fixture.renumbered(files[3])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r3.ndjson", line: receipt + 1), "\(report.text)")
        #expect(divergence.problem.hasPrefix("no step of r3 the spec allows sends ECHO("))
        #expect(divergence.nearestMiss?.hasPrefix("r3: receive INITIAL(") == true)
        #expect(divergence.nearestMiss?.hasSuffix("r3 has not received INITIAL(\(Fixture.Line(files[3][receipt]).value!)) from r0") == true)
    }

    @Test func aDeliveryWithTooFewReadiesIsCaught() throws {
        var files = Fixture.run()
        // A replica that readied, then received READYs and delivered: drop READY receipts between
        // its own READY and the delivery until one short of 2f + 1.
        var planted: (replica: Int, line: Int, value: String)? = nil
        search: for replica in 1..<4 {
            for instance in UInt64(1)...12 {
                let lines = files[replica]
                guard
                    let ready = Fixture.firstIndex(
                        in: lines, where: { $0.instance == instance && $0.event == "send" && $0.kind == "READY" }),
                    let deliver = Fixture.firstIndex(in: lines, where: { $0.instance == instance && $0.event == "deliver" }),
                    ready < deliver
                else { continue }
                let receipts = (ready..<deliver).filter {
                    let line = Fixture.Line(lines[$0])
                    return line.instance == instance && line.event == "recv" && line.kind == "READY"
                }
                let before = (1..<ready).filter {
                    let line = Fixture.Line(lines[$0])
                    return line.instance == instance && line.event == "recv" && line.kind == "READY"
                }
                // Own READY + receipts before it + after it; keep 2f = 2 in all.
                let drop = 1 + before.count + receipts.count - 2
                guard drop > 0, drop <= receipts.count else { continue }
                for index in receipts.suffix(drop).reversed() { files[replica].remove(at: index) }
                planted = (replica, deliver - drop, Fixture.Line(lines[deliver]).value!)
                break search
            }
        }
        let (replica, index, value) = try #require(planted)
        files[replica] = Fixture.renumbered(files[replica])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r\(replica).ndjson", line: index + 1), "\(report.text)")
        #expect(divergence.nearestMiss == "r\(replica): deliver(\(value)) — 2 of 3 READY(\(value))")
    }

    @Test func aWrongValueIsCaught() throws {
        var files = Fixture.run()
        let index = try #require(Fixture.firstIndex(in: files[2]) { $0.event == "deliver" && $0.instance >= 5 })
        let value = Fixture.Line(files[2][index]).value!
        let wrong = value == "a" ? "b" : "a"
        files[2][index] = Fixture.replacing("value", with: wrong, in: files[2][index])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r2.ndjson", line: index + 1))
        #expect(divergence.nearestMiss == "r2: deliver(\(wrong)) — 0 of 3 READY(\(wrong))", "\(divergence)")
        #expect(divergence.enabled.contains("r2: deliver(\(value))"))
    }

    @Test func aReorderedReceiveIsCaught() throws {
        var files = Fixture.run()
        // r1's READY moved before every ECHO and READY it received in that instance.
        let ready = try #require(Fixture.firstIndex(in: files[1]) { $0.event == "send" && $0.kind == "READY" && $0.instance >= 6 })
        let line = Fixture.Line(files[1][ready])
        let first = try #require(
            Fixture.firstIndex(in: files[1]) { $0.instance == line.instance && $0.event == "recv" && $0.kind != "INITIAL" })
        #expect(first < ready)
        let moved = files[1].remove(at: ready)
        files[1].insert(moved, at: first)
        files[1] = Fixture.renumbered(files[1])
        let report = try Fixture.judge(files)
        let divergence = try #require(report.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r1.ndjson", line: first + 1), "\(report.text)")
        let value = line.value!
        #expect(divergence.nearestMiss?.hasPrefix("r1: readyOnEchoes(\(value)) — ") == true, "\(divergence)")
        #expect(divergence.nearestMiss?.hasSuffix(" of 3 ECHO(\(value))") == true)
        #expect(divergence.misses.count == 2 && divergence.misses[1].hasSuffix(" of 2 READY(\(value))"))
    }

    @Test func aTruncatedLogIsCaught() throws {
        var files = Fixture.run()
        // r2's log stops right after it received an INITIAL: the ECHO its step owes is never logged,
        // and the others received messages r2's log never sends.
        let cut = try #require(Fixture.firstIndex(in: files[2]) { $0.event == "recv" && $0.kind == "INITIAL" && $0.instance >= 8 })
        files[2].removeSubrange((cut + 1)...)
        let first = try Fixture.judge(files)
        let divergence = try #require(first.divergences.first)
        #expect(divergence.event.hasPrefix("recv") && divergence.problem.contains("r2's log ends at r2.ndjson:\(cut + 1)"), "\(first.text)")
        let all = try Fixture.judge(files, all: true)
        #expect(all.divergences.last?.problem.hasPrefix("the log ends before the sends of its last step") == true)
        #expect(all.divergences.last?.location == TraceLocation(file: "r2.ndjson", line: cut + 1))
        #expect(all.divergences.dropLast().allSatisfy { $0.problem.hasPrefix("r2 never sent") })
    }

    // MARK: --all

    @Test func allReportsEveryPlantedDivergence() throws {
        var files = Fixture.run(instances: 16)
        var expected: [TraceLocation] = []
        // A wrong delivery at r1, an echo before its initial at r3, a READY too early at r2.
        let deliver = try #require(Fixture.firstIndex(in: files[1]) { $0.event == "deliver" && $0.instance == 3 })
        files[1][deliver] = Fixture.replacing(
            "value", with: Fixture.Line(files[1][deliver]).value == "a" ? "b" : "a", in: files[1][deliver])
        expected.append(TraceLocation(file: "r1.ndjson", line: deliver + 1))
        let receipt = try #require(Fixture.firstIndex(in: files[3]) { $0.event == "recv" && $0.kind == "INITIAL" && $0.instance == 9 })
        files[3].swapAt(receipt, receipt + 1)
        files[3] = Fixture.renumbered(files[3])
        expected.append(TraceLocation(file: "r3.ndjson", line: receipt + 1))
        let ready = try #require(Fixture.firstIndex(in: files[2]) { $0.event == "send" && $0.kind == "READY" && $0.instance == 13 })
        let first = try #require(Fixture.firstIndex(in: files[2]) { $0.instance == 13 && $0.event == "recv" && $0.kind != "INITIAL" })
        files[2].insert(files[2].remove(at: ready), at: first)
        files[2] = Fixture.renumbered(files[2])
        expected.append(TraceLocation(file: "r2.ndjson", line: first + 1))
        let report = try Fixture.judge(files, all: true)
        #expect(report.divergences.map(\.location).sorted() == expected.sorted(), "\(report.text)")
        #expect(report.consumed == report.events)
        // Without --all, only the first.
        #expect(try Fixture.judge(files).divergences.count == 1)
    }

    // MARK: Variants

    /// r1 sends READY(a) on f = 1 READY (from r2) and one ECHO: only the `amplify_on_f` variant explains it.
    static let amplifyOnF: [[String]] = {
        let header = { (replica: Int, variant: String) in
            "{\"format\":\"bftcheck-trace/2\",\"protocol\":\"reliable-broadcast\",\"replica\":\"r\(replica)\",\"n\":4,\"f\":1,\"replicas\":[\"r0\",\"r1\",\"r2\",\"r3\"],\"byzantine\":[\"r2\"],\"params\":{\"values\":2}\(variant)}"
        }
        return [
            [header(1, "")]
                + [
                    #"{"replica":"r1","lsn":1,"instance":1,"event":"recv","from":"r2","message":{"kind":"READY","value":"a"}}"#,
                    #"{"replica":"r1","lsn":2,"instance":1,"event":"send","message":{"kind":"READY","value":"a"}}"#,
                ]
        ]
    }()

    @Test func aVariantIsNamedByTheHeaderOrTheOption() throws {
        let specified = try Fixture.judge(Self.amplifyOnF)
        #expect(specified.variant == "none")
        let divergence = try #require(specified.divergences.first)
        #expect(divergence.location == TraceLocation(file: "r0.ndjson", line: 3))
        #expect(divergence.nearestMiss == "r1: readyOnEchoes(a) — 0 of 3 ECHO(a)")
        #expect(divergence.misses == ["r1: readyOnEchoes(a) — 0 of 3 ECHO(a)", "r1: readyOnReadies(a) — 1 of 2 READY(a)"])
        #expect(try Fixture.judge(Self.amplifyOnF, variant: "amplify_on_f").isConformant)
        var named = Self.amplifyOnF
        named[0][0] = named[0][0].replacingOccurrences(of: "}}", with: "},\"variant\":\"amplify_on_f\"}")
        let report = try Fixture.judge(named)
        #expect(report.isConformant && report.variant == "amplify_on_f")
        #expect(throws: MalformedTrace.self) { try Fixture.judge(Self.amplifyOnF, variant: "nope") }
    }

    // MARK: Byzantine senders, snapshots

    @Test func byzantineMessagesAreJudgedByTheVocabulary() throws {
        let header =
            #"{"format":"bftcheck-trace/2","protocol":"reliable-broadcast","replica":"r1","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"byzantine":["r3"],"params":{"values":2}}"#
        let ok = [header, #"{"replica":"r1","lsn":1,"instance":1,"event":"recv","from":"r3","message":{"kind":"ECHO","value":"b"}}"#]
        #expect(try Fixture.judge([ok]).isConformant)
        let forged = [
            header, #"{"replica":"r1","lsn":1,"instance":1,"event":"recv","from":"r3","message":{"kind":"INITIAL","value":"b"}}"#,
        ]
        let report = try Fixture.judge([forged])
        #expect(report.divergences.first?.problem == "INITIAL(b) is not a message the Byzantine r3 could send under its own identity")
    }

    @Test func aLogMayBeginFromASnapshot() throws {
        // Instances 1…5 are stable everywhere; in instance 6 the sender has broadcast a.
        let snapshot =
            #""snapshot":{"stable":{"r0":5,"r1":5,"r2":5,"r3":5},"instances":[{"instance":6,"state":{"replicas":[{"broadcast":"a","delivered":[]},{"delivered":[]},{"delivered":[]},{"delivered":[]}],"sent":{"r0":[{"kind":"INITIAL","value":"a"}]}}}]}"#
        let header =
            "{\"format\":\"bftcheck-trace/2\",\"protocol\":\"reliable-broadcast\",\"replica\":\"r1\",\"n\":4,\"f\":1,\"replicas\":[\"r0\",\"r1\",\"r2\",\"r3\"],\"crashed\":[\"r3\"],\"params\":{\"values\":2},\(snapshot)}"
        let good = [
            header,
            #"{"replica":"r1","lsn":901,"instance":6,"event":"recv","from":"r0","message":{"kind":"INITIAL","value":"a"}}"#,
            #"{"replica":"r1","lsn":902,"instance":6,"event":"send","message":{"kind":"ECHO","value":"a"}}"#,
        ]
        #expect(try Fixture.judge([good]).isConformant)
        var old = good
        old.append(#"{"replica":"r1","lsn":903,"instance":4,"event":"send","message":{"kind":"ECHO","value":"a"}}"#)
        let report = try Fixture.judge([old])
        #expect(report.divergences.first?.problem.hasPrefix("instance 4 is at or below the replica's stable point 5") == true)
    }

    // MARK: Malformed input

    @Test func malformedInputNamesFileLineAndField() throws {
        var files = Fixture.run(instances: 2)
        files[1][3] = files[1][3].replacingOccurrences(of: "\"lsn\":3", with: "\"lsn\":5")
        #expect(throws: MalformedTrace("r1.ndjson", 4, field: "lsn", "expected lsn 3 for r1 (one more than its previous event), got 5")) {
            try Fixture.judge(files)
        }
        files = Fixture.run(instances: 2)
        files[2][2] = Fixture.replacing("value", with: "q", in: files[2][2])
        if files[2][2].contains("\"message\"") {
            #expect(throws: MalformedTrace.self) { try Fixture.judge(files) }
        }
        files = Fixture.run(instances: 2)
        files[0][0] = files[0][0].replacingOccurrences(of: "reliable-broadcast", with: "paxos")
        #expect(throws: MalformedTrace.self) { try Fixture.judge(files) }
        files = Fixture.run(instances: 2)
        files[3][1] = files[3][1].replacingOccurrences(of: "\"event\":\"", with: "\"event\":\"x")
        let error = #expect(throws: MalformedTrace.self) { try Fixture.judge(files) }
        #expect(error?.line == 2 && error?.field == "event")
    }
}
