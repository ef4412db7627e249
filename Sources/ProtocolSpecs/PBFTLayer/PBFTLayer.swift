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
    /// The mutant in force at one of the rules' sites, if any (`bftcheck mutate`).
    public private(set) var mutation = MutationSchema<MutationPoint>()
    /// Which replicas are faulty and how.
    public var faults: FaultModel { configuration.faults }

    /// Whether the spec judges traces of unbounded runs (`init(judging:…)`): views, sequence
    /// numbers and requests have no bound, checkpoint states are hashed, and nothing is packed.
    public let isJudging: Bool
    /// A judging spec's declared Byzantine replicas (the trace header's): every replica of a judging
    /// spec acts as correct, on what it logged; these only stand in, as a Byzantine VIEWCHANGE may,
    /// for members of a NEWVIEW's V whose VIEWCHANGE no correct replica logged receiving.
    let judgedByzantine: ReplicaSet
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
    /// - Precondition: `configuration.problems(within: PBFTLayer.limits)` is empty.
    public init(_ configuration: PBFTConfiguration) {
        let problems = configuration.problems(within: Self.limits)
        precondition(problems.isEmpty, "PBFTLayer: \(problems.map(\.problem).joined(separator: "; "))")
        self.configuration = configuration
        isJudging = false
        judgedByzantine = ReplicaSet()
        variant = Variant(configuration.mutant)
        quorum = configuration.quorum
        correctReplicas = Array(configuration.faults.correct)
        requests = (1...configuration.requestCount).map(RequestID.init)
        digests = [.null] + requests.map(Digest.request)
        primaries = (0...configuration.maxView.number).map { View($0).primary(among: configuration.replicaCount) }
        backups = primaries.map { configuration.faults.all.subtracting(ReplicaSet([$0])) }
        checkpointSlots = configuration.checkpointSlots
        requestPermutationTables = Permutations.all(of: configuration.requestCount).map { permutation in
            [0] + permutation.map { $0 + 1 }
        }
    }

    /// The spec that judges traces of unbounded runs (the conformance oracle's): every replica
    /// correct (a trace's Byzantine replicas are judged message by message), views, sequence numbers
    /// and requests without bound — the run's digests are numbered as they appear — and checkpoint
    /// states hashed (`LedgerState`). It is never model-checked: it has no Byzantine vocabulary, no
    /// symmetry, and its field ranges are not packable.
    ///
    /// - Parameters:
    ///   - replicaCount: n, 1 … `ReplicaSet.capacity`.
    ///   - faultThreshold: f < n.
    ///   - quorum: matching PREPAREs (with the PREPREPARE), COMMITs and CHECKPOINTs; n − f if `nil`.
    ///   - newViewQuorum: VIEWCHANGEs a NEWVIEW needs; the quorum if `nil`.
    ///   - checkpointInterval: k, a checkpoint every k executions (0: none).
    ///   - window: L, accept h < n ≤ h + L.
    ///   - mutant: the variant.
    ///   - byzantine: the replicas the trace declares Byzantine (`judgedByzantine`).
    public init(
        judging replicaCount: Int, faultThreshold: Int, quorum: Int?, newViewQuorum: Int?, checkpointInterval: Int, window: Int,
        mutant: PBFTMutant = .none, byzantine: ReplicaSet = ReplicaSet()
    ) {
        precondition(replicaCount >= 1 && replicaCount <= ReplicaSet.capacity && faultThreshold >= 0 && faultThreshold < replicaCount)
        precondition(checkpointInterval >= 0 && window >= 1)
        let unbounded = 1 << 60
        configuration = PBFTConfiguration(
            replicaCount: replicaCount, faultThreshold: faultThreshold, faults: FaultModel(replicaCount: replicaCount, byzantine: 0),
            quorum: quorum, newViewQuorum: newViewQuorum, maxView: unbounded, maxSequence: unbounded, requestCount: 1,
            checkpointInterval: checkpointInterval, window: window, mutant: mutant)
        isJudging = true
        judgedByzantine = byzantine
        variant = Variant(mutant)
        self.quorum = configuration.quorum
        correctReplicas = Array(configuration.faults.correct)
        requests = []
        digests = [.null]
        primaries = []
        backups = []
        checkpointSlots = []
        requestPermutationTables = [[0]]
    }

    /// `pbft-layer`.
    public var name: String { Self.modelName }

    /// The primary of `view`: replica v mod n (Castro & Liskov §4), the one place where replica
    /// symmetry breaks.
    @inline(__always)
    func primary(of view: View) -> ReplicaID {
        isJudging ? ReplicaID(view.number % configuration.replicaCount) : primaries[view.number]
    }

    /// The replicas other than the primary of `view`.
    @inline(__always)
    func backups(of view: View) -> ReplicaSet {
        isJudging ? faults.all.subtracting(ReplicaSet([primary(of: view)])) : backups[view.number]
    }

    /// H, the high watermark of a replica with stable checkpoint `h`: h + L, capped by the bound.
    @inline(__always)
    func highWatermark(above h: SequenceNumber) -> Int { min(h.number + configuration.window, configuration.maxSequence.number) }
}

extension PBFTLayer: ConfigurableProtocol {
    /// `pbft-layer`.
    public static var modelName: String { "pbft-layer" }

    /// The spec with `mutation` in force.
    public func mutated(by mutation: RuleMutation<MutationPoint>) -> PBFTLayer {
        var result = self
        result.mutation = MutationSchema(mutation)
        return result
    }

    /// The mutants that cannot break the invariants, each with why (Castro & Liskov §4; the
    /// invariants are `PBFTLayer+Invariants`). `bftcheck mutate` over the shipped "holds" configs
    /// confirms each survives, and kills every other mutant (Docs/pbft.md, "Mutation adequacy").
    public static let equivalentMutants: [String: String] = [
        "propose.once/drop-guard":
            "a request ordered at two slots is what a Byzantine primary can do anyway; replicas drop the duplicate at execution by the client's timestamp (§4.1), which the spec leaves out: the invariants are about slots",
        "acceptPrePrepare.notOwn/drop-guard":
            "the primary's PREPARE is never counted (only backups' are, §4.2) and it reads its own PREPREPARE as accepted: a common, safe variant",
        "prepare.once/drop-guard": "the second COMMIT is the one already sent: the network is a set, so the state does not change",
        "prepare.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "commit.once/drop-guard": "committing the digest already committed changes nothing",
        "commit.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "commit.ledger/skip-update": "a replica that never fills its ledger never executes: no new state, only lost liveness",
        "stabilizeCheckpoint.newer/relax": "re-stabilizing h adopts nothing new: the state does not change",
        "stabilizeCheckpoint.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "newView.quorum/threshold+1": "a larger quorum only removes runs (liveness)",
        "certificate.quorum/threshold+1": "a Byzantine VIEWCHANGE can then claim fewer certificates: fewer runs",
        "stableCheckpoint.quorum/threshold+1": "a Byzantine VIEWCHANGE can then claim fewer checkpoints: fewer runs",
        "stableCheckpoint.quorum/threshold-1":
            "2f matching CHECKPOINTs include f ≥ 1 correct ones, and a correct replica certifies only a prefix it executed, which is committed",
        "certificate.prePrepare/drop-guard":
            "2f matching PREPAREs from backups include a correct one (f ≥ 1), and a correct backup prepares only what the primary pre-prepared",
        "propose.primary/drop-guard":
            "every other replica refuses a backup's PREPREPARE (acceptPrePrepare.fromPrimary); to the backup itself it stands where its PREPARE would, and it prepares only with 2f matching PREPAREs of other backups, which follow the primary's PREPREPARE: it can only refuse the primary's (liveness)",
        "acceptPrePrepare.highWatermark/relax":
            "the high watermark bounds the log (§4.2: a faulty primary cannot exhaust sequence numbers); a slot beyond H is prepared, committed and carried in VIEWCHANGE's P and NEWVIEW's O like any slot above h",
        "stabilizeCheckpoint.consistent/drop-guard":
            "a quorum of matching CHECKPOINTs includes f + 1 correct replicas' executed, committed prefix: a correct ledger that disagrees would already break Agreement, and adopting fills only empty slots",
        "stabilizeCheckpoint.adopt/skip-update":
            "h never moves: the watermarks stay (liveness), and VIEWCHANGE reports an older checkpoint with the certificates above it, as a slow replica's does",
        "sendNewView.adopt/skip-update":
            "the new primary keeps an older stable checkpoint, as a slow replica does: O comes from V all the same, its next proposal follows O's, and it only lacks the state below min-s (liveness)",
        "newView.includesBuilder/drop-guard":
            "any 2f + 1 valid VIEWCHANGEs make a valid V (a Byzantine primary's NEWVIEW may leave its own out and is accepted when recomputed), so O from a V without the builder's is one backups accept anyway",
        "acceptNewView.notOwn/drop-guard":
            "the primary left awaiting when it sent NEWVIEW(v), so its own NEWVIEW is for a view it has entered and is refused as stale (acceptNewView.newer)",
        "acceptPrePrepare.lowWatermark/relax":
            "its only new send is a PREPARE at h from a backup whose stable checkpoint is h (prepare.lowWatermark still refuses it a COMMIT there); a certificate at h for another digest than the committed one needs q − f correct backups that accepted its PREPREPARE: in the view the digest was committed in they would be disjoint from the q − f that prepared it, in an earlier view O ranks it below the committed one's, and in a later view all of them are at checkpoint h (a NEWVIEW gave the others O's digest at h, or min-s ≥ h, §4.4), so none commits there, while a NEWVIEW reopens h only on q VIEWCHANGEs with checkpoints below h, q − f of them correct and sent later (checkpoints only grow): with 2q ≥ n + f + 1, two disjoint sets of q − f do not fit in the n − f correct replicas",
        "acceptNewView.lowWatermark/relax":
            "O gives the committed digest at every slot a quorum committed (§4.4), so a PREPARE at the backup's own h agrees with its stable checkpoint, and the backup does not prepare at h itself",
        "acceptNewView.adopt/skip-update":
            "a backup that keeps an older stable checkpoint is a slow replica: what it prepares and commits above it needs the same certificates, and it lacks only the state below min-s (liveness)",
        "propose.inView/drop-guard":
            "backups refuse view-v PREPREPAREs until they accept NEWVIEW(v), whose O orders every slot up to max-s (null included): there the early proposal is refused as a second PREPREPARE, above max-s it is an ordinary one (§4.4)",
        "propose.window/relax":
            "backups refuse a PREPREPARE above H (acceptPrePrepare.highWatermark) until the watermarks move, and it then takes the slot the primary would propose at next: a delayed proposal",
        "prepare.inView/drop-guard":
            "a replica awaiting NEWVIEW(v) has accepted no PREPREPARE and sent no PREPARE in view v (acceptPrePrepare.inView), so the step finds nothing to prepare",
        "commit.inView/drop-guard":
            "a replica awaiting NEWVIEW(v) has sent no COMMIT in view v (it prepared nothing there), so the step finds nothing to commit",
        "prepare.lowWatermark/relax":
            "preparing at h needs the same PREPREPARE and 2f matching PREPAREs as anywhere, so the COMMIT it sends is backed by a prepared certificate; the slot's state is already fixed by the stable checkpoint (§4.3)",
        "commit.lowWatermark/relax":
            "committing at h needs a quorum of matching COMMITs, so the digest is the one committed at h, which the stable checkpoint's state already holds (§4.3)",
    ]

    /// One line for `bftcheck list`.
    public static var summary: String {
        "Castro & Liskov's PBFT on the message-passing layer (readable state, derived encoding); same parameters and states as pbft"
    }

    /// The largest bounds the port accepts. Its encoding is derived from a config's bounds and
    /// checked at start, so these are not packing limits: they keep a config's Byzantine vocabulary
    /// and symmetry tables enumerable (the vocabulary is also estimated before it is built,
    /// `vocabularyEstimate`).
    public static let limits = PBFTConfiguration.Limits(replicas: ReplicaSet.capacity, views: 16, sequence: 16, requests: 8)

    /// The most messages a Byzantine replica's vocabulary may hold before a config is refused.
    public static let vocabularyLimit = 1_000_000

    /// The port's parameters, within `limits`.
    public static var parameters: [ProtocolParameter] { parameters(within: limits) }

    /// PBFT's parameters with ranges from `limits`: the port's, and the packed `pbft`'s with
    /// `PBFTConfiguration.Limits.packed`.
    public static func parameters(within limits: PBFTConfiguration.Limits) -> [ProtocolParameter] {
        let replicas = limits.replicas
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
                "max_view", .integer(0...limits.views - 1), default: "0", shrinks: true, "the highest view (0: normal case only)"),
            ProtocolParameter("max_seq", .integer(1...limits.sequence), default: "1", shrinks: true, "the highest sequence number"),
            ProtocolParameter(
                "requests", .integer(1...limits.requests), default: "2", shrinks: true, "client requests, all issued at the start"),
            ProtocolParameter(
                "checkpoint_interval", .integer(0...limits.sequence), default: "0",
                "k: a checkpoint every k executions; 0 for none"),
            ProtocolParameter(
                "window", .integer(0...PBFTConfiguration.sequenceCapacity), default: "0", "L: accept h < n ≤ h + L; 0 means max_seq"),
        ]
    }

    /// Reads and cross-checks the parameters (`PBFTConfiguration.init(arguments:within:)`), then
    /// refuses a Byzantine vocabulary too large to enumerate.
    public init(arguments: ProtocolArguments) throws(ParameterProblem) {
        let configuration = try PBFTConfiguration(arguments: arguments, within: Self.limits)
        if !configuration.faults.byzantine.isEmpty {
            let estimate = Self.vocabularyEstimate(of: configuration)
            if estimate.map({ $0 > Self.vocabularyLimit }) ?? true {
                throw ParameterProblem(
                    "max_seq",
                    "a Byzantine replica's vocabulary would hold \(estimate.map { "about \($0)" } ?? "more than 2^63") messages (the limit is \(Self.vocabularyLimit)): lower max_seq, requests, max_view or checkpoint_interval"
                )
            }
        }
        self.init(configuration)
    }

    /// An upper bound on the messages `vocabulary(of:)` lists for one Byzantine replica, or `nil`
    /// when it exceeds `Int.max`: PREPREPAREs, PREPAREs and COMMITs per view and slot, CHECKPOINTs
    /// per checkpoint state, and NEWVIEWs per min-s, state and O.
    public static func vocabularyEstimate(of configuration: PBFTConfiguration) -> Int? {
        let digests = configuration.requestCount + 1
        let views = configuration.maxView.number + 1
        let slots = configuration.maxSequence.number
        let interval = configuration.checkpointInterval
        /// digests^k, or nil on overflow.
        func power(_ k: Int) -> Int? {
            var result = 1
            for _ in 0..<k {
                let (product, overflow) = result.multipliedReportingOverflow(by: digests)
                if overflow { return nil }
                result = product
            }
            return result
        }
        var total = views * slots * 2 * digests
        let checkpoints = [0] + (interval == 0 ? [] : Array(stride(from: interval, through: slots, by: interval)))
        for checkpoint in checkpoints {
            guard let states = power(checkpoint) else { return nil }
            if checkpoint > 0 { total = total.addingReportingOverflow(states).overflow ? Int.max : total + states }
            // NEWVIEWs: each state at min-s with every O over min-s + 1 … last, in views ≥ 1.
            for last in checkpoint...slots {
                guard let proposals = power(last - checkpoint) else { return nil }
                let (combined, overflow) = states.multipliedReportingOverflow(by: proposals)
                if overflow { return nil }
                let (perView, overflow2) = combined.multipliedReportingOverflow(by: max(0, views - 1))
                if overflow2 { return nil }
                let (sum, overflow3) = total.addingReportingOverflow(perView)
                if overflow3 { return nil }
                total = sum
            }
        }
        return total
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
