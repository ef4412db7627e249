import Foundation

/// The run's traces in the bftcheck trace format (Docs/trace-format.md): one file per replica that ran
/// and is correct; Byzantine replicas are declared `faulty` and crashed ones `crashed`, and the digests
/// of requests that only a Byzantine replica's PRE-PREPAREs introduced are declared in the header.
extension ClusterSimulator {
    /// The header every file of the run shares (but for `replica`).
    public var traceHeader: TraceRunHeader {
        let faults = scenario.faults
        return TraceRunHeader(
            configuration: scenario.configuration,
            faulty: faults.keys.filter { faults[$0]!.isByzantine }.sorted(),
            crashed: faults.keys.filter { faults[$0]! == .crashed }.sorted(),
            requests: byzantineDigests,
            implementation: "bftcheck Replica (Sources/Replica), ClusterSimulator \(scenario.reproduction)")
    }

    /// The files of the run: `r0.ndjson`, … with their contents, for the replicas that have a log.
    public func traceFiles() -> [(name: String, contents: String)] {
        let header = traceHeader
        return scenario.configuration.replicas.compactMap { replica in
            guard isCorrect(replica), scenario.faults[replica] != .crashed else { return nil }
            let lines = [header.line(for: replica)] + logs[replica.index].lines
            return ("\(replica).ndjson", lines.joined(separator: "\n") + "\n")
        }
    }

    /// Writes `traceFiles()` into `directory`, creating it.
    ///
    /// - Returns: the paths written.
    /// - Throws: the file system's error.
    @discardableResult
    public func writeTraces(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try traceFiles().map { file in
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }
}
