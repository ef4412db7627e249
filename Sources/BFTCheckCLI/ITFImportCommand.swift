import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs
import Verification

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

    @Option(parsing: .unconditional, help: "With --trace-out: the seed of the delivery choices.")
    var seed: UInt64 = 0

    @Option(help: "Write the trace as a bftcheck counterexample (it must violate an invariant).")
    var counterexampleOut: String?

    func run() throws {
        let document: ITFTrace
        do {
            document = try ITFTrace.read(file)
        } catch let error as ITFError {
            let key = error.path.hasPrefix(file) ? String(error.path.dropFirst(file.count + 2)) : error.path
            throw InputError(file, nil, key: key.isEmpty ? nil : key, error.problem)
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
        // Judged before anything is written: a trace that is no counterexample leaves no files behind.
        let violated = try counterexampleOut.map { _ in
            try Self.violatedInvariant(of: spec, in: trace, named: document.property, file: file)
        }
        if let traceOut {
            try OutputFile.createDirectory(traceOut, key: "--trace-out")
            try SimulateCommand.clearTraces(in: traceOut)
            var synthesizer = TraceSynthesizer(spec: spec, seed: seed)
            let run = synthesizer.render(trace)
            try OutputFile.write(run, to: traceOut, merged: merged, key: "--trace-out")
            line += "; \(run.entries.count) events -> \(traceOut)"
        }
        if let counterexampleOut, let property = violated {
            let counterexample = CounterexampleDocument(
                trace: trace, model: "pbft", config: document.origin?.config ?? file, parameters: parameters, property: property,
                symmetry: document.origin?.symmetry ?? false)
            try OutputFile.write(
                try CanonicalJSON.encode(counterexample), to: counterexampleOut, key: "--counterexample-out",
                what: "the counterexample file")
            line += "; counterexample (\(property.name)) -> \(counterexampleOut)"
        }
        print(line)
    }

    /// The invariant `trace` violates in its last state, as `replay` will judge it: the one the trace's
    /// `#meta.bftcheck.property` names, which must then be an invariant of the spec that fails there;
    /// otherwise the first of the spec's invariants that fails there.
    ///
    /// - Throws: `InputError` when the named property is not an invariant of the spec or holds in the
    ///   last state, or when no invariant fails there: the trace is no counterexample.
    static func violatedInvariant(of spec: PBFT, in trace: Trace<PBFT>, named name: String?, file: String) throws -> Property<PBFTState> {
        let invariants = spec.properties.filter { $0.expectation == .always }
        let last = trace.steps.isEmpty ? "the initial state" : "its last state (after step \(trace.steps.count))"
        guard let name else {
            guard let property = invariants.first(where: { !$0.condition(trace.finalState) }) else {
                throw InputError(
                    file, nil, "no invariant of the PBFT spec fails in \(last), so the trace is no counterexample; use --trace-out")
            }
            return property
        }
        guard let property = invariants.first(where: { $0.name == name }) else {
            throw InputError(
                file, nil, key: "#meta.bftcheck.property",
                "'\(name)' is not an invariant of the PBFT spec; it has \(invariants.map(\.name).joined(separator: ", "))")
        }
        guard !property.condition(trace.finalState) else {
            throw InputError(
                file, nil, key: "#meta.bftcheck.property",
                "the trace claims to violate \(name), but \(name) holds in \(last), so it is no counterexample; use --trace-out")
        }
        return property
    }
}
