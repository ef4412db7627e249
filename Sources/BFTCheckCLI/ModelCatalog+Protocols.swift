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
        parameters: [
            ModelParameter("replicas", .integer(1...PBFTConfiguration.replicaCapacity), "n, the number of replicas"),
            ModelParameter(
                "f", .integer(0...PBFTConfiguration.replicaCapacity - 1),
                "f, the faults the protocol is sized for (quorums n − f, clients wait for f + 1 replies)"),
            ModelParameter("byzantine", .integer(0...PBFTConfiguration.replicaCapacity - 1), "how many replicas are Byzantine"),
            ModelParameter(
                "crashed", .integer(0...PBFTConfiguration.replicaCapacity - 1), default: "0",
                "how many replicas crashed before sending anything"),
            ModelParameter(
                "first_faulty", .integer(0...PBFTConfiguration.replicaCapacity - 1), default: "0",
                "the first faulty replica: Byzantine ones are first_faulty, first_faulty + 1, … (mod n), then the crashed ones; 0 makes the view-0 primary Byzantine"
            ),
            ModelParameter(
                "quorum", .integer(0...PBFTConfiguration.replicaCapacity), default: "0",
                "matching PREPAREs (with the PREPREPARE), COMMITs and CHECKPOINTs needed; 0 means n − f"),
            ModelParameter(
                "newview_quorum", .integer(0...PBFTConfiguration.replicaCapacity), default: "0",
                "VIEWCHANGEs a NEWVIEW needs; 0 means the quorum"),
            ModelParameter(
                "mutant", .choice(PBFTMutant.allCases.map(\.rawValue)), default: "none",
                "a seeded rule change: " + PBFTMutant.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")),
            ModelParameter(
                "max_view", .integer(0...PBFTConfiguration.viewCapacity - 1), default: "0", "the highest view (0: normal case only)"),
            ModelParameter("max_seq", .integer(1...PBFTConfiguration.sequenceCapacity), default: "1", "the highest sequence number"),
            ModelParameter(
                "requests", .integer(1...PBFTConfiguration.requestCapacity), default: "2", "client requests, all issued at the start"),
            ModelParameter(
                "checkpoint_interval", .integer(0...PBFTConfiguration.sequenceCapacity), default: "0",
                "k: a checkpoint every k executions; 0 for none"),
            ModelParameter(
                "window", .integer(0...PBFTConfiguration.sequenceCapacity), default: "0", "L: accept h < n ≤ h + L; 0 means max_seq"),
        ],
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
