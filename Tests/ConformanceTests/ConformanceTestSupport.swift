import BFTCheckTestSupport
import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs

@testable import Conformance

/// Models, runs and paths for the conformance tests.
enum Fixture {
    /// The package root.
    static var packageRoot: String { TestRepository.packageRoot }

    /// A path under the package root.
    static func repo(_ relative: String) -> String { TestRepository.repo(relative) }

    /// A fresh, empty scratch directory.
    static func scratch(_ name: String) -> String { TestRepository.scratch(name) }

    /// A PBFT model.
    static func pbft(
        n: Int = 4, f: Int = 1, byzantine: Int = 1, crashed: Int = 0, firstFaulty: Int = 0, maxView: Int = 0, maxSequence: Int = 2,
        requests: Int = 2, checkpointInterval: Int = 0, window: Int? = nil, mutant: PBFTMutant = .none
    ) -> PBFT {
        PBFT(
            PBFTConfiguration(
                replicaCount: n, faultThreshold: f,
                faults: FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty), maxView: maxView,
                maxSequence: maxSequence, requestCount: requests, checkpointInterval: checkpointInterval, window: window, mutant: mutant))
    }

    /// Models that together reach every kind of event: Byzantine primary and backup, crashes, view
    /// changes, checkpoints with a window, n = 7.
    static let models: [(name: String, spec: PBFT)] = [
        ("n4 Byzantine primary", pbft(maxSequence: 2)),
        ("n4 wide", pbft(maxView: 2, maxSequence: 4, requests: 3, checkpointInterval: 2, window: 2)),
        ("n4 Byzantine backup", pbft(firstFaulty: 3, maxView: 1, maxSequence: 3, checkpointInterval: 1, window: 1)),
        ("n5 crash", pbft(n: 5, crashed: 1, firstFaulty: 1, maxView: 1, maxSequence: 2)),
        ("n7 f2", pbft(n: 7, f: 2, byzantine: 2, maxView: 1, maxSequence: 1)),
        ("n3 unsafe", pbft(n: 3, maxSequence: 1)),
    ]

    /// The walk of `spec` with `seed`, rendered as a run.
    static func run(_ spec: PBFT, seed: UInt64, steps: Int = 80) -> (trace: Trace<PBFT>, run: SynthesizedRun) {
        let trace = SpecWalk.walk(spec, seed: seed, maxSteps: steps)
        var synthesizer = TraceSynthesizer(spec: spec, seed: seed)
        return (trace, synthesizer.render(trace))
    }

    /// The oracle's report on `run` laid out per replica or merged (in memory, as if in `directory`).
    static func check(_ run: SynthesizedRun, merged: Bool, maxSilentSteps: Int = 0, directory: String = "run") throws -> ConformanceReport {
        try ConformanceOracle(maxSilentSteps: maxSilentSteps).check(try run.traceRun(directory: directory, merged: merged))
    }

    /// The oracle's report on trace text (one merged or per-replica file each), without touching the disk.
    static func check(_ files: [(name: String, text: String)], maxSilentSteps: Int = 0) throws -> ConformanceReport {
        try ConformanceOracle(maxSilentSteps: maxSilentSteps).check(
            try TraceRun(files: files.map { try TraceReader.parse($0.text, path: $0.name) }))
    }

    /// The handwritten normal-case example's lines.
    static var normalCase: [String] {
        try! String(contentsOfFile: repo("Traces/examples/normal-case.ndjson"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The normal-case example with `edit` applied to its lines, as one merged file.
    static func normalCase(_ edit: (inout [String]) -> Void) -> [(name: String, text: String)] {
        var lines = normalCase
        edit(&lines)
        return [("normal-case.ndjson", lines.joined(separator: "\n") + "\n")]
    }

    /// The index of the line of `replica`'s event number `lsn` in the normal-case example.
    static func line(_ lines: [String], _ replica: String, _ lsn: Int) -> Int {
        lines.firstIndex { $0.contains("\"replica\":\"\(replica)\",\"lsn\":\(lsn),") }!
    }
}
