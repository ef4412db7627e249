import Foundation
import ModelChecking

extension ModelCatalog {
    /// The model `config` names, built from its parameters.
    ///
    /// - Throws: `InputError` for a model the catalogue does not know (listing those it knows), or at
    ///   the file, line and key of the first bad parameter or symmetry group.
    public static func model(for config: ModelConfig) throws -> ConfiguredModel {
        guard let entry = entry(named: config.model) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw InputError(config.path, nil, key: "model", "unknown model '\(config.model)'; known models: \(known)")
        }
        return try entry.instantiate(config)
    }

    /// Builds the model `request.config` names and checks it (see `ConfiguredModel.check(_:)`).
    ///
    /// - Throws: `InputError` for a bad model, parameter or property name, or a file that cannot be
    ///   written.
    public static func check(_ request: CheckRequest) throws -> CheckReport {
        try model(for: request.config).check(request)
    }

    /// Replays the counterexample file at `path` on the model and parameters it names: every step must
    /// be enabled and lead to exactly the recorded state.
    ///
    /// - Returns: whether the last state violates the file's property (`violationConfirmed`; false
    ///   means the model no longer violates it).
    /// - Throws: `InputError` naming the file and the first field or step that does not fit: an
    ///   unreadable or malformed file, another format, an unknown model, a step that is not enabled or
    ///   a state that is not the successor.
    public static func replay(counterexampleAt path: String) throws -> ReplayReport {
        let (header, data) = try CounterexampleHeader.read(at: path)
        guard let entry = entry(named: header.model) else {
            throw InputError(path, nil, key: "model", "unknown model '\(header.model)'")
        }
        let config = ModelConfig(path: path, model: header.model, parameters: header.parameters)
        let model = try entry.instantiate(config)
        return try model.replay(data, file: path)
    }
}
