import Foundation
import ModelChecking
import ProtocolSpecs
import Testing
import Verification

@testable import BFTCheckCLI
@testable import Conformance

/// Integers beyond 64 bits are out of range (not "fractions"), and `itf import` writes a
/// counterexample only when the imported trace violates the property it names.
@Suite struct InputRangeAndImportTests {
    static let header =
        #"{"format":"bftcheck-trace/1","protocol":"pbft","n":4,"f":1,"replicas":["r0","r1","r2","r3"],"faulty":["r0"],"requests":["req1"]}"#

    func problem(_ lines: [String]) -> String? {
        do {
            _ = try Fixture.check([("t.ndjson", lines.joined(separator: "\n") + "\n")])
            return nil
        } catch let error as MalformedTrace {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    // MARK: 2^64 and beyond

    @Test func integersBeyond64BitsInATraceAreOutOfRange() {
        let h = Self.header
        #expect(
            problem([h.replacingOccurrences(of: #""n":4"#, with: #""n":18446744073709551616"#)])
                == "t.ndjson:1: n: out of range: expected an integer of at least 1, got 18446744073709551616")
        #expect(
            problem([h, #"{"replica":"r1","lsn":-9223372036854775809,"event":"request","digest":"req1"}"#])
                == "t.ndjson:2: lsn: out of range: expected an integer of at least 1, got -9223372036854775809")
        #expect(
            problem([h, #"{"replica":"r1","lsn":1,"event":"prepared","view":0,"seq":18446744073709551616,"digest":"req1"}"#])
                == "t.ndjson:2: seq: out of range: expected an integer of at least 1, got 18446744073709551616")
        // A fraction is still named as one.
        #expect(
            problem([h, #"{"replica":"r1","lsn":1.5,"event":"request","digest":"req1"}"#])
                == "t.ndjson:2: lsn: expected an integer, got a number with a fraction or an exponent")
    }

    @Test func largeIntegersSurviveWritingAndReadITFOutOfRange() throws {
        let value = try JSONParser.parse(#"{"a":18446744073709551616}"#)
        #expect(value["a"] == .largeInteger("18446744073709551616"))
        #expect(JSONWriter.compact(value) == #"{"a":18446744073709551616}"#)
        #expect(ITF.fromJSON(value["a"]!) == .object([.init("#bigint", .string("18446744073709551616"))]))
        #expect(throws: ITFError("x", "18446744073709551616 is out of range: it does not fit in 64 bits")) {
            try ITF.integer(.largeInteger("18446744073709551616"), at: "x")
        }
        #expect(throws: ITFError("x", "#bigint \"18446744073709551616\" is out of range: it does not fit in 64 bits")) {
            try ITF.integer(ITF.fromJSON(.largeInteger("18446744073709551616")), at: "x")
        }
        #expect(throws: ITFError("x", "#bigint \"12a\" is not a decimal integer")) {
            try ITF.integer(.object([.init("#bigint", .string("12a"))]), at: "x")
        }
    }

    // MARK: itf import --counterexample-out

    /// A counterexample of n = 3, f = 1 (Agreement fails in 6 steps) exported as ITF into `directory`.
    func exportedCounterexample(in directory: String) throws -> (counterexample: String, itf: String) {
        let counterexample = Fixture.repo("Counterexamples/pbft/n3-f1-unsafe.Agreement.json")
        let itf = (directory as NSString).appendingPathComponent("n3.itf.json")
        #expect(BFTCheck.execute(["itf", "export", counterexample, "--output", itf]) == 0)
        return (counterexample, itf)
    }

    /// The ITF trace at `path` cut to its first `count` states, written beside it.
    func truncated(_ path: String, to count: Int) throws -> String {
        var document = try ITFTrace.read(path)
        document.states = Array(document.states.prefix(count))
        let cut = path.replacingOccurrences(of: ".itf.json", with: "-\(count).itf.json")
        try OutputFile.write(document.text, to: cut)
        return cut
    }

    @Test func importRefusesATraceWhoseNamedPropertyHoldsAtTheEnd() throws {
        let directory = Fixture.scratch("itf-not-a-counterexample")
        let (_, itf) = try exportedCounterexample(in: directory)
        let short = try truncated(itf, to: 3)
        let out = (directory as NSString).appendingPathComponent("short.json")
        #expect(BFTCheck.execute(["itf", "import", short, "--counterexample-out", out]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out), "no counterexample is written")
        // Without --counterexample-out the trace itself is fine: it is a behaviour of the spec.
        #expect(BFTCheck.execute(["itf", "import", short]) == 0)
        // And nothing is written to --trace-out either when the counterexample is refused.
        let traces = (directory as NSString).appendingPathComponent("traces")
        #expect(BFTCheck.execute(["itf", "import", short, "--counterexample-out", out, "--trace-out", traces]) == 2)
        #expect(!FileManager.default.fileExists(atPath: traces))
    }

    @Test func theRefusalNamesThePropertyAndTheState() throws {
        let directory = Fixture.scratch("itf-refusal-message")
        let (_, itf) = try exportedCounterexample(in: directory)
        let document = try ITFTrace.read(try truncated(itf, to: 3))
        let (spec, _) = try SimulateCommand.pbft(ModelConfig(path: itf, model: "pbft", parameters: document.pbftParameters!))
        let trace = try document.pbftTrace(of: spec)
        func refusal(_ name: String?) -> String? {
            do {
                _ = try ITFImportCommand.violatedInvariant(of: spec, in: trace, named: name, file: "t.itf.json")
                return nil
            } catch let error as InputError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        #expect(
            refusal("Agreement")
                == "t.itf.json: #meta.bftcheck.property: the trace claims to violate Agreement, but Agreement holds in its last state (after step 2), so it is no counterexample; use --trace-out"
        )
        #expect(
            refusal("Liveness")
                == "t.itf.json: #meta.bftcheck.property: 'Liveness' is not an invariant of the PBFT spec; it has Agreement, Validity, LedgerPrefixConsistency, UniquePreparedCertificate, CheckpointAgreement, ClientSafety"
        )
        #expect(
            refusal(nil)
                == "t.itf.json: no invariant of the PBFT spec fails in its last state (after step 2), so the trace is no counterexample; use --trace-out"
        )
    }

    @Test func aRealCounterexampleStillImportsAndReplays() throws {
        let directory = Fixture.scratch("itf-real-counterexample")
        let (counterexample, itf) = try exportedCounterexample(in: directory)
        let back = (directory as NSString).appendingPathComponent("back.json")
        #expect(BFTCheck.execute(["itf", "import", itf, "--counterexample-out", back]) == 0)
        #expect(FileManager.default.contents(atPath: back) == FileManager.default.contents(atPath: counterexample))
        #expect(BFTCheck.execute(["replay", back]) == 1)
    }

    // MARK: simulate's output paths

    @Test func simulateRejectsAnUnwritableITFPathBeforeWriting() throws {
        let directory = Fixture.scratch("simulate-bad-itf")
        let file = (directory as NSString).appendingPathComponent("plain")
        try OutputFile.write("x", to: file)
        let config = Fixture.repo("Traces/configs/pbft-n4-wide.cfg")
        let traces = (directory as NSString).appendingPathComponent("t")
        #expect(BFTCheck.execute(["simulate", config, "--seed", "1", "--trace-out", traces, "--itf-out", "\(file)/w.itf.json"]) == 2)
        #expect(BFTCheck.execute(["simulate", config, "--seed", "1", "--trace-out", traces, "--itf-out", directory]) == 2)
        #expect(BFTCheck.execute(["simulate", config, "--seed", "1", "--trace-out", "\(file)/t"]) == 2)
        #expect(
            BFTCheck.execute(["simulate", config, "--seed", "1", "--walks", "2", "--trace-out", traces, "--itf-out", "\(file)/itf"]) == 2)
    }
}
