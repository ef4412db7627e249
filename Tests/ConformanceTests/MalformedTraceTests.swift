import Foundation
import Testing

@testable import BFTCheckCLI
@testable import Conformance

/// Input that breaks the format is reported as one line naming the file, the line and the field
/// (exit status 2), never judged.
@Suite struct MalformedTraceTests {
    static let header =
        #"{"format":"bftcheck-trace/1","protocol":"pbft","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"faulty":["r0"],"requests":["req1"]}"#

    func problem(_ lines: [String], name: String = "t.ndjson") -> String? {
        do {
            _ = try Fixture.check([(name, lines.joined(separator: "\n") + "\n")])
            return nil
        } catch let error as MalformedTrace {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func eachProblemNamesFileLineAndField() {
        let h = Self.header
        let cases: [([String], String)] = [
            (
                [h, #"{"replica":"r1","lsn":1,"event":"pre-prepared","view":0,"seq":1,"digest":"req1""#],
                "t.ndjson:2: invalid JSON at column 80: unexpected end of the text; expected ',' or '}'"
            ),
            (
                [#"{"replica":"r1","lsn":1,"event":"request","digest":"req1"}"#],
                "t.ndjson:1: the first line must be the header (with \"format\": \"bftcheck-trace/1\"), not an event"
            ),
            (
                [h.replacingOccurrences(of: "trace/1", with: "trace/2")],
                "t.ndjson:1: format: unsupported version \"bftcheck-trace/2\"; this bftcheck reads bftcheck-trace/1"
            ),
            (
                [h.replacingOccurrences(of: #""n":4"#, with: #""n":11"#)],
                "t.ndjson:1: n: 11 replicas is beyond the PBFT spec's capacity (1...10)"
            ),
            (
                [h.replacingOccurrences(of: #""faulty":["r0"]"#, with: #""faulty":["r9"]"#)],
                "t.ndjson:1: faulty[0]: unknown replica \"r9\"; the header names r0, r1, r2, r3"
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"pre-prepared","view":"v0","seq":1,"digest":"req1"}"#],
                "t.ndjson:2: view: expected an integer, got the string \"v0\""
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"pre-prepared","view":4,"seq":1,"digest":"req1"}"#],
                "t.ndjson:2: view: view 4 is beyond the PBFT spec's capacity (views 0...3)"
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":5,"digest":"req1"}"#],
                "t.ndjson:2: seq: sequence number 5 is beyond the PBFT spec's capacity (1...4)"
            ),
            ([h, #"{"replica":"r1","lsn":1,"event":"committed","view":0,"digest":"req1"}"#], "t.ndjson:2: seq: missing"),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"commited","view":0,"seq":1,"digest":"req1"}"#],
                "t.ndjson:2: event: unknown event \"commited\"; events are send, recv, request, pre-prepared, prepared, committed, executed, checkpoint, checkpoint-stable, view-change, new-view"
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"request","digest":"req1","dgest":"x"}"#],
                "t.ndjson:2: dgest: unknown field; a request event has replica, lsn, event, digest"
            ),
            (
                [h, #"{"replica":"r1","lsn":2,"event":"request","digest":"req1"}"#],
                "t.ndjson:2: lsn: r1's log must start at lsn 1, got 2: the beginning of the log is missing"
            ),
            (
                [
                    h, #"{"replica":"r1","lsn":1,"event":"request","digest":"req1"}"#,
                    #"{"replica":"r1","lsn":3,"event":"request","digest":"req1"}"#,
                ],
                "t.ndjson:3: lsn: expected lsn 2 for r1 (one more than its previous event), got 3"
            ),
            (
                [
                    h,
                    #"{"replica":"r1","lsn":1,"event":"send","msg":"a","to":["r1"],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"req1"}}"#,
                ],
                "t.ndjson:2: to[0]: a replica does not send to itself"
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"send","msg":"a","to":["r2"],"message":{"type":"PREPARE","view":0,"seq":1}}"#],
                "t.ndjson:2: message.digest: missing"
            ),
            (
                [
                    h,
                    #"{"replica":"r1","lsn":1,"event":"send","msg":"a","to":["r2"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":2,"prepared":[]}}"#,
                ],
                "t.ndjson:2: message.state: missing: checkpoint 2 needs its state digest"
            ),
            (
                [
                    h,
                    #"{"replica":"r1","lsn":1,"event":"send","msg":"a","to":["r2"],"message":{"type":"VIEW-CHANGE","view":1,"checkpoint":0,"prepared":[{"seq":1,"view":1,"digest":"req1"}]}}"#,
                ],
                "t.ndjson:2: message.prepared[0].view: a certificate in VIEW-CHANGE(v1) must be from an earlier view"
            ),
            (
                [h, #"{"replica":"r2","lsn":1,"event":"recv","msg":"a","from":"r0"}"#],
                "t.ndjson:2: message: missing: a receive from a faulty replica must carry the message unless the sender's log has its send"
            ),
            (
                [
                    h,
                    #"{"replica":"r1","lsn":1,"event":"send","msg":"a","to":["r2"],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"req1"}}"#,
                    #"{"replica":"r1","lsn":2,"event":"send","msg":"a","to":["r3"],"message":{"type":"PREPARE","view":0,"seq":1,"digest":"null"}}"#,
                ],
                "t.ndjson:3: message: message id \"a\" was already used for different content at t.ndjson:2; ids are unique per sender"
            ),
            (
                [
                    h, #"{"replica":"r1","lsn":1,"event":"request","digest":"req2"}"#,
                    #"{"replica":"r1","lsn":2,"event":"request","digest":"req3"}"#,
                    #"{"replica":"r1","lsn":3,"event":"request","digest":"req4"}"#,
                    #"{"replica":"r1","lsn":4,"event":"request","digest":"req5"}"#,
                ],
                "t.ndjson:5: digest: a 5th client request; the PBFT spec's capacity is 4 requests"
            ),
            (
                [h, #"{"replica":"r1","lsn":1,"event":"request","digest":"req1"}"#, #"{"replica":"r1","lsn":2,"event":"requ"#],
                "t.ndjson:3: invalid JSON at column 33: unterminated string"
            ),
        ]
        for (lines, expected) in cases {
            #expect(problem(lines) == expected)
        }
    }

    @Test func filesOfOneRunMustAgree() throws {
        let r1 = Self.header.replacingOccurrences(of: #""protocol":"pbft","#, with: #""protocol":"pbft","replica":"r1","#)
        let r2 = Self.header.replacingOccurrences(of: #""protocol":"pbft","#, with: #""protocol":"pbft","replica":"r2","#)
        func problem(_ files: [(String, String)]) -> String? {
            do {
                _ = try TraceRun(files: try files.map { try TraceReader.parse($0.1 + "\n", path: $0.0) })
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(
            problem([("a", r1), ("b", r2.replacingOccurrences(of: #""f":1"#, with: #""f":0"#))]) == "b:1: f: differs from the header of a")
        #expect(problem([("a", r1), ("b", r1)]) == "b:1: replica: r1's log is also in a")
        #expect(
            problem([("a", r1), ("b", Self.header)])
                == "b:1: replica: a merged file (a header without \"replica\") must be the only file of a run; got 2 files")
        #expect(
            problem([("a", r1 + "\n" + #"{"replica":"r2","lsn":1,"event":"request","digest":"req1"}"#)])
                == "a:2: replica: this file holds r1's log (its header says so), not r2's")
        #expect(problem([("a", r1), ("b", r2)]) == nil)
    }

    @Test func theCommandExitsWithTwoAndOneLine() throws {
        let directory = Fixture.scratch("malformed")
        let path = (directory as NSString).appendingPathComponent("bad.ndjson")
        try (Self.header + "\n" + #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":9,"digest":"req1"}"# + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        // Beyond the oracle's capacity: malformed for it, a divergence for the validator (nothing
        // pre-prepared at 9 before "prepared").
        #expect(BFTCheck.execute(["conform", path, "--judge", "oracle"]) == 2)
        #expect(BFTCheck.execute(["conform", path, "--quiet"]) == 1)
        #expect(BFTCheck.execute(["conform", (directory as NSString).appendingPathComponent("missing.ndjson")]) == 2)
        #expect(BFTCheck.execute(["conform", path, "--max-silent-steps", "-1"]) == 2)
        do {
            _ = try ConformanceOracle().check(paths: [path])
            Issue.record("a malformed trace was judged")
        } catch let error as MalformedTrace {
            #expect(error.description == "\(path):2: seq: sequence number 9 is beyond the PBFT spec's capacity (1...4)")
        }
    }
}
