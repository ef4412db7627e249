import MessagePassing
import ModelChecking

extension ModelEntry {
    /// The entry of a protocol written on the message-passing layer: its name, summary and
    /// parameters come from the protocol, its symmetry groups are the layer's (`replicas`, and `values` or the protocol's name for them),
    /// and every problem — a parameter constraint, or bounds that do not fit the derived encoding — is
    /// one line naming the config key.
    ///
    /// A protocol with mutation sites also takes `mutation`: a mutant of its catalogue
    /// (`RuleMutation.catalogue`), or `none`.
    public init<P: ConfigurableProtocol>(protocol: P.Type) {
        let catalogue = RuleMutation<P.MutationPoint>.catalogue
        let mutations = catalogue.map(\.description)
        let mutationParameter = ModelParameter(
            "mutation", .choice(["none"] + mutations), default: "none",
            "a mutant of the rules, site/operator (bftcheck mutate); none: as specified")
        self.init(
            name: P.modelName, summary: P.summary,
            parameters: P.parameters + (catalogue.isEmpty ? [] : [mutationParameter]),
            symmetryGroups: ["replicas", P.valueSymmetryGroup],
            mutations: mutations, equivalentMutants: P.equivalentMutants
        ) { arguments in
            var spec: P
            do {
                spec = try P(arguments: ProtocolArguments(values: arguments.values))
            } catch let problem as ParameterProblem {
                throw arguments.error(problem.parameter, problem.problem)
            }
            if let name = arguments.values["mutation"], name != "none", let mutation = RuleMutation<P.MutationPoint>(name: name) {
                spec = spec.mutated(by: mutation)
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
