import MessagePassing
import ModelChecking

/// Bracha's reliable broadcast (Bracha 1987, "Asynchronous Byzantine agreement protocols", Fig. 1;
/// the tutorial's "Byzantine broadcast" slides): a designated sender r0 broadcasts a value, and every
/// correct replica delivers the same value, or none — even when the sender is Byzantine — provided
/// n > 3f.
///
/// The rules (`ReliableBroadcast+Rules.swift`):
/// 1. the sender multicasts INITIAL(v);
/// 2. on INITIAL(v) from the sender, a replica that has not echoed multicasts ECHO(v);
/// 3. on ⌈(n + f + 1)/2⌉ ECHO(v), or 4. on f + 1 READY(v) (amplification), a replica that has not
///    sent READY multicasts READY(v);
/// 5. on 2f + 1 READY(v), a replica that has not delivered delivers v.
///
/// Written on the message-passing layer (`ReplicaProtocol`): the network, the Byzantine vocabulary,
/// symmetry, coverage, charts and the derived encoding come from `MessagePassingSystem`.
/// `Docs/adding-a-protocol.md` walks through this folder as the example.
public struct ReliableBroadcast: Sendable {
    /// How the quorum thresholds are computed.
    public enum Thresholds: String, Hashable, Sendable, CaseIterable {
        /// Bracha's: ⌈(n + f + 1)/2⌉ ECHOs to be ready, f + 1 READYs to amplify, 2f + 1 READYs to
        /// deliver. Two echo quorums meet in f + 1 replicas for every n, so agreement holds for every
        /// n; n > 3f is what lets the correct replicas alone reach them.
        case bracha
        /// The tutorial's quorum form, n − f ECHOs and n − f READYs (f + 1 to amplify): the same as
        /// Bracha's when n = 3f + 1, but for n = 3f two echo quorums may meet only in the f
        /// Byzantine replicas.
        case nMinusF = "n-minus-f"
    }

    /// n, the number of replicas.
    public let replicaCount: Int
    /// f, the faults the thresholds are sized for.
    public let faultThreshold: Int
    /// Which replicas are faulty and how.
    public let faults: FaultModel
    /// The number of values the sender may broadcast.
    public let valueCount: Int
    /// The threshold formulas.
    public let thresholds: Thresholds
    /// ECHOs needed to send READY.
    public let echoQuorum: Int
    /// READYs that make a replica send READY too (amplification): f + 1.
    public let amplification: Int
    /// READYs needed to deliver.
    public let deliveryQuorum: Int
    /// The rule replaced, if any.
    public let variant: Variant
    /// The mutant in force at one of the rules' sites, if any (`bftcheck mutate`).
    public private(set) var mutation = MutationSchema<MutationPoint>()
    /// The designated sender: r0.
    public let sender = ReplicaID(0)
    /// The values, in order.
    let values: [BroadcastValue]
    /// The correct replicas, ascending (the properties quantify over them).
    let correctReplicas: [ReplicaID]
    /// The value codes: the declared range of every value field.
    let valueCodes: ClosedRange<Int>
    /// The permutations of the values, as code tables, the identity first (value symmetry).
    let valuePermutationTables: [[Int]]

    /// The model of n = `replicaCount` replicas sized for f = `faultThreshold`, with `faults`.
    ///
    /// - Precondition: 0 ≤ f < n, `faults` has n replicas, and at least one value (the CLI's
    ///   `init(arguments:)` reports these as parameter problems instead).
    public init(
        replicaCount: Int, faultThreshold: Int, faults: FaultModel, valueCount: Int, thresholds: Thresholds = .bracha,
        variant: Variant = .asSpecified
    ) {
        precondition(
            faultThreshold >= 0 && faultThreshold < replicaCount, "ReliableBroadcast: f = \(faultThreshold) with n = \(replicaCount)")
        precondition(
            faults.replicaCount == replicaCount,
            "ReliableBroadcast: the fault model has \(faults.replicaCount) replicas, not \(replicaCount)")
        precondition(valueCount >= 1, "ReliableBroadcast: at least one value")
        self.replicaCount = replicaCount
        self.faultThreshold = faultThreshold
        self.faults = faults
        self.valueCount = valueCount
        self.thresholds = thresholds
        self.variant = variant
        switch thresholds {
        case .bracha:
            echoQuorum = (replicaCount + faultThreshold + 2) / 2  // ⌈(n + f + 1)/2⌉
            deliveryQuorum = 2 * faultThreshold + 1
        case .nMinusF:
            echoQuorum = replicaCount - faultThreshold
            deliveryQuorum = replicaCount - faultThreshold
        }
        amplification = faultThreshold + 1
        correctReplicas = Array(faults.correct)
        // Values beyond BroadcastValue's 26 letters are rejected by the layout check, not here.
        values = (0..<min(valueCount, BroadcastValue.codeCapacity)).map(BroadcastValue.init)
        valueCodes = 0...max(0, valueCount - 1)
        // Value symmetry up to 5 values (120 permutations); more values are checked without it.
        valuePermutationTables = valueCount <= 5 ? Permutations.all(of: valueCount) : [Array(0..<valueCount)]
    }

    /// `reliable-broadcast`.
    public var name: String { Self.modelName }
}

extension ReliableBroadcast: ConfigurableProtocol {
    /// `reliable-broadcast`.
    public static var modelName: String { "reliable-broadcast" }

    /// The protocol with `mutation` in force.
    public func mutated(by mutation: RuleMutation<MutationPoint>) -> ReliableBroadcast {
        var result = self
        result.mutation = MutationSchema(mutation)
        return result
    }

    /// The mutants that cannot break Agreement, Validity or AtMostOnce, each with why (Bracha 1987,
    /// Lemmas 1–3). Safety rests on two facts: two delivery quorums of 2f + 1 READYs share a correct
    /// replica, which sends one READY; and a correct replica's first READY is for the one value that
    /// can gather an echo quorum, or (amplification) for a value some correct replica readied first.
    /// The echo quorum protects totality, a liveness property the invariants do not state.
    public static let equivalentMutants: [String: String] = [
        "broadcast.sender/drop-guard": "the inputs offer broadcast to the sender only, so the guard never decides",
        "echo.once/drop-guard":
            "echoing a second value can give two values an echo quorum, which costs totality only: Agreement rests on the delivery quorum and READY-once",
        "echo.record/skip-update": "an unrecorded echo only lets the replica echo again, as echo.once/drop-guard does",
        "readyOnEchoes.once/drop-guard":
            "a second READY needs a second value with an echo quorum or f + 1 READYs, and only one value can have either while echoes are once",
        "readyOnEchoes.quorum/threshold-1":
            "a smaller echo quorum can split correct replicas' READYs between two values, which costs totality only: no value then gets two delivery quorums",
        "readyOnEchoes.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "readyOnEchoes.record/skip-update":
            "an unrecorded READY only lets the replica send READY again, as readyOnEchoes.once/drop-guard does",
        "readyOnReadies.once/drop-guard": "as readyOnEchoes.once/drop-guard: there is no second value to send READY for",
        "readyOnReadies.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "readyOnReadies.record/skip-update": "as readyOnEchoes.record/skip-update",
        "deliver.once/drop-guard":
            "a second delivery needs a second value with 2f + 1 READYs, which two correct READYs from one replica would take",
        "deliver.quorum/threshold-1":
            "2f READYs include a correct one, and correct replicas send READY for one value only, so delivery stays unique and valid",
        "deliver.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "deliver.record/skip-update": "an unrecorded delivery is a run in which the replica never delivers: no new state",
    ]

    /// One line for `bftcheck list`.
    public static var summary: String {
        "Bracha's reliable broadcast (INITIAL/ECHO/READY), on the message-passing layer; Byzantine replicas as a message vocabulary"
    }

    /// n, f, the faulty replicas, the values, the threshold formulas and the variant.
    public static var parameters: [ProtocolParameter] {
        [
            ProtocolParameter("replicas", .integer(1...16), "n, the number of replicas; r0 is the sender"),
            ProtocolParameter("f", .integer(0...15), "f, the faults the thresholds are sized for"),
            ProtocolParameter("byzantine", .integer(0...15), "how many replicas are Byzantine"),
            ProtocolParameter("crashed", .integer(0...15), default: "0", "how many replicas crashed before sending anything"),
            ProtocolParameter(
                "first_faulty", .integer(0...15), default: "0",
                "the first faulty replica: Byzantine ones are first_faulty, first_faulty + 1, … (mod n), then the crashed ones; 0 makes the sender Byzantine"
            ),
            ProtocolParameter("values", .integer(1...64), default: "2", shrinks: true, "the values the sender may broadcast (a, b, …)"),
            ProtocolParameter(
                "thresholds", .choice(Thresholds.allCases.map(\.rawValue)), default: "bracha",
                "bracha: ⌈(n+f+1)/2⌉ ECHOs, f+1 and 2f+1 READYs; n-minus-f: n − f ECHOs and READYs (the tutorial's quorums)"),
            ProtocolParameter(
                "variant", .choice(Variant.allCases.map(\.rawValue)), default: "none",
                "a rule replaced: " + Variant.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")),
        ]
    }

    /// Reads and cross-checks the parameters.
    public init(arguments: ProtocolArguments) throws(ParameterProblem) {
        let (n, f, faults) = try arguments.cluster()
        self.init(
            replicaCount: n, faultThreshold: f, faults: faults,
            valueCount: arguments.int("values"), thresholds: Thresholds(rawValue: arguments.string("thresholds"))!,
            variant: Variant(rawValue: arguments.string("variant"))!)
    }

    /// Every field's range is set by `values`.
    public static func parameter(boundingField field: String) -> String { "values" }
}
