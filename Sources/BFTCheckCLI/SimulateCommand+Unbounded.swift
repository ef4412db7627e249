import Conformance
import Foundation
import MessagePassing
import ProtocolSpecs
import Verification

/// `bftcheck simulate CONFIG --events N`: one unbounded PBFT run walked from the spec
/// (`PBFTSpecWalk`), written as version-2 traces, optionally with one planted mutation.
extension SimulateCommand {
    func runUnbounded(events: Int) throws {
        let events = try Inputs.simulateEvents.validate(events)
        let timeouts = try Inputs.timeoutsPerMillion.validate(timeoutsPerMillion ?? 200)
        let byzantineRate = try Inputs.byzantinePerMillion.validate(byzantinePerMillion ?? 20_000)
        for (flag, given) in [("--itf-out", itfOut != nil), ("--walks", walks != 1), ("--steps", steps != 60), ("--noise", noise != 0.3)]
        where given {
            throw InputError(nil, nil, key: flag, "does not apply to an unbounded run (--events)")
        }
        let path = try ConfigLocator.resolve(config)
        let modelConfig = try ModelConfig.load(path)
        let configuration = try Self.pbft(modelConfig).0.configuration
        guard configuration.checkpointInterval >= 1 else {
            throw InputError(
                path, nil, key: "checkpoint_interval", "an unbounded run needs checkpoints (at least 1): without them the window fills up")
        }
        guard configuration.window >= configuration.checkpointInterval else {
            throw InputError(
                path, nil, key: "window",
                "an unbounded run needs a window of at least checkpoint_interval = \(configuration.checkpointInterval), got \(configuration.window)"
            )
        }
        let (crashed, byzantine) = (configuration.faults.crashed, configuration.faults.byzantine)
        guard crashed.union(byzantine).count < configuration.replicaCount - configuration.faultThreshold else {
            throw InputError(path, nil, key: "byzantine", "an unbounded run needs n − f replicas that are not faulty to make progress")
        }
        var mutation: TraceMutation? = nil
        if let mutate {
            let kinds = merged ? PBFTSpecWalk.mergedMutations : PBFTSpecWalk.mutations
            guard let parsed = TraceMutation(rawValue: mutate), kinds.contains(parsed) else {
                throw InputError(
                    nil, nil, key: "--mutate",
                    "an unbounded run\(merged ? " in a merged file" : "") takes \(kinds.map(\.rawValue).joined(separator: ", ")), got '\(mutate)'"
                )
            }
            mutation = parsed
        }
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        var line =
            "simulate: seed \(seed); reproduce with bftcheck simulate \(path) --events \(events) --seed \(seed) --trace-out \(traceOut)"
        if timeouts != 200 { line += " --timeouts-per-million \(timeouts)" }
        if byzantineRate != 20_000 { line += " --byzantine-per-million \(byzantineRate)" }
        if merged { line += " --merged" }
        if let mutate { line += " --mutate \(mutate)" }
        Terminal.note(line)
        let walk = PBFTSpecWalk(
            .init(
                replicaCount: configuration.replicaCount, faultThreshold: configuration.faultThreshold, quorum: configuration.quorum,
                newViewQuorum: configuration.newViewQuorum, checkpointInterval: configuration.checkpointInterval,
                window: configuration.window, mutant: configuration.mutant, crashed: crashed, byzantine: byzantine,
                byzantinePerMillion: byzantineRate, timeoutsPerMillion: timeouts, seed: seed))
        // Without a planted mutation the run goes straight to its files, a line at a time: memory
        // does not grow with the run (a mutation is planted in the whole run, so that one is kept).
        guard mutation != nil else {
            try OutputFile.createDirectory(traceOut, key: "--trace-out")
            try Self.clearTraces(in: traceOut)
            let owners: [ReplicaID?] = merged ? [nil] : walk.liveReplicas
            let streams = try owners.map { owner in
                let name = owner.map { "\($0).ndjson" } ?? "run.ndjson"
                let stream = try OutputFile.Stream(
                    path: (traceOut as NSString).appendingPathComponent(name), key: "--trace-out", what: "the trace file")
                stream.append(line: walk.header(for: owner))
                return stream
            }
            var byReplica = [OutputFile.Stream?](repeating: nil, count: configuration.replicaCount)
            for (owner, stream) in zip(owners, streams) { if let owner { byReplica[owner.index] = stream } }
            let summary = walk.write(events: events) { replica, line in
                (merged ? streams[0] : byReplica[replica.index])?.append(line: line)
            }
            for stream in streams { try stream.close() }
            print(
                Self.describe(summary, seed: seed, crashed: crashed, byzantine: byzantine, mutant: configuration.mutant)
                    + " -> \(traceOut) (\(streams.map { ($0.path as NSString).lastPathComponent }.joined(separator: " ")))")
            return
        }
        var files: [(name: String, text: String)]
        let summary: PBFTSpecWalk.Summary
        if merged {
            let run = walk.mergedFile(events: events)
            (files, summary) = ([run.file], run.summary)
        } else {
            (files, summary) = walk.files(events: events)
        }
        var text = Self.describe(summary, seed: seed, crashed: crashed, byzantine: byzantine, mutant: configuration.mutant)
        if let mutation {
            guard let mutant = PBFTSpecWalk.mutate(files, by: mutation, seed: seed) else {
                throw InputError(
                    nil, nil, key: "--mutate", "this run has no place for \(mutation.rawValue); try another seed or more events")
            }
            files = mutant.files
            text +=
                "; mutated (\(mutation.rawValue): \(mutant.summary)); the validator must reject at "
                + mutant.expected.map { "\((traceOut as NSString).appendingPathComponent($0.file)):\($0.line)" }.joined(separator: " or ")
        }
        try OutputFile.createDirectory(traceOut, key: "--trace-out")
        try Self.clearTraces(in: traceOut)
        for file in files {
            try OutputFile.write(
                file.text, to: (traceOut as NSString).appendingPathComponent(file.name), key: "--trace-out", what: "the trace file")
        }
        print(text + " -> \(traceOut) (\(files.map(\.name).joined(separator: " ")))")
    }

    /// `unbounded run (seed S): N events, …`: what the walk did.
    static func describe(
        _ summary: PBFTSpecWalk.Summary, seed: UInt64, crashed: ReplicaSet, byzantine: ReplicaSet, mutant: PBFTMutant
    )
        -> String
    {
        var text =
            "unbounded run (seed \(seed)): \(summary.events) events, \(summary.steps) spec steps, \(summary.requests) requests, executed through \(summary.highestExecuted), stable checkpoint \(summary.highestStableCheckpoint), views up to \(summary.highestView) (\(summary.newViews) NEW-VIEWs, \(summary.timeouts) timeouts)"
        if !crashed.isEmpty { text += "; \(crashed) crashed" }
        if !byzantine.isEmpty {
            text +=
                summary.byzantineSends == 0
                ? "; \(byzantine) Byzantine, silent"
                : "; \(byzantine) Byzantine: \(summary.byzantineSends) messages sent, \(summary.equivocations) equivocating PRE-PREPAREs"
        }
        if mutant != .none { text += "; walked with mutant \(mutant.rawValue)" }
        return text
    }
}
