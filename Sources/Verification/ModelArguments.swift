/// The validated parameter values handed to a model's builder.
public struct ModelArguments: Sendable {
    /// The values by key, defaults filled in.
    public let values: [String: String]
    /// The symmetry groups the config's `[symmetry]` lists, or all of the model's when it lists none
    /// (symmetry may still be switched on from the command line). The model should reduce by these
    /// only.
    public let symmetryGroups: [String]
    let lines: [String: Int]
    let path: String

    /// An integer parameter (validated against its range before the builder runs).
    public func int(_ name: String) -> Int { Int(values[name]!)! }
    /// A Boolean parameter.
    public func bool(_ name: String) -> Bool { values[name] == "true" }
    /// A choice parameter.
    public func string(_ name: String) -> String { values[name]! }

    /// An error about parameter `name`, for constraints between parameters (e.g. `f < n`).
    public func error(_ name: String, _ problem: String) -> InputError {
        InputError(path, lines[name] ?? 0, key: name, problem)
    }
}
