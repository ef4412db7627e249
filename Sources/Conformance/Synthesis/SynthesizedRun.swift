import Foundation
import MessagePassing

/// A run rendered from a spec trace: every replica's events in one global causal order, each with
/// a stable identity and the reason it is there — which the mutation suite uses to know exactly
/// which event a mutant must be rejected at.
public struct SynthesizedRun: Sendable {
    /// Why an event is in the run.
    public enum Purpose: Hashable, Sendable {
        /// A local protocol step (the event of a spec step, or an execution or checkpoint it causes).
        case step
        /// A message a correct replica sent.
        case send
        /// A message a Byzantine replica sent (from the spec's vocabulary).
        case byzantineSend
        /// A receive the step with identity `step` needs (delivered just before it, for the first time).
        case evidence(step: Int)
        /// A receive nothing needed: the network delivering a message (possibly again).
        case delivery
    }

    /// One event with its identity and purpose.
    public struct Entry: Hashable, Sendable {
        /// The identity, stable under mutation.
        public var id: Int
        /// The event (its `lsn` and location are recomputed by `renumbered()`).
        public var event: TraceEvent
        /// Why it is there.
        public var purpose: Purpose
    }

    /// The header the files share.
    public var header: TraceHeader
    /// Every event, in a causal order (the order a merged file lists them).
    public var entries: [Entry]

    /// A run.
    public init(header: TraceHeader, entries: [Entry]) {
        self.header = header
        self.entries = entries
    }

    /// The file name of `replica`'s log in a per-replica directory: `r1.ndjson`.
    public func fileName(of replica: ReplicaID) -> String { "\(header.name(of: replica)).ndjson" }

    /// The file name of a merged run.
    public static let mergedFileName = "trace.ndjson"

    /// The run with `lsn`s renumbered 1, 2, … per replica in entry order, and locations set for the
    /// layout of `directory` (per replica, or merged).
    public func renumbered(directory: String = ".", merged: Bool = false) -> SynthesizedRun {
        var copy = self
        var next = Array(repeating: 1, count: header.replicaCount)
        for index in copy.entries.indices {
            let replica = copy.entries[index].event.replica
            copy.entries[index].event.lsn = next[replica.index]
            let file = (directory as NSString).appendingPathComponent(merged ? Self.mergedFileName : fileName(of: replica))
            copy.entries[index].event.location = TraceLocation(file: file, line: merged ? index + 2 : next[replica.index] + 1)
            next[replica.index] += 1
        }
        return copy
    }

    /// The files of the run: one per replica (a header, then its events), or one merged file.
    public func files(merged: Bool) -> [(name: String, text: String)] {
        let run = renumbered(merged: merged)
        if merged { return [(Self.mergedFileName, TraceWriter.file(header, run.entries.map(\.event)))] }
        return (0..<header.replicaCount).map { index in
            let replica = ReplicaID(index)
            var own = header
            own.replica = replica
            return (fileName(of: replica), TraceWriter.file(own, run.entries.filter { $0.event.replica == replica }.map(\.event)))
        }
    }

    /// Writes the files into `directory` (created if needed) and returns their paths, sorted.
    ///
    /// - Throws: file-system errors.
    @discardableResult
    public func write(to directory: String, merged: Bool) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for file in files(merged: merged) {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths.sorted()
    }

    /// Where the entry with identity `id` is written in the layout of `directory`.
    public func location(of id: Int, directory: String = ".", merged: Bool) -> TraceLocation? {
        renumbered(directory: directory, merged: merged).entries.first { $0.id == id }?.event.location
    }

    /// The run as the oracle reads it from files in `directory` (without touching the disk).
    ///
    /// - Throws: `MalformedTrace` (never, for runs the synthesizer made).
    public func traceRun(directory: String = ".", merged: Bool) throws -> TraceRun {
        let run = renumbered(directory: directory, merged: merged)
        if merged {
            return try TraceRun(files: [
                TraceFile(
                    path: (directory as NSString).appendingPathComponent(Self.mergedFileName), header: header,
                    events: run.entries.map(\.event))
            ])
        }
        return try TraceRun(
            files: (0..<header.replicaCount).map { index in
                let replica = ReplicaID(index)
                var own = header
                own.replica = replica
                return TraceFile(
                    path: (directory as NSString).appendingPathComponent(fileName(of: replica)), header: own,
                    events: run.entries.filter { $0.event.replica == replica }.map(\.event))
            })
    }
}
