import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import Testing

@testable import BFTCheckCLI
@testable import Conformance

/// ITF interop: the value forms, the PBFT layout, and round trips (export, import, the same trace).
@Suite struct ITFTests {
    @Test func valuesInEveryForm() throws {
        let value = try JSONParser.parse(
            ##"{"i": {"#bigint": "-12345678901234"}, "j": 7, "t": {"#tup": [1, "a"]}, "s": {"#set": [true]}, "m": {"#map": [["k", {"#bigint": "2"}]]}, "o": {"tag": "None", "value": {"#tup": []}}}"##
        )
        #expect(try ITF.integer(value["i"]!, at: "i") == -12_345_678_901_234)
        #expect(try ITF.integer(value["j"]!, at: "j") == 7)
        #expect(try ITF.elements(value["t"]!, at: "t") == [.integer(1), .string("a")])
        #expect(try ITF.elements(value["s"]!, at: "s") == [.bool(true)])
        #expect(try ITF.pairs(value["m"]!, at: "m").map { [$0.0, $0.1] } == [[.string("k"), ITF.bigint(2)]])
        #expect(
            try ITF.toJSON(value)
                == .object([
                    .init("i", .integer(-12_345_678_901_234)), .init("j", .integer(7)), .init("t", .array([.integer(1), .string("a")])),
                    .init("s", .array([.bool(true)])), .init("m", .object([.init("k", .integer(2))])), .init("o", .null),
                ]))
        let plain = try JSONParser.parse(#"{"a": [1, {"b": null}], "c": "x"}"#)
        #expect(try ITF.toJSON(ITF.fromJSON(plain)) == plain)
        #expect(throws: ITFError("x", "expected an integer or {\"#bigint\": …}, got the string \"1\"")) {
            try ITF.integer(.string("1"), at: "x")
        }
    }

    @Test func simulationWalksRoundTripThroughITF() throws {
        for (name, spec) in Fixture.models.prefix(5) {
            for seed in UInt64(1)...4 {
                let trace = SpecWalk.walk(spec, seed: seed, maxSteps: 60)
                let document = ITFTrace.pbft(trace, spec: spec, parameters: ["replicas": "4"], source: name, description: "test")
                let reread = try ITFTrace(json: try JSONParser.parse(document.text))
                #expect(reread == document)
                let imported = try reread.pbftTrace(of: spec)
                #expect(imported.initialState == trace.initialState)
                #expect(imported.steps.map(\.action) == trace.steps.map(\.action), "\(name) seed \(seed)")
                #expect(imported.steps.map(\.state) == trace.steps.map(\.state))
                // Written as implementation traces, both give the same bytes, and those conform.
                var first = TraceSynthesizer(spec: spec, seed: seed)
                var second = TraceSynthesizer(spec: spec, seed: seed)
                let run = first.render(trace)
                #expect(run.files(merged: true).map(\.text) == second.render(imported).files(merged: true).map(\.text))
                #expect(try Fixture.check(run, merged: true).isConformant)
            }
        }
    }

    @Test func theLayoutUsesMapsSetsTuplesAndBigints() throws {
        let spec = Fixture.models[1].spec
        let trace = SpecWalk.walk(spec, seed: 3, maxSteps: 40)
        let document = ITFTrace.pbft(trace, spec: spec, parameters: [:], source: "s", description: "d")
        #expect(document.vars == ITFTrace.pbftVariables)
        let last = try #require(document.states.last)
        #expect(last.value("view")?["#map"] != nil)
        #expect(last.value("commits").flatMap { try? ITF.pairs($0, at: "") }?.allSatisfy { $0.1["#set"] != nil } == true)
        let prepares = try ITF.pairs(try #require(last.value("prepares")), at: "prepares")
        #expect(prepares.contains { pair in (try? ITF.pairs(pair.1, at: ""))?.contains { $0.0["#tup"] != nil } == true })
        #expect(last.value("stableCheckpoint").map(JSONWriter.compact)?.contains("#bigint") == true)
        #expect(last.value("action")?["tag"] != nil)
        #expect(document.states[0].value("action")?["tag"] == .string("init"))
    }

    @Test func importAcceptsModulePrefixesAndStutteringAndRejectsWhatNoStepExplains() throws {
        let spec = Fixture.models[0].spec
        let trace = SpecWalk.walk(spec, seed: 9, maxSteps: 12)
        var document = ITFTrace.pbft(trace, spec: spec, parameters: [:], source: "s", description: "d")
        // Quint writes qualified names, and may repeat a state; no `action` variable either.
        document.vars = document.vars.filter { $0 != "action" }.map { "pbft::\($0)" }
        document.states = document.states.map { state in
            ITFTrace.State(meta: state.meta, values: state.values.filter { $0.key != "action" }.map { .init("pbft::\($0.key)", $0.value) })
        }
        document.states.insert(document.states[3], at: 4)
        let imported = try document.pbftTrace(of: spec)
        #expect(imported.steps.map(\.state) == trace.steps.map(\.state))
        // A state that no step reaches: skip one state.
        document.states.remove(at: 2)
        #expect(throws: ITFStepError.self) { try document.pbftTrace(of: spec) }
        do {
            _ = try document.pbftTrace(of: spec)
        } catch let error as ITFStepError {
            #expect(error.index == 2)
            #expect(error.problem.hasPrefix("no PBFT step leads from state 1 to state 2"))
            #expect(!error.differences.isEmpty)
        }
    }

    @Test func counterexamplesRoundTripByteForByte() throws {
        let directory = Fixture.scratch("itf-counterexample")
        let config = (directory as NSString).appendingPathComponent("n3.cfg")
        try """
        model = pbft
        [constants]
        replicas = 3
        f = 1
        byzantine = 1
        [bounds]
        max_seq = 1
        requests = 2
        [invariants]
        Agreement
        [sometimes]
        [symmetry]
        replicas
        requests
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let output = (directory as NSString).appendingPathComponent("out")
        #expect(BFTCheck.execute(["check", config, "--output", output, "--quiet", "--threads", "1"]) == 1)
        let counterexample = (output as NSString).appendingPathComponent("n3.Agreement.json")
        let itf = (directory as NSString).appendingPathComponent("n3.itf.json")
        #expect(BFTCheck.execute(["itf", "export", counterexample, "--output", itf]) == 0)
        let back = (directory as NSString).appendingPathComponent("back.json")
        #expect(BFTCheck.execute(["itf", "import", itf, "--counterexample-out", back]) == 0)
        #expect(FileManager.default.contents(atPath: back) == FileManager.default.contents(atPath: counterexample))
        #expect(BFTCheck.execute(["replay", back]) == 1)
        // The imported trace also comes out as conformant implementation traces.
        let traces = (directory as NSString).appendingPathComponent("traces")
        #expect(BFTCheck.execute(["itf", "import", itf, "--trace-out", traces]) == 0)
        #expect(BFTCheck.execute(["conform", traces]) == 0)
    }

    @Test func otherModelsExportFieldByField() throws {
        let directory = Fixture.scratch("itf-generic")
        let output = (directory as NSString).appendingPathComponent("out")
        #expect(BFTCheck.execute(["check", Fixture.repo("Specs/fixtures/lock-mutex-bug.cfg"), "--output", output, "--quiet"]) == 1)
        let document = try ITFExportCommand.export((output as NSString).appendingPathComponent("lock-mutex-bug.MutualExclusion.json"))
        #expect(document.states.count == 5)
        #expect(document.vars.last == "action")
        #expect(document.states[0].values.count == document.vars.count)
        #expect(document.text.contains("#bigint") || document.text.contains("#map") || document.text.contains("["))
        #expect(try ITFTrace(json: try JSONParser.parse(document.text)) == document)
    }
}
