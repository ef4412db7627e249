import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs

/// `bftcheck itf import TRACE.itf.json`.
struct ITFImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read an ITF trace of the PBFT spec; check each state follows by a spec step; write it out.",
        discussion: """
            The trace uses the PBFT layout ('itf export' and 'simulate --itf-out' write it; a Quint or \
            TLA+ spec with the same variables may too; module prefixes such as 'pbft::view' are \
            accepted). The model's parameters come from #meta.bftcheck or from --config. Exit status: \
            0 every state follows from the one before by a PBFT step, 1 one does not (named), 2 the \
            file is malformed.
            """
    )

    @Argument(help: "An ITF trace (.itf.json).")
    var file: String

    @Option(help: "A PBFT config giving the model's parameters, when the trace's #meta has none.")
    var config: String?

    @Option(help: "Write the trace as implementation traces (Docs/trace-format.md) into this directory.")
    var traceOut: String?

    @Flag(help: "With --trace-out: one merged file instead of one per replica.")
    var merged = false

    @Option(help: "With --trace-out: the seed of the delivery choices.")
    var seed: UInt64 = 0

    @Option(help: "Write the trace as a bftcheck counterexample (it must violate an invariant).")
    var counterexampleOut: String?

    func run() throws {
        let document: ITFTrace
        do {
            document = try ITFTrace.read(file)
        } catch let error as ITFError {
            throw InputError(
                file, nil, key: error.path.hasPrefix(file) ? String(error.path.dropFirst(file.count + 2)) : error.path, error.problem)
        }
        let modelConfig: ModelConfig
        if let config {
            modelConfig = try ModelConfig.load(try ConfigLocator.resolve(config))
        } else if let parameters = document.pbftParameters {
            modelConfig = ModelConfig(path: file, model: "pbft", parameters: parameters)
        } else {
            throw InputError(file, nil, key: "#meta.bftcheck", "missing: the trace does not name its PBFT parameters; give --config")
        }
        let (spec, parameters) = try SimulateCommand.pbft(modelConfig)
        let trace: Trace<PBFT>
        do {
            trace = try document.pbftTrace(of: spec)
        } catch let error as ITFError {
            throw InputError(file, nil, key: error.path, error.problem)
        } catch let error as ITFStepError {
            print("\(file): not a behaviour of the PBFT spec: \(error)")
            throw ExitCode(1)
        }
        var line = "\(file): \(document.states.count) states, \(trace.steps.count) PBFT steps"
        if document.states.count - 1 > trace.steps.count { line += " (\(document.states.count - 1 - trace.steps.count) stuttering)" }
        if let traceOut {
            try SimulateCommand.clearTraces(in: traceOut)
            var synthesizer = TraceSynthesizer(spec: spec, seed: seed)
            let run = synthesizer.render(trace)
            do {
                try run.write(to: traceOut, merged: merged)
            } catch {
                throw InputError(traceOut, nil, "cannot write the traces: \(error.localizedDescription)")
            }
            line += "; \(run.entries.count) events -> \(traceOut)"
        }
        if let counterexampleOut {
            let invariants = spec.properties.filter { $0.expectation == .always }
            let named = document.property.flatMap { name in invariants.first { $0.name == name } }
            guard let property = named ?? invariants.first(where: { !$0.condition(trace.finalState) }) else {
                throw InputError(file, nil, "the trace violates no invariant of the PBFT spec, so it is no counterexample; use --trace-out")
            }
            let counterexample = CounterexampleDocument(
                trace: trace, model: "pbft", config: document.origin?.config ?? file, parameters: parameters, property: property,
                symmetry: document.origin?.symmetry ?? false)
            guard FileManager.default.createFile(atPath: counterexampleOut, contents: try CanonicalJSON.encode(counterexample)) else {
                throw InputError(counterexampleOut, nil, "cannot write the counterexample file")
            }
            line += "; counterexample (\(property.name)) -> \(counterexampleOut)"
        }
        print(line)
    }
}
