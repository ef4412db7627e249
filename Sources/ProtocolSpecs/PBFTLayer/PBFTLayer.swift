import MessagePassing
import ModelChecking

/// Castro & Liskov's Practical Byzantine Fault Tolerance written on the message-passing layer
/// (`ReplicaProtocol`): the normal case, view changes with prepared certificates and NEWVIEW
/// recomputation of O, and checkpoints with watermarks (Castro & Liskov, OSDI'99 §4.1–4.4, TOCS 20(4)
/// 2002; Gupta, Hellings, Rahnama, Sadoghi, VLDB 2020 tutorial, slides "PBFT: Normal-case protocol in
/// view v" through "PBFT: Further dealing with failures").
///
/// The port of the hand-packed `PBFT` (issue 10): the state is readable values — a replica's view,
/// stable checkpoint and ledger (`PBFTReplicaState`), and the PREPREPARE, PREPARE, COMMIT, CHECKPOINT,
/// VIEWCHANGE and NEWVIEW messages correct replicas sent (`PBFTMessage`); bounds come from the config
/// and the declared field ranges, from which the layer derives the compact encoding with checked
/// widths. Byzantine replicas are the layer's vocabulary of well-formed messages under their own
/// identities; the seeded mutants are `Variant`s. It has the same parameters as `pbft`, reaches the
/// same states (the tests compare every shipped config) and is registered as `pbft-layer`.
public struct PBFTLayer: Sendable {
    /// The constants and bounds (shared with `PBFT`).
    public let configuration: PBFTConfiguration
    /// The rule replaced, if any.
    public let variant: Variant
    /// Which replicas are faulty and how.
    public var faults: FaultModel { configuration.faults }

    let quorum: Int
    let correctReplicas: [ReplicaID]
    let requests: [RequestID]
    /// Null and the requests: every digest.
    let digests: [Digest]
    /// By view: its primary.
    let primaries: [ReplicaID]
    /// By view: the replicas other than its primary.
    let backups: [ReplicaSet]
    /// The sequence numbers at which checkpoints are taken, ascending.
    let checkpointSlots: [SequenceNumber]
    /// The permutations of the requests, as digest-code tables, the identity first.
    let requestPermutationTables: [[Int]]

    /// The model of `configuration`; its `mutant` selects the variant.
    ///
    /// - Precondition: `configuration.problems` is empty.
    public init(_ configuration: PBFTConfiguration) {
        precondition(configuration.problems.isEmpty, "PBFTLayer: \(configuration.problems.map(\.problem).joined(separator: "; "))")
        self.configuration = configuration
        variant = Variant(configuration.mutant)
        quorum = configuration.quorum
        correctReplicas = Array(configuration.faults.correct)
        requests = (1...configuration.requestCount).map(RequestID.init)
        digests = [.null] + requests.map(Digest.request)
        primaries = (0...configuration.maxView.number).map { View($0).primary(among: configuration.replicaCount) }
        backups = primaries.map { configuration.faults.all.subtracting(ReplicaSet([$0])) }
        let interval = configuration.checkpointInterval
        checkpointSlots =
            interval == 0 ? [] : stride(from: interval, through: configuration.maxSequence.number, by: interval).map(SequenceNumber.init)
        requestPermutationTables = Permutations.all(of: configuration.requestCount).map { permutation in
            [0] + permutation.map { $0 + 1 }
        }
    }

    /// `pbft-layer`.
    public var name: String { Self.modelName }

    /// The primary of `view`: replica v mod n (Castro & Liskov §4), the one place where replica
    /// symmetry breaks.
    @inline(__always)
    func primary(of view: View) -> ReplicaID { primaries[view.number] }

    /// H, the high watermark of a replica with stable checkpoint `h`: h + L, capped by the bound.
    @inline(__always)
    func highWatermark(above h: SequenceNumber) -> Int { min(h.number + configuration.window, configuration.maxSequence.number) }
}

extension PBFTLayer: ConfigurableProtocol {
    /// `pbft-layer`.
    public static var modelName: String { "pbft-layer" }

    /// One line for `bftcheck list`.
    public static var summary: String {
        "Castro & Liskov's PBFT on the message-passing layer (readable state, derived encoding); same parameters and states as pbft"
    }

    /// Exactly `pbft`'s parameters.
    public static var parameters: [ProtocolParameter] {
        let replicas = PBFTConfiguration.replicaCapacity
        return [
            ProtocolParameter("replicas", .integer(1...replicas), "n, the number of replicas"),
            ProtocolParameter(
                "f", .integer(0...replicas - 1), "f, the faults the protocol is sized for (quorums n − f, clients wait for f + 1 replies)"),
            ProtocolParameter("byzantine", .integer(0...replicas - 1), "how many replicas are Byzantine"),
            ProtocolParameter("crashed", .integer(0...replicas - 1), default: "0", "how many replicas crashed before sending anything"),
            ProtocolParameter(
                "first_faulty", .integer(0...replicas - 1), default: "0",
                "the first faulty replica: Byzantine ones are first_faulty, first_faulty + 1, … (mod n), then the crashed ones; 0 makes the view-0 primary Byzantine"
            ),
            ProtocolParameter(
                "quorum", .integer(0...replicas), default: "0",
                "matching PREPAREs (with the PREPREPARE), COMMITs and CHECKPOINTs needed; 0 means n − f"),
            ProtocolParameter("newview_quorum", .integer(0...replicas), default: "0", "VIEWCHANGEs a NEWVIEW needs; 0 means the quorum"),
            ProtocolParameter(
                "mutant", .choice(PBFTMutant.allCases.map(\.rawValue)), default: "none",
                "a seeded rule change: " + PBFTMutant.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")),
            ProtocolParameter(
                "max_view", .integer(0...PBFTConfiguration.viewCapacity - 1), default: "0", "the highest view (0: normal case only)"),
            ProtocolParameter("max_seq", .integer(1...PBFTConfiguration.sequenceCapacity), default: "1", "the highest sequence number"),
            ProtocolParameter(
                "requests", .integer(1...PBFTConfiguration.requestCapacity), default: "2", "client requests, all issued at the start"),
            ProtocolParameter(
                "checkpoint_interval", .integer(0...PBFTConfiguration.sequenceCapacity), default: "0",
                "k: a checkpoint every k executions; 0 for none"),
            ProtocolParameter(
                "window", .integer(0...PBFTConfiguration.sequenceCapacity), default: "0", "L: accept h < n ≤ h + L; 0 means max_seq"),
        ]
    }

    /// Reads and cross-checks the parameters, as `pbft` does.
    public init(arguments: ProtocolArguments) throws(ParameterProblem) {
        let n = arguments.int("replicas")
        let f = arguments.int("f")
        let byzantine = arguments.int("byzantine")
        let crashed = arguments.int("crashed")
        let firstFaulty = arguments.int("first_faulty")
        guard f < n else { throw ParameterProblem("f", "f must be below n = \(n), got \(f)") }
        guard byzantine + crashed < n else {
            throw ParameterProblem("byzantine", "byzantine + crashed must leave a correct replica: \(byzantine) + \(crashed) ≥ n = \(n)")
        }
        guard firstFaulty < n else { throw ParameterProblem("first_faulty", "must be below n = \(n), got \(firstFaulty)") }
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
        if let problem = configuration.problems.first { throw ParameterProblem(problem.parameter, problem.problem) }
        self.init(configuration)
    }

    /// Views bound by `max_view`, digests by `requests`, everything else by `max_seq`.
    public static func parameter(boundingField field: String) -> String {
        if field.hasSuffix("view") { return "max_view" }
        if field.hasSuffix("digest") || field.hasSuffix("certificates") { return "requests" }
        return "max_seq"
    }

    /// `requests`, as `pbft` configs call the value group.
    public static var valueSymmetryGroup: String { "requests" }
}
