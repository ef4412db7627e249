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
        parameters: PBFTLayer.parameters(within: .packed).map(ModelParameter.init),
        symmetryGroups: ["replicas", "requests"]
    ) { arguments in
        let n = arguments.int("replicas")
        let f = arguments.int("f")
        let byzantine = arguments.int("byzantine")
        let crashed = arguments.int("crashed")
        let firstFaulty = arguments.int("first_faulty")
        guard f < n else { throw arguments.error("f", "f must be below n = \(n), got \(f)") }
        guard byzantine + crashed < n else {
            throw arguments.error("byzantine", "byzantine + crashed must leave a correct replica: \(byzantine) + \(crashed) ≥ n = \(n)")
        }
        guard firstFaulty < n else { throw arguments.error("first_faulty", "must be below n = \(n), got \(firstFaulty)") }
        let quorum = arguments.int("quorum")
        let newViewQuorum = arguments.int("newview_quorum")
        let window = arguments.int("window")
        let configuration = PBFTConfiguration(
            replicaCount: n, faultThreshold: f,
            faults: FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty),
            quorum: quorum == 0 ? nil : quorum, newViewQuorum: newViewQuorum == 0 ? nil : newViewQuorum,
            maxView: arguments.int("max_view"), maxSequence: arguments.int("max_seq"), requestCount: arguments.int("requests"),
            checkpointInterval: arguments.int("checkpoint_interval"), window: window == 0 ? nil : window,
            mutant: PBFTMutant(rawValue: arguments.string("mutant"))!)
        if let problem = configuration.problems.first { throw arguments.error(problem.parameter, problem.problem) }
        return PBFT(
            configuration, reducingReplicas: arguments.symmetryGroups.contains("replicas"),
            reducingRequests: arguments.symmetryGroups.contains("requests"))
    }
}
