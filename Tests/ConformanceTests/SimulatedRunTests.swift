import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import Testing

@testable import Conformance

/// Unmutated runs of the spec are accepted, wholly consumed, with one logged spec step per spec step.
@Suite struct SimulatedRunTests {
    @Test(arguments: Fixture.models.indices)
    func everyRunOfTheSpecConformsInBothLayouts(_ model: Int) throws {
        let (name, spec) = Fixture.models[model]
        for seed in UInt64(1)...12 {
            let (trace, run) = Fixture.run(spec, seed: seed)
            for merged in [false, true] {
                let report = try Fixture.check(run, merged: merged)
                #expect(report.isConformant, "\(name) seed \(seed) merged \(merged): \(report.text)")
                #expect(report.events == run.entries.count)
                #expect(report.consumed == report.events, "the whole log is consumed")
                #expect(report.specSteps == trace.steps.count, "each spec step is one logged event")
                #expect(report.silentSteps == 0)
            }
        }
    }

    @Test func runsReachEveryKindOfEvent() {
        var kinds: Set<String> = []
        var messages: Set<String> = []
        for (_, spec) in Fixture.models {
            for seed in UInt64(1)...12 {
                for entry in Fixture.run(spec, seed: seed).run.entries {
                    kinds.insert(entry.event.body.kind.rawValue)
                    if case .send(_, _, let message) = entry.event.body { messages.insert(message.type.rawValue) }
                }
            }
        }
        #expect(kinds == Set(TraceFormat.EventKind.allCases.map(\.rawValue)))
        #expect(messages == Set(TraceFormat.MessageType.allCases.map(\.rawValue)))
    }

    @Test func theSameSeedWritesTheSameBytes() {
        let spec = Fixture.models[1].spec
        for merged in [false, true] {
            let first = Fixture.run(spec, seed: 42).run.files(merged: merged)
            let second = Fixture.run(spec, seed: 42).run.files(merged: merged)
            #expect(first.map(\.text) == second.map(\.text))
            #expect(first.map(\.text) != Fixture.run(spec, seed: 43).run.files(merged: merged).map(\.text))
        }
    }

    @Test func writtenFilesReadBackToTheSameEvents() throws {
        let (_, run) = Fixture.run(Fixture.models[1].spec, seed: 5)
        let directory = Fixture.scratch("roundtrip")
        for merged in [false, true] {
            let paths = try run.write(to: directory + (merged ? "/m" : "/p"), merged: merged)
            let loaded = try TraceRun.load(paths)
            let expected = try run.traceRun(directory: directory + (merged ? "/m" : "/p"), merged: merged)
            #expect(loaded.logs == expected.logs)
            #expect(loaded.header == expected.header)
            for file in loaded.files {
                let text = try String(contentsOfFile: file.path, encoding: .utf8)
                #expect(TraceWriter.file(file.header, file.events) == text, "writing what was read gives the same bytes")
            }
        }
    }

    @Test func faultyReplicasNeedNotLogAnything() throws {
        // Receives carry their content, so a Byzantine replica's own log (untrusted anyway) may be absent.
        let spec = Fixture.models[0].spec
        for seed in UInt64(1)...6 {
            let (_, run) = Fixture.run(spec, seed: seed)
            var files = try run.traceRun(merged: false).files
            files.removeAll { $0.header.replica.map(run.header.faulty.contains) ?? false }
            let report = try ConformanceOracle().check(try TraceRun(files: files))
            #expect(report.isConformant, "\(report.text)")
        }
    }

    @Test func theCommittedExamplesConform() throws {
        for path in ["Traces/examples/normal-case.ndjson"] {
            let report = try ConformanceOracle().check(paths: [Fixture.repo(path)])
            #expect(report.isConformant, "\(report.text)")
            #expect(report.consumed == 36 && report.specSteps == 11)
        }
        for directory in ["Traces/examples/simulated-n4-checkpoints-view-change", "Traces/examples/simulated-n4-wide-merged"] {
            let report = try ConformanceOracle().check(paths: [Fixture.repo(directory)])
            #expect(report.isConformant, "\(report.text)")
        }
    }
}
