import MessagePassing
import ModelChecking

extension ModelEntry {
    /// The entry of a protocol written on the message-passing layer: its name, summary and
    /// parameters come from the protocol, its symmetry groups are the layer's (`replicas`, and `values` or the protocol's name for them),
    /// and every problem — a parameter constraint, or bounds that do not fit the derived encoding — is
    /// one line naming the config key.
    public init<P: ConfigurableProtocol>(protocol: P.Type) {
        self.init(
            name: P.modelName, summary: P.summary,
            parameters: P.parameters,
            symmetryGroups: ["replicas", P.valueSymmetryGroup]
        ) { arguments in
            let spec: P
            do {
                spec = try P(arguments: ProtocolArguments(values: arguments.values))
            } catch let problem as ParameterProblem {
                throw arguments.error(problem.parameter, problem.problem)
            }
            do {
                return try MessagePassingSystem(
                    spec, reducingReplicas: arguments.symmetryGroups.contains("replicas"),
                    reducingValues: arguments.symmetryGroups.contains(P.valueSymmetryGroup))
            } catch let problem as LayoutError {
                throw arguments.error(P.parameter(boundingField: problem.field), problem.description)
            }
        }
    }
}
