import ArgumentParser
import Conformance
import Foundation
import ModelChecking
import ProtocolSpecs
import Verification

/// `bftcheck itf export COUNTEREXAMPLE.json`.
struct ITFExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a counterexample file as an ITF trace.",
        discussion: """
            PBFT counterexamples use the PBFT layout (maps keyed by replica, sets of (view, seq) \
            tuples, #bigint integers; Docs/conformance.md); other models' states are written field \
            by field. The model's parameters go to #meta.bftcheck so that 'itf import' can read the \
            trace back. Simulation walks are exported by 'bftcheck simulate --itf-out'. Without \
            --output the ITF goes to stdout (and the summary line to stderr), so that nothing is written \
            beside the counterexample unless asked.
            """
    )

    @Argument(help: "A counterexample .json file written by 'bftcheck check'.")
    var file: String

    @Option(help: "The ITF file to write (default: stdout).")
    var output: String?

    func run() throws {
        if let output { try OutputFile.requireFilePath(output, key: "--output", what: "the ITF file") }
        let document = try Self.export(file)
        guard let output else {
            FileHandle.standardOutput.write(Data(document.text.utf8))
            Terminal.note("\(file) -> stdout (\(document.states.count) states)")
            return
        }
        try OutputFile.write(document.text, to: output, key: "--output", what: "the ITF file")
        print("\(file) -> \(output) (\(document.states.count) states)")
    }

    /// The ITF trace of the counterexample at `path`.
    static func export(_ path: String) throws -> ITFTrace {
        let (header, data) = try CounterexampleHeader.read(at: path)
        if header.model == "pbft" {
            let (spec, parameters) = try SimulateCommand.pbft(ModelConfig(path: path, model: "pbft", parameters: header.parameters))
            let document: CounterexampleDocument<PBFT>
            do {
                document = try JSONDecoder().decode(CounterexampleDocument<PBFT>.self, from: data)
            } catch {
                throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a PBFT counterexample")
            }
            return ITFTrace.pbft(
                document.trace, spec: spec, parameters: parameters, source: path,
                description: "bftcheck counterexample: \(document.property) violated (\(document.propertySummary))",
                property: document.property,
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
            throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a bftcheck counterexample")
        }
        // Every number of a counterexample is a 64-bit integer; ITF has no other kind.
        if let problem = JSONInputProblem.firstNonInteger(in: [UInt8](data), file: path) { throw problem }
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
