import MessagePassing
import ModelChecking
import ProtocolSpecs

extension ModelCatalog {
    /// The protocol specs (PBFT, cluster-sending, …), registered by their modules' owners here.
    static var protocolEntries: [ModelEntry] {
        [pbftEntry, ModelEntry(protocol: ReliableBroadcast.self), ModelEntry(protocol: PBFTLayer.self)]
    }

    /// PBFT (Sources/ProtocolSpecs/PBFT): see Docs/pbft.md for the model, the adversary and symmetry.
    static let pbftEntry = ModelEntry(
        name: "pbft",
        summary: "Castro & Liskov's PBFT: normal case, view change, checkpoints; Byzantine replicas as a message vocabulary",
        // One declaration serves both PBFT models while they coexist, each with its own limits.
        parameters: PBFTLayer.parameters(within: .packed),
        symmetryGroups: ["replicas", "requests"],
        // The packed spec has no mutation sites; its port has the same states and carries them.
        mutationModel: PBFTLayer.modelName
    ) { arguments in
        let configuration: PBFTConfiguration
        do {
            configuration = try PBFTConfiguration(arguments: ProtocolArguments(values: arguments.values), within: .packed)
        } catch let problem as ParameterProblem {
            throw arguments.error(problem.parameter, problem.problem)
        }
        return PBFT(
            configuration, reducingReplicas: arguments.symmetryGroups.contains("replicas"),
            reducingRequests: arguments.symmetryGroups.contains("requests"))
    }
}
