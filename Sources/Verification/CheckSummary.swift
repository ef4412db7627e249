import Foundation
import ModelChecking

/// The human-readable summary of a check: what ran, the verdict and counterexample files, the
/// statistics, the coverage and the comparison with `[expect]`.
public enum CheckSummary {
    /// The summary of `report`, one line each, without a final newline.
    public static func render(_ report: CheckReport, config: ModelConfig) -> String {
        let s = report.statistics
        var lines: [String] = []
        let store =
            s.bitstate.map { "bitstate hashing 2^\($0.bits) bits, \($0.hashCount) hashes (CAN MISS STATES)" }
            ?? (s.exact ? "exact store" : "64-bit fingerprints")
        let threads = s.strategy == "bfs" ? ", \(s.threads) thread\(s.threads == 1 ? "" : "s")" : ""
        lines.append("model \(report.model) (\(config.path)): \(s.strategy)\(threads), symmetry \(s.symmetry ? "on" : "off"), \(store)")
        switch report.outcome {
        case "holds":
            lines.append(
                s.strategy == "simulate"
                    ? "result: no violation found (simulation is not exhaustive)" : "result: all properties hold within the bounds")
        case "violated":
            for violation in report.violations {
                if let depth = violation.depth {
                    lines.append("result: VIOLATED \(violation.property) after \(depth) step\(depth == 1 ? "" : "s")")
                } else {
                    lines.append("result: VIOLATED \(violation.property): never reached in the whole state space")
                }
                for file in violation.files { lines.append("  counterexample: \(file)") }
            }
        default: lines.append("result: INCOMPLETE: \(report.reason ?? "stopped")")
        }
        lines.append(
            "states: \(s.distinctStates) distinct, \(s.transitions) transitions, depth \(s.maxDepth), "
                + String(
                    format: "%.2f s, %.0f states/s, %.1f bytes/state, peak %d MiB", s.seconds, s.statesPerSecond, s.bytesPerState,
                    s.peakMemoryBytes >> 20))
        if let seed = s.seed { lines.append("seed: \(seed)") }
        if let storage = s.storage {
            var parts: [String] = []
            if let depth = storage.resumedFromDepth { parts.append("resumed from depth \(depth)") }
            if let depth = storage.lastCheckpointDepth {
                let written = storage.checkpointsWritten
                parts.append("\(written) checkpoint\(written == 1 ? "" : "s") written, the last at depth \(depth)")
            }
            if storage.spilledBytes > 0 { parts.append("\(storage.spilledBytes >> 20) MiB spilled to disk") }
            if !parts.isEmpty { lines.append("disk: " + parts.joined(separator: ", ")) }
        }
        if let bitstate = s.bitstate {
            lines.append(
                String(
                    format: "bitstate: hash factor %.1f (bits per state; SPIN advises > 100), about %.3g states missed (expected), "
                        + "next new state missed with probability %.2g", bitstate.hashFactor, bitstate.expectedMissedStates,
                    bitstate.nextMissProbability))
        } else if !s.exact {
            lines.append(String(format: "fingerprint collision probability (optimistic): %.2g", s.collisionProbability))
        }
        if let distributed = s.distributed {
            lines.append(
                "mpi: \(distributed.ranks) rank\(distributed.ranks == 1 ? "" : "s") × \(distributed.threadsPerRank) thread"
                    + "\(distributed.threadsPerRank == 1 ? "" : "s"), "
                    + String(
                        format: "%d bytes exchanged (%.1f per state), %d bytes routed (%.1f per state)", distributed.exchangedBytes,
                        distributed.exchangedBytesPerState, distributed.routedBytes, distributed.routedBytesPerState))
        }
        if let swarm = s.swarm {
            lines.append(
                "swarm: \(swarm.seeds.count) runs, seeds \(swarm.seeds.first ?? 0)...\(swarm.seeds.last ?? 0), states per run "
                    + "min \(swarm.statesPerRun.min() ?? 0) max \(swarm.statesPerRun.max() ?? 0)")
        }
        lines.append("coverage: " + s.coverage.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        lines += neverFiredLines(s.coverage)
        for witness in report.witnesses { lines.append("reached: \(witness.property) in \(witness.depth) steps") }
        if let expectation = report.expectation {
            lines.append(expectation.met ? "expectation: met" : "expectation: NOT MET: " + expectation.mismatches.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    /// The kinds of action that never fired: those the config excludes, grouped by the model's reason,
    /// then the others, which point at the spec or at bounds too small to reach them.
    static func neverFiredLines(_ coverage: [ActionCoverage]) -> [String] {
        var lines: [String] = []
        var reasons: [(reason: String, kinds: [String])] = []
        for kind in coverage where kind.count == 0 {
            guard let reason = kind.excludedBecause else { continue }
            if let index = reasons.firstIndex(where: { $0.reason == reason }) {
                reasons[index].kinds.append(kind.name)
            } else {
                reasons.append((reason, [kind.name]))
            }
        }
        if !reasons.isEmpty {
            lines.append(
                "excluded by the config: " + reasons.map { "\($0.kinds.joined(separator: ", ")) (\($0.reason))" }.joined(separator: "; "))
        }
        let unexplained = coverage.filter { $0.count == 0 && $0.excludedBecause == nil }.map(\.name)
        if !unexplained.isEmpty {
            let kinds = unexplained.joined(separator: ", ")
            lines.append("never fired: \(kinds) (not reached within the bounds: check the spec and the bounds)")
        }
        return lines
    }
}
