import Foundation
import MessagePassing
import Testing

@testable import Conformance

/// A long streamed run: many thousands of events over thousands of broadcast instances, judged from
/// files with the live state bounded by the instances in progress, not by the run.
///
/// `BFT_VALIDATOR_EVENTS` (default 150,000, to keep `swift test` fast; `Benchmarks/conformance/
/// validator-scale.sh` runs 10,000,000 through the release binary) sets the size; `BFT_VALIDATOR_KEEP=DIR` keeps the
/// files and `BFT_VALIDATOR_WRITE_ONLY=1` skips judging them (for timing the release binary:
/// `bftcheck conform DIR`).
@Suite struct ValidatorScaleTests {
    /// Resident memory of this process now, in KiB (Linux; 0 elsewhere).
    static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    @Test func aLongRunStreamsInBoundedLiveState() throws {
        let environment = ProcessInfo.processInfo.environment
        let target = environment["BFT_VALIDATOR_EVENTS"].flatMap(Int.init) ?? 150_000
        let directory = environment["BFT_VALIDATOR_KEEP"] ?? Fixture.scratch("validator-scale")
        let synthesizer = BrachaTraceSynthesizer(replicaCount: 4, faultThreshold: 1, valueCount: 2, seed: 2026, templates: 8)
        // About 38 events an instance; a few more instances than needed.
        let instances = UInt64(target / 36 + 1)
        let concurrency = 8
        print("reproduce: \(synthesizer.reproduction(instances: instances, concurrency: concurrency)) into \(directory)")
        let (paths, written) = try synthesizer.writeFiles(instances: instances, concurrency: concurrency, to: directory)
        #expect(written >= target)
        // BFT_VALIDATOR_WRITE_ONLY=1 only writes the files (to time the release binary on them).
        if environment["BFT_VALIDATOR_WRITE_ONLY"] != nil { return }
        let before = Self.residentKiB()
        let started = ContinuousClock.now
        let report = try TraceValidator(codec: BrachaTraceCodec()).validate(paths: paths)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let after = Self.residentKiB()
        print(
            "validator scale: \(report.events) events, \(instances) instances, \(String(format: "%.2f", seconds)) s (this build), peak live \(report.peakLiveStates) instance states / \(report.peakLiveMessages) messages, resident \(before) → \(after) KiB"
        )
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == written && report.consumed == written)
        // Live state is bounded by the instances in progress (8), not by the thousands of the run:
        // 4 replicas' rows plus the network, for a few instances each.
        #expect(report.peakLiveStates <= 5 * 4 * concurrency)
        #expect(report.peakLiveMessages <= 4 * 40 * concurrency)
        if environment["BFT_VALIDATOR_KEEP"] == nil { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// PBFT (`PBFTTraceSynthesizer`): n = `BFT_VALIDATOR_REPLICAS` (default 4), a checkpoint every 128
    /// sequence numbers, a window of 256, a view change every 100,000 sequence numbers (every 1,024 in
    /// the default 60,000-event run, so that `swift test` sees view changes), streamed to one file a
    /// replica and judged with live state bounded by the window.
    @Test func aLongPBFTRunStreamsInBoundedLiveState() throws {
        let environment = ProcessInfo.processInfo.environment
        let target = environment["BFT_VALIDATOR_EVENTS"].flatMap(Int.init) ?? 60_000
        let n = environment["BFT_VALIDATOR_REPLICAS"].flatMap(Int.init) ?? 4
        let directory = (environment["BFT_VALIDATOR_KEEP"] ?? Fixture.scratch("validator-scale-pbft"))
        let synthesizer = PBFTTraceSynthesizer(
            replicaCount: n, faultThreshold: (n - 1) / 3, checkpointInterval: 128, window: 256,
            viewChangeEvery: target > 1_000_000 ? 99_968 : 1_024)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var buffers = (0..<n).map { synthesizer.header(for: ReplicaID($0)) + "\n" }
        let handles = try (0..<n).map { index -> FileHandle in
            let path = "\(directory)/r\(index).ndjson"
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        let (written, lastSequence, lastView) = synthesizer.write(events: target) { replica, line in
            buffers[replica.index] += line
            buffers[replica.index] += "\n"
            if buffers[replica.index].utf8.count > 1 << 20 {
                handles[replica.index].write(Data(buffers[replica.index].utf8))
                buffers[replica.index] = ""
            }
        }
        for (index, handle) in handles.enumerated() {
            handle.write(Data(buffers[index].utf8))
            try handle.close()
        }
        print("pbft scale: \(written) events, n = \(n), sequence numbers 1…\(lastSequence), views 0…\(lastView), into \(directory)")
        if environment["BFT_VALIDATOR_WRITE_ONLY"] != nil { return }
        let paths = (0..<n).map { "\(directory)/r\($0).ndjson" }
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(paths: paths)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == written)
        // The window (256) and one stable checkpoint's proof, not the run.
        #expect(report.peakLiveMessages <= n * n * 3 * 300, "\(report.peakLiveMessages)")
        if environment["BFT_VALIDATOR_KEEP"] == nil { try? FileManager.default.removeItem(atPath: directory) }
    }
}
