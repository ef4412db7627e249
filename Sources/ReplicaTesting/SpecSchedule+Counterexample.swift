import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import Verification

extension SpecSchedule {
    /// The model whose paths name the messages a schedule delivers.
    static let layerModel = "pbft-layer"

    /// `pbft-layer` with the parameters of `config`, a config or counterexample of `pbft` or
    /// `pbft-layer` (the same parameters and states); `config.model` becomes `pbft-layer`.
    ///
    /// - Throws: `InputError` naming `file`: another model, or a bad parameter.
    static func layerSystem(for config: inout ModelConfig, file: String) throws -> MessagePassingSystem<PBFTLayer> {
        guard config.model == layerModel || config.model == "pbft" else {
            throw InputError(file, nil, key: "model", "pbft or pbft-layer drives the replica, not '\(config.model)'")
        }
        config.model = layerModel
        guard let system = try ModelCatalog.model(for: config).system(as: MessagePassingSystem<PBFTLayer>.self) else {
            throw InputError(file, nil, key: "model", "model '\(layerModel)' is not the PBFT layer spec")
        }
        return system
    }

    /// The schedule of the counterexample file at `path` (`bftcheck check` wrote it).
    ///
    /// A `pbft-layer` file is replayed step by step (every step must be enabled and reach the
    /// recorded state) and its path made into stimuli (`init(path:system:source:)`). A `pbft` file
    /// (the hand-packed spec, whose steps do not name the messages they read) is checked again on
    /// `pbft-layer`, which has the same parameters and reaches the same states: its shortest
    /// counterexample of the same property (no longer than the file's) drives the replicas.
    ///
    /// - Throws: `InputError` naming the file and field: unreadable, not a counterexample, another
    ///   model, a step that does not replay, a property `pbft-layer` does not violate.
    public init(counterexampleAt path: String) throws {
        let (header, data) = try CounterexampleHeader.read(at: path)
        var config = ModelConfig(path: path, model: header.model, parameters: header.parameters)
        let system = try Self.layerSystem(for: &config, file: path)
        let trace: Trace<MessagePassingSystem<PBFTLayer>>
        if header.model == Self.layerModel {
            _ = try ModelCatalog.replay(counterexampleAt: path)
            let document: CounterexampleDocument<MessagePassingSystem<PBFTLayer>>
            do {
                document = try JSONDecoder().decode(CounterexampleDocument<MessagePassingSystem<PBFTLayer>>.self, from: data)
            } catch {
                throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a counterexample of pbft-layer")
            }
            trace = Trace(initialState: document.initialState, steps: document.steps.map { .init(action: $0.action, state: $0.state) })
        } else {
            let steps: Int
            do {
                steps = try JSONDecoder().decode(StepCount.self, from: data).steps.count
            } catch {
                throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a counterexample of pbft")
            }
            var options = CheckerOptions()
            options.selectedProperties = [header.property]
            options.usesSymmetry = true
            let result = Checker(system, options: options).run()
            guard let found = result.violations.first(where: { $0.property == header.property })?.trace else {
                throw InputError(path, nil, key: "property", "pbft-layer does not violate \(header.property) with these parameters")
            }
            // The file's path (the checker's, or a shrunk walk of `bftcheck test`) is a path of the
            // same states, so the shortest is no longer.
            guard found.steps.count <= steps else {
                throw InputError(
                    path, nil, key: "steps",
                    "pbft-layer's shortest counterexample has \(found.steps.count) steps, the file only \(steps): not the same spec")
            }
            trace = found
        }
        try self.init(path: trace, system: system, source: "counterexample \(path) (\(header.property))")
    }
}

/// The steps of a counterexample file, each read as nothing but its presence.
private struct StepCount: Decodable {
    struct Step: Decodable {}
    var steps: [Step]
}
