import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs
import Verification

/// `bftcheck simulate CONFIG --seed S --trace-out DIR`: seeded random walks of a PBFT config,
/// written as implementation traces.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Random walks of a PBFT config, written as implementation traces (Docs/trace-format.md).",
        discussion: """
            Each walk takes random enabled spec steps (the Byzantine replicas' messages included, \
            equivocation and all) and is written as the logs the replicas would keep: one file per \
            replica, or one merged file. The seed is printed; the same seed writes the same bytes. \
            With --mutate, each walk is altered by one mutation kind and the event where the oracle \
            must reject it is printed.

            With --events N, one unbounded run of at least N events is walked from the spec instead \
            (version-2 trace, any sequence numbers and views; the config's max_seq, max_view and \
            requests do not apply, and its Byzantine replicas stay silent): every step is one the \
            judging spec enables in the replica's own log, messages arrive in any order, and timers \
            expire at --timeouts-per-million. bftcheck conform must accept it; with --mutate it \
            must reject it at the printed line.
            """
    )

    @Argument(help: "A PBFT config file, or a config name under Specs/.")
    var config: String

    @Option(parsing: .unconditional, help: "The seed (default: a fresh one, printed).")
    var seed: UInt64?

    @Option(help: "Directory for the trace files (trace files already there are replaced).")
    var traceOut: String

    @Option(parsing: .unconditional, help: "Steps per walk.")
    var steps = 60

    @Option(
        parsing: .unconditional, help: "Number of walks (more than one: a directory per walk, walk-0001, …; walk i uses seed S + i − 1).")
    var walks = 1

    @Flag(help: "Write one merged file per walk instead of one file per replica.")
    var merged = false

    @Option(parsing: .unconditional, help: "Chance of an extra (unneeded or duplicate) delivery after each step, 0...1.")
    var noise = 0.3

    @Option(
        parsing: .unconditional,
        help: "Write one unbounded run of at least this many events, walked from the spec (version-2 trace), instead of bounded walks.")
    var events: Int?

    @Option(parsing: .unconditional, help: "With --events: timer expiries per million steps (default 200).")
    var timeoutsPerMillion: Int?

    @Option(
        parsing: .unconditional,
        help:
            "With --events: messages the config's Byzantine replicas send per million steps (default 20000; 0: they stay silent): votes, made-up checkpoints, and a Byzantine primary's PRE-PREPAREs, half of them equivocating."
    )
    var byzantinePerMillion: Int?

    @Option(help: "Also write each walk as an ITF trace: a file for one walk, a directory for several.")
    var itfOut: String?

    @Option(help: "Alter each walk by one mutation: \(TraceMutation.allCases.map(\.rawValue).joined(separator: ", ")).")
    var mutate: String?

    func run() throws {
        if let events { return try runUnbounded(events: events) }
        if timeoutsPerMillion != nil {
            throw InputError(nil, nil, key: "--timeouts-per-million", "applies to an unbounded run (--events) only")
        }
        if byzantinePerMillion != nil {
            throw InputError(nil, nil, key: "--byzantine-per-million", "applies to an unbounded run (--events) only")
        }
        let steps = try Inputs.simulateSteps.validate(steps)
        let walks = try Inputs.simulateWalks.validate(walks)
        let noise = try Inputs.noise.validate(noise)
        var mutation: TraceMutation? = nil
        if let mutate {
            guard let parsed = TraceMutation(rawValue: mutate) else {
                throw InputError(
                    nil, nil, key: "--mutate",
                    "expected one of \(TraceMutation.allCases.map(\.rawValue).joined(separator: ", ")), got '\(mutate)'")
            }
            mutation = parsed
        }
        let path = try ConfigLocator.resolve(config)
        let modelConfig = try ModelConfig.load(path)
        let (spec, parameters) = try Self.pbft(modelConfig)
        let seed = seed ?? UInt64.random(in: 0...UInt64.max)
        var line =
            "simulate: seed \(seed); reproduce with bftcheck simulate \(path) --seed \(seed) --steps \(steps) --trace-out \(traceOut)"
        if walks > 1 { line += " --walks \(walks)" }
        if merged { line += " --merged" }
        if noise != 0.3 { line += " --noise \(noise)" }
        if let mutate { line += " --mutate \(mutate)" }
        Terminal.note(line)
        if let itfOut {
            if walks == 1 {
                try OutputFile.requireFilePath(itfOut, key: "--itf-out", what: "the ITF file")
            } else {
                try OutputFile.createDirectory(itfOut, key: "--itf-out")
            }
        }
        try OutputFile.createDirectory(traceOut, key: "--trace-out")
        try Self.clearTraces(in: traceOut)
        for walk in 1...walks {
            let walkSeed = seed &+ UInt64(walk - 1)
            let directory = walks == 1 ? traceOut : (traceOut as NSString).appendingPathComponent(String(format: "walk-%04d", walk))
            let trace = SpecWalk.walk(spec, seed: walkSeed, maxSteps: steps)
            var synthesizer = TraceSynthesizer(spec: spec, seed: walkSeed, noise: noise)
            var run = synthesizer.render(trace)
            var summary = "walk \(walk) (seed \(walkSeed)): \(trace.steps.count) spec steps, "
            if let mutation {
                guard let mutant = run.mutated(by: mutation, seed: walkSeed, merged: merged) else {
                    summary += "no place for \(mutation.rawValue) in this walk; written unmutated, "
                    try write(run, trace, spec, parameters, modelConfig, directory, walk, summary)
                    continue
                }
                run = mutant.run
                let expected = mutant.expected.compactMap { run.location(of: $0, directory: directory, merged: merged) }.sorted()
                summary +=
                    "mutated (\(mutation.rawValue): \(mutant.summary)); the oracle must reject at \(expected.map(\.description).joined(separator: " or ")), "
            }
            try write(run, trace, spec, parameters, modelConfig, directory, walk, summary)
        }
    }

    private func write(
        _ run: SynthesizedRun, _ trace: Trace<PBFT>, _ spec: PBFT, _ parameters: [String: String], _ config: ModelConfig,
        _ directory: String,
        _ walk: Int, _ summary: String
    ) throws {
        let paths = try OutputFile.write(run, to: directory, merged: merged, key: "--trace-out")
        var text =
            summary
            + "\(run.entries.count) events -> \(directory) (\(paths.map { ($0 as NSString).lastPathComponent }.joined(separator: " ")))"
        if let violation = SpecWalk.firstViolation(in: trace, of: spec) {
            text += "; note: \(violation.property) fails after step \(violation.step)"
        }
        if let itfOut {
            let target = walks == 1 ? itfOut : (itfOut as NSString).appendingPathComponent(String(format: "walk-%04d.itf.json", walk))
            let document = ITFTrace.pbft(
                trace, spec: spec, parameters: parameters, source: config.path, description: "bftcheck simulate walk \(walk)")
            try OutputFile.write(document.text, to: target, key: "--itf-out", what: "the ITF file")
            text += "; ITF -> \(target)"
        }
        print(text)
    }

    /// Removes the trace files an earlier run left in `directory` (its `*.ndjson`, and those of its
    /// `walk-NNNN` subdirectories, which are removed when that empties them), so that a directory
    /// always holds exactly the runs of the last command.
    static func clearTraces(in directory: String) throws {
        let manager = FileManager.default
        func clear(_ path: String) throws {
            for name in (try? manager.contentsOfDirectory(atPath: path)) ?? [] where name.hasSuffix(".ndjson") {
                let file = (path as NSString).appendingPathComponent(name)
                guard unlink(file) == 0 || errno == ENOENT else {
                    throw InputError(file, nil, key: "--trace-out", "cannot replace the trace file: \(OutputFile.reason(errno))")
                }
            }
        }
        try clear(directory)
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("walk-") {
            let path = (directory as NSString).appendingPathComponent(name)
            try clear(path)
            if (try? manager.contentsOfDirectory(atPath: path))?.isEmpty == true, rmdir(path) != 0 {
                throw InputError(path, nil, key: "--trace-out", "cannot remove the old walk directory: \(OutputFile.reason(errno))")
            }
        }
    }

    /// The PBFT model of `config`, built and validated as `bftcheck check` builds it.
    static func pbft(_ config: ModelConfig) throws -> (PBFT, [String: String]) {
        guard config.model == "pbft" else {
            throw InputError(config.path, nil, key: "model", "simulate writes PBFT traces; this config's model is '\(config.model)'")
        }
        guard let model = try ModelCatalog.entry(named: "pbft")?.instantiate(config), let system = model.system(as: PBFT.self) else {
            throw InputError(config.path, nil, key: "model", "the PBFT model is not registered")
        }
        return (system, model.parameters)
    }
}
