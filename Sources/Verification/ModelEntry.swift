import ModelChecking

/// A model the catalogue knows: its name, parameters and symmetry groups, and how to build it from a
/// config's validated arguments.
public struct ModelEntry: Sendable {
    /// The name configs use (`model = …`).
    public let name: String
    /// One line on what it models and where it comes from.
    public let summary: String
    /// The parameters it takes from `[constants]` and `[bounds]`.
    public let parameters: [ModelParameter]
    /// The symmetry groups its canonicalizer reduces by (what `[symmetry]` may list).
    public let symmetryGroups: [String]
    /// The mutants of its rules (`bftcheck mutate`), by name (`site/operator`) in catalogue order:
    /// the values of its `mutation` parameter. Empty when the rules have no mutation sites.
    public let mutations: [String]
    /// The mutants expected to survive, by name, each with the sentence arguing why.
    public let equivalentMutants: [String: String]
    /// The model whose mutants judge this model's configs, when its own rules have no sites but
    /// another's reach the same states (`pbft`, the packed spec: `pbft-layer`, its port).
    public let mutationModel: String?
    let open: @Sendable (ModelArguments) throws -> ConfiguredModel

    /// An entry for a concrete transition system.
    ///
    /// - Parameter build: builds the system; throws `arguments.error(name, problem)` for
    ///   constraints between parameters.
    /// - Parameters:
    ///   - mutations: the mutants `build` understands through its `mutation` parameter (which
    ///     `parameters` must then declare).
    ///   - equivalentMutants: those expected to survive, with why.
    ///   - mutationModel: the model whose mutants judge this one's configs (see `mutationModel`).
    public init<System: TransitionSystem>(
        name: String, summary: String, parameters: [ModelParameter], symmetryGroups: [String],
        mutations: [String] = [], equivalentMutants: [String: String] = [:], mutationModel: String? = nil,
        build: @escaping @Sendable (ModelArguments) throws -> System
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.symmetryGroups = symmetryGroups
        self.mutations = mutations
        self.equivalentMutants = equivalentMutants
        self.mutationModel = mutationModel
        // The closures call the model's methods with `System` concrete, so that when this initializer
        // is specialised for a registered model (every call site names one), the whole search is
        // specialised too; calling through the `CheckableModel` witness would run it generically.
        open = { arguments in
            let model = ErasedModel(system: try build(arguments), arguments: arguments)
            let specialized = SpecializedModel(
                base: model, modelName: model.modelName, propertyList: model.propertyList,
                checkBody: { try model.check($0) }, replayBody: { try model.replay($0, file: $1) })
            return ConfiguredModel(base: specialized, arguments: arguments)
        }
    }

    /// The model's properties — name, `always` or `sometimes`, summary — read off an instance built
    /// with each parameter's default, or else the least value it accepts; `nil` when that instance
    /// cannot be built. (A model's property list does not depend on its parameters.)
    public var propertyList: [(name: String, kind: String, summary: String)]? {
        var values: [String: String] = [:]
        for parameter in parameters { values[parameter.name] = parameter.defaultValue ?? parameter.leastValue }
        let arguments = ModelArguments(values: values, symmetryGroups: [], lines: [:], path: name)
        return (try? open(arguments))?.properties
    }

    /// Validates `config`'s parameters and `[symmetry]` groups against this entry and builds the model.
    ///
    /// - Throws: `InputError` naming the file, line and key of the first problem.
    public func instantiate(_ config: ModelConfig) throws -> ConfiguredModel {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        for entry in config.parameters {
            guard let parameter = parameters.first(where: { $0.name == entry.key }) else {
                let known = parameters.map(\.name).joined(separator: ", ")
                throw InputError(config.path, entry.line, key: entry.key, "model '\(name)' has no such parameter; it takes \(known)")
            }
            guard parameter.accepts(entry.value) else {
                throw InputError(config.path, entry.line, key: entry.key, "expected \(parameter.valueDescription), got '\(entry.value)'")
            }
            values[entry.key] = entry.value
            lines[entry.key] = entry.line
        }
        for parameter in parameters where values[parameter.name] == nil {
            guard let value = parameter.defaultValue else {
                throw InputError(config.path, nil, key: parameter.name, "missing: model '\(name)' needs it (\(parameter.summary))")
            }
            values[parameter.name] = value
        }
        for entry in config.symmetry where !symmetryGroups.contains(entry.key) {
            let known = symmetryGroups.isEmpty ? "none" : symmetryGroups.joined(separator: ", ")
            throw InputError(config.path, entry.line, key: entry.key, "model '\(name)' has no such symmetry group; it has \(known)")
        }
        let groups = config.symmetry.isEmpty ? symmetryGroups : config.symmetry.map(\.key)
        return try open(ModelArguments(values: values, symmetryGroups: groups, lines: lines, path: config.path))
    }
}
