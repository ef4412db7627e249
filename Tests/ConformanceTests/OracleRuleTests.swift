import Foundation
import MessagePassing
import ProtocolSpecs
import Testing

@testable import Conformance

/// The oracle's rules one by one, on the handwritten normal-case example (Traces/examples).
@Suite struct OracleRuleTests {
    func divergence(_ edit: (inout [String]) -> Void, maxSilentSteps: Int = 0) throws -> Divergence? {
        try Fixture.check(Fixture.normalCase(edit), maxSilentSteps: maxSilentSteps).divergence
    }

    @Test func aReceiveMustBeAddressedToTheReceiver() throws {
        let found = try #require(
            try divergence { lines in
                let index = Fixture.line(lines, "r0", 3)
                lines[index] = lines[index].replacingOccurrences(of: #""to":["r1","r2","r3"]"#, with: #""to":["r1","r2"]"#)
            })
        #expect(found.event == "r3 #2 recv r0-3 from r0")
        #expect(found.problem == "r3 received r0-3 from r0, which sent it only to [r1 r2]")
    }

    @Test func aReceivedMessageMustBeTheOneSent() throws {
        let found = try #require(
            try divergence { lines in
                let index = Fixture.line(lines, "r1", 1)
                lines[index] = lines[index].replacingOccurrences(of: "req1", with: "req2")
            })
        #expect(found.location == "normal-case.ndjson:5")
        #expect(found.problem == "r1 received PRE-PREPARE(v0, 1, req2) as r0-3 from r0, which sent PRE-PREPARE(v0, 1, req1)")
    }

    @Test func aCrashedReplicaSendsNothing() throws {
        let found = try #require(
            try divergence { lines in
                lines[0] = lines[0].replacingOccurrences(of: #""faulty":[]"#, with: #""faulty":[],"crashed":["r2"]"#)
            })
        #expect(found.problem == "r2 is declared crashed, yet its log has events")
        #expect(found.location == "normal-case.ndjson:8")
    }

    @Test func aByzantinePrimaryMayEquivocate() throws {
        // r0 declared faulty sends PRE-PREPARE(req1) to r1 and r2 but PRE-PREPARE(req2) to r3, which
        // accepts it: nothing of r0's is judged, and r3's steps are explained by the spec's vocabulary.
        var lines = Fixture.normalCase.filter { !$0.contains(#""replica":"r3""#) }
        lines[0] = lines[0].replacingOccurrences(of: #""faulty":[]"#, with: #""faulty":["r0"]"#)
            .replacingOccurrences(of: #""requests":["req1"]"#, with: #""requests":["req1","req2"]"#)
        lines += [
            #"{"replica":"r0","lsn":12,"event":"send","msg":"r0-12","to":["r3"],"message":{"type":"PRE-PREPARE","view":0,"seq":1,"digest":"req2"}}"#,
            #"{"replica":"r3","lsn":1,"event":"recv","msg":"r1-3","from":"r1"}"#,
            #"{"replica":"r3","lsn":2,"event":"recv","msg":"r0-12","from":"r0","message":{"type":"PRE-PREPARE","view":0,"seq":1,"digest":"req2"}}"#,
            #"{"replica":"r3","lsn":3,"event":"pre-prepared","view":0,"seq":1,"digest":"req2"}"#,
            #"{"replica":"r3","lsn":4,"event":"send","msg":"r3-4","to":["r0","r1","r2"],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"req2"}}"#,
        ]
        let report = try Fixture.check([("equivocation.ndjson", lines.joined(separator: "\n") + "\n")])
        #expect(report.isConformant, "\(report.text)")
        // Without declaring r0 faulty, r0's log must hold the same run: its second PRE-PREPARE diverges.
        lines[0] = lines[0].replacingOccurrences(of: #""faulty":["r0"]"#, with: #""faulty":[]"#)
        let strict = try #require(try Fixture.check([("equivocation.ndjson", lines.joined(separator: "\n") + "\n")]).divergence)
        #expect(strict.event.hasPrefix("r0 #12 send r0-12"))
        #expect(strict.problem == "r0 sent PRE-PREPARE(v0, 1, req2) but pre-prepared req1 at (v0, 1)")
    }

    @Test func digestsMustBeClientRequests() throws {
        let found = try #require(
            try divergence { lines in
                let index = Fixture.line(lines, "r0", 2)
                lines[index] = lines[index].replacingOccurrences(of: "req1", with: "req9")
            })
        #expect(found.problem == "digest \"req9\" is neither a client request nor the null digest")
    }

    @Test func executionIsDeterministic() throws {
        let found = try #require(
            try divergence { lines in
                let index = Fixture.line(lines, "r1", 10)
                lines[index] = lines[index].replacingOccurrences(of: "ok:1", with: "ok:2")
            })
        let first = "normal-case.ndjson:\(Fixture.line(Fixture.normalCase, "r0", 11) + 1)"
        #expect(found.problem == "r1 executed seq 1 with result \"ok:2\", but the same history [req1] gave \"ok:1\" at \(first)")
        #expect(found.related == [first])
    }

    @Test func unloggedStepsAreInferredOnlyWithinTheBound() throws {
        let stripped: (inout [String]) -> Void = { lines in
            lines.removeAll { $0.contains(#""event":"prepared""#) }
            var next: [String: Int] = [:]
            for index in lines.indices.dropFirst() {
                let replica = lines[index].split(separator: "\"")[3]
                let lsn = next[String(replica), default: 1]
                next[String(replica)] = lsn + 1
                lines[index] = lines[index].replacing(#/"lsn":\d+,/#, with: "\"lsn\":\(lsn),")
            }
        }
        let strict = try #require(try divergence(stripped))
        #expect(strict.kind == "send")
        #expect(strict.problem.contains("is not prepared at (v0, 1)"))
        let report = try Fixture.check(Fixture.normalCase(stripped), maxSilentSteps: 1)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.silentSteps == 4 && report.specSteps == 7)
    }

    @Test func theWholeLogMustBeConsumed() throws {
        // r1 receives a COMMIT that r2's log, cut short, never sends: the run cannot be consumed.
        let found = try #require(
            try divergence { lines in
                lines.removeAll { $0.contains(#""replica":"r2","lsn":6"#) }
            })
        #expect(found.problem.hasPrefix("r0 received r2-6 from r2, a correct replica that never sent it; its log ends at lsn 5"))
        // A conformant run reports every event consumed.
        let report = try Fixture.check(Fixture.normalCase { _ in })
        #expect(report.consumed == report.events && report.events == 36)
    }

    @Test func perReplicaLogsAreMergedCausally() throws {
        // The same events split into one file per replica, in any file order, conform.
        let lines = Fixture.normalCase
        var files: [(name: String, text: String)] = []
        for replica in ["r3", "r1", "r0", "r2"] {
            let header = lines[0].replacingOccurrences(of: #""protocol":"pbft","#, with: #""protocol":"pbft","replica":"\#(replica)","#)
            let own = lines.dropFirst().filter { $0.contains(#""replica":"\#(replica)""#) }
            files.append(("\(replica).ndjson", ([header] + own).joined(separator: "\n") + "\n"))
        }
        let report = try Fixture.check(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.consumed == 36)
    }

    @Test func aCausalCycleIsReported() throws {
        // r1 logs receiving r2's PREPARE before sending its own PREPARE, and r2 logs receiving r1's
        // PREPARE before sending its own: each send waits for the other's receive.
        var lines = Fixture.normalCase
        lines.removeAll { $0.contains(#""replica":"r3""#) }
        var files: [(name: String, text: String)] = []
        for replica in ["r0", "r1", "r2"] {
            let header = lines[0].replacingOccurrences(of: #""protocol":"pbft","#, with: #""protocol":"pbft","replica":"\#(replica)","#)
            var own = lines.dropFirst().filter { $0.contains(#""replica":"\#(replica)""#) }
            if replica != "r0" {
                // Move the receive of the other backup's PREPARE (lsn 4) before the own PREPARE (lsn 3).
                let receive = own.remove(at: 3).replacingOccurrences(of: #""lsn":4"#, with: #""lsn":3"#)
                own[2] = own[2].replacingOccurrences(of: #""lsn":3"#, with: #""lsn":4"#)
                own.insert(receive, at: 2)
            }
            files.append(("\(replica).ndjson", ([header] + own).joined(separator: "\n") + "\n"))
        }
        let found = try #require(try Fixture.check(files).divergence)
        #expect(found.location == "r1.ndjson:4")
        #expect(found.problem.contains("causal cycle"))
        #expect(
            found.nearestMiss
                == "r1 receives r2-3 at r1.ndjson:4, which r2 sends only later, at r2.ndjson:5; r2 receives r1-3 at r2.ndjson:4, which r1 sends only later, at r1.ndjson:5"
        )
    }
}
