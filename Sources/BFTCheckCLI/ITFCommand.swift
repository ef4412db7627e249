import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs

/// `bftcheck itf export|import`: traces to and from the Informal Trace Format of Apalache and Quint.
struct ITFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "itf",
        abstract: "Move traces between bftcheck and Apalache/Quint (the Informal Trace Format, ADR-015).",
        subcommands: [ITFExportCommand.self, ITFImportCommand.self]
    )
}

/// `bftcheck itf export COUNTEREXAMPLE.json`.
struct ITFExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a counterexample file as an ITF trace.",
        discussion: """
            PBFT counterexamples use the PBFT layout (maps keyed by replica, sets of (view, seq) \
            tuples, #bigint integers; Docs/conformance.md); other models' states are written field \
            by field. The model's parameters go to #meta.bftcheck so that 'itf import' can read the \
            trace back. Simulation walks are exported by 'bftcheck simulate --itf-out'.
            """
    )

    @Argument(help: "A counterexample .json file written by 'bftcheck check'.")
    var file: String

    @Option(help: "The ITF file to write (default: FILE with .itf.json in place of .json).")
    var output: String?

    func run() throws {
        let target = output ?? (file.hasSuffix(".json") ? String(file.dropLast(5)) : file) + ".itf.json"
        let document = try Self.export(file)
        do {
            try document.write(to: target)
        } catch {
            throw InputError(target, nil, "cannot write the ITF file: \(error.localizedDescription)")
        }
        print("\(file) -> \(target) (\(document.states.count) states)")
    }

    /// The ITF trace of the counterexample at `path`.
    static func export(_ path: String) throws -> ITFTrace {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path, nil, "cannot read the file") }
        let header: CounterexampleHeader
        do {
            header = try JSONDecoder().decode(CounterexampleHeader.self, from: data)
        } catch {
            throw InputError(path, nil, "not a bftcheck counterexample: \(DecodingProblem.describe(error))")
        }
        guard header.format == CounterexampleDocument<PBFT>.formatName else {
            throw InputError(path, nil, key: "format", "unsupported format '\(header.format)'; expected \(CounterexampleDocument<PBFT>.formatName)")
        }
        if header.model == "pbft" {
            let (spec, parameters) = try SimulateCommand.pbft(ModelConfig(path: path, model: "pbft", parameters: header.parameters))
            let document: CounterexampleDocument<PBFT>
            do {
                document = try JSONDecoder().decode(CounterexampleDocument<PBFT>.self, from: data)
            } catch {
                throw InputError(path, nil, "not a PBFT counterexample: \(DecodingProblem.describe(error))")
            }
            return ITFTrace.pbft(
                document.trace, spec: spec, parameters: parameters, source: path,
                description: "bftcheck counterexample: \(document.property) violated (\(document.propertySummary))", property: document.property,
                origin: (document.config, document.symmetry))
        }
        return try generic(data, header: header, path: path)
    }

    /// Any model's counterexample: each top-level field of the state a variable, values as ITF.
    static func generic(_ data: Data, header: CounterexampleHeader, path: String) throws -> ITFTrace {
        let json: JSONValue
        do {
            json = try data.withUnsafeBytes { try JSONParser.parse($0.bindMemory(to: UInt8.self)) }
        } catch {
            throw InputError(path, nil, "invalid JSON")
        }
        guard let initial = json["initialState"], let steps = json["steps"]?.elements else {
            throw InputError(path, nil, "not a bftcheck counterexample: missing initialState or steps")
        }
        let fields = initial.members?.map(\.key) ?? ["state"]
        func variables(_ state: JSONValue) -> [JSONValue.Member] {
            if let members = state.members { return members.map { .init($0.key, ITF.fromJSON($0.value)) } }
            return [.init("state", ITF.fromJSON(state))]
        }
        func variant(_ action: JSONValue?) -> JSONValue {
            guard let action else { return .object([.init("tag", .string("init")), .init("value", ITF.tuple([]))]) }
            if let members = action.members, members.count == 1 {
                return .object([.init("tag", .string(members[0].key)), .init("value", ITF.fromJSON(members[0].value))])
            }
            return .object([.init("tag", .string("step")), .init("value", ITF.fromJSON(action))])
        }
        var states = [ITFTrace.State(meta: [.init("index", .integer(0))], values: variables(initial) + [.init("action", variant(nil))])]
        for (index, step) in steps.enumerated() {
            guard let state = step["state"] else { throw InputError(path, nil, key: "steps[\(index)].state", "missing") }
            var meta: [JSONValue.Member] = [.init("index", .integer(index + 1))]
            if let text = step["actionText"] { meta.append(.init("action", text)) }
            states.append(ITFTrace.State(meta: meta, values: variables(state) + [.init("action", variant(step["action"]))]))
        }
        let meta: [JSONValue.Member] = [
            .init("format", .string("ITF")), .init("format-description", .string("https://apalache-mc.org/docs/adr/015adr-trace.html")),
            .init("source", .string(path)), .init("description", .string("bftcheck counterexample: \(header.property) violated")),
            .init(
                "bftcheck",
                .object([
                    .init("model", .string(header.model)),
                    .init("parameters", .object(header.parameters.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
                    .init("property", .string(header.property)),
                ])),
        ]
        return ITFTrace(meta: meta, vars: fields + ["action"], states: states)
    }
}

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
            throw InputError(file, nil, key: error.path.hasPrefix(file) ? String(error.path.dropFirst(file.count + 2)) : error.path, error.problem)
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
