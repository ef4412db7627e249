import Conformance
import MessagePassing
import ProtocolSpecs
import Replica

/// The spec drives the production replica (model-based testing): a schedule from the PBFT spec
/// (`SpecSchedule`: a walk, a checker's counterexample, a regression file) is replayed as the inputs of n in-process
/// `PBFTStateMachine`s under a deterministic network and clock, and the run is judged twice — by
/// agreement of what the replicas executed, and by the trace validator on their own traces.
///
/// Each stimulus of the walk:
/// - a client request at the primary: the client request with that digest reaches every replica (the
///   client multicasts it, Castro & Liskov §4.1, so that backups start their view-change timers);
/// - a delivery of message m from s to r: the message the replica s sent to r with m's type, view
///   and sequence number (what a correct sender sends one of, §4.2–4.4) is delivered, if s sent it;
///   otherwise the step is unmatched (the replica did something else, or not yet), which is no
///   error: the network may lose or delay anything;
/// - a timeout at r, moving it to view w: r's running view-change timer expires, if one runs for a
///   view below w (a replica that already joined w on f + 1 VIEW-CHANGEs, Castro & Liskov, TOCS 2002,
///   does not time out again);
/// - the local steps (pre-prepared … new-view) and sends are the replicas' own business.
///
/// A Byzantine replica of the schedule does not run: its PRE-PREPAREs, PREPAREs, COMMITs,
/// CHECKPOINTs and VIEW-CHANGEs (equivocations included) are made into the replica's messages and
/// delivered as the schedule says — with no proofs it cannot make: a VIEW-CHANGE's certificates and
/// checkpoint carry none, so a correct replica takes only what needs none; as a new primary, its
/// NEW-VIEW is built from a quorum of the VIEW-CHANGEs it holds (`SpecDrivenCluster.byzantineNewView`).
///
/// Timers the spec has no event for run at once (the batch timer) or never (retransmission);
/// state transfer (FETCH/STATE, which the spec has no messages for) is delivered as soon as sent.
/// FoundationDB's deterministic simulation and Jepsen's schedules are the anchors; the schedule is
/// the spec's own, so the replica meets every interleaving the spec produces.
public struct SpecDrivenRun: Sendable {
    /// What a run did and how it was judged.
    public struct Outcome: Sendable {
        /// Stimuli the schedule held (requests, deliveries, timeouts).
        public var stimuli = 0
        /// Deliveries matched to a message the replica sent.
        public var deliveries = 0
        /// Deliveries of messages the replica had not sent, or a Byzantine replica's it has no form for
        /// (skipped).
        public var unmatchedDeliveries = 0
        /// A Byzantine replica's messages of the walk, made into the replica's and delivered.
        public var byzantineDeliveries = 0
        /// Timeouts applied to a running view-change timer.
        public var timeouts = 0
        /// Timeouts at a replica with no view-change timer running, or one already in the view the
        /// spec's replica moved to (skipped).
        public var timeoutsWithoutTimer = 0
        /// Messages delivered outside the schedule (state transfer).
        public var stateTransferMessages = 0
        /// The highest sequence number some replica executed.
        public var highestExecuted: UInt64 = 0
        /// The highest view some replica moved to.
        public var highestView: UInt64 = 0
        /// Sequence numbers two replicas executed with different batches (agreement broken).
        public var disagreements: [String] = []
        /// The validator's report on the replicas' traces.
        public var validation: ValidationReport?
        /// Why the validator refused to judge the traces at all (e.g. a quorum the header declares
        /// that is not a PBFT quorum), if it did.
        public var validationError: String?
        /// The replicas' traces (version 2), as files.
        public var traces: [(name: String, text: String)] = []

        /// Whether the replicas agree and their traces conform.
        public var holds: Bool { disagreements.isEmpty && validation?.isConformant == true }
    }

    /// The schedule that drives the replicas.
    public let schedule: SpecSchedule
    /// The replicas' configuration.
    public let configuration: ReplicaConfiguration

    /// A run of `schedule` on replicas configured as it says (`configuration(for:)`), or with
    /// `configuration` (e.g. one with a seeded bug, in tests). Crashed replicas do not run; a
    /// Byzantine replica of the schedule does not run either: what it sends in the schedule is made
    /// into the replica's messages and delivered (`SpecDrivenCluster.forge`).
    ///
    /// - Throws: `ConfigurationError` when the replicas refuse the schedule's parameters (n < 3f + 1).
    public init(schedule: SpecSchedule, configuration: ReplicaConfiguration? = nil) throws {
        self.init(schedule: schedule, checked: try configuration ?? Self.configuration(for: schedule))
    }

    /// A run of `schedule` on replicas with `configuration`, already made.
    init(schedule: SpecSchedule, checked configuration: ReplicaConfiguration) {
        self.schedule = schedule
        self.configuration = configuration
    }

    /// A run of the schedule of `walk`'s first `events` events.
    public init(walk: PBFTSpecWalk, events: Int) throws {
        try self.init(schedule: SpecSchedule(walk: walk, events: events))
    }

    /// The replicas' configuration for `schedule`: its n, f, K and L, one request a batch.
    ///
    /// - Throws: `ConfigurationError` when the replicas refuse them (n < 3f + 1, L not a multiple of K).
    public static func configuration(for schedule: SpecSchedule) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: schedule.replicaCount, faultTolerance: schedule.faultThreshold,
            checkpointInterval: UInt64(clamping: schedule.checkpointInterval), window: UInt64(clamping: schedule.window), batchSize: 1)
    }

    /// Runs the schedule and judges the run: by agreement, and by the trace validator unless
    /// `validating` is false (then `Outcome.validation` is `nil` and the run does not hold).
    public func run(validating: Bool = true) -> Outcome {
        let crashed = ReplicaSet(schedule.crashed)
        let byzantine = ReplicaSet(schedule.byzantine)
        var cluster = SpecDrivenCluster(configuration: configuration, crashed: crashed, byzantine: byzantine)
        for case .delivery(_, let sender, let message) in schedule.stimuli where message.kind == .checkpoint && !byzantine.contains(sender)
        {
            cluster.correctStates[UInt64(message.slot.number), default: []].insert(message.state)
        }
        var outcome = Outcome()
        for stimulus in schedule.stimuli {
            outcome.stimuli += 1
            switch stimulus {
            case .request(let replica, let digest):
                cluster.request(digest, first: Replica.ReplicaID(replica.index))
            case .delivery(let receiver, let sender, let message) where byzantine.contains(sender):
                if cluster.forge(message, from: Replica.ReplicaID(sender.index), to: Replica.ReplicaID(receiver.index)) {
                    outcome.byzantineDeliveries += 1
                } else {
                    outcome.unmatchedDeliveries += 1
                }
            case .delivery(let receiver, let sender, let message):
                let key = Self.key(of: message)
                if cluster.deliver(key, from: Replica.ReplicaID(sender.index), to: Replica.ReplicaID(receiver.index)) {
                    outcome.deliveries += 1
                } else {
                    outcome.unmatchedDeliveries += 1
                }
            case .timeout(let replica, let view):
                if cluster.timeout(at: Replica.ReplicaID(replica.index), movingTo: UInt64(view.number)) {
                    outcome.timeouts += 1
                } else {
                    outcome.timeoutsWithoutTimer += 1
                }
            }
        }
        outcome.stateTransferMessages = cluster.stateTransferMessages
        outcome.highestView = cluster.highestView
        outcome.highestExecuted = cluster.executed.map { $0.keys.max() ?? 0 }.max() ?? 0
        outcome.disagreements = cluster.disagreements()
        outcome.traces = cluster.traces(implementation: "bftcheck Replica driven by the PBFT spec (\(schedule.source))")
        guard validating else { return outcome }
        do {
            outcome.validation = try TraceValidator(codec: PBFTTraceCodec()).validate(
                texts: outcome.traces, options: ValidationOptions(reportsAll: false))
        } catch {
            outcome.validationError = "\(error)"
        }
        return outcome
    }

    /// What identifies a correct sender's message: its kind, and the view and sequence number the
    /// kind has (a CHECKPOINT no view, a VIEW-CHANGE or NEW-VIEW no sequence number).
    struct Key: Hashable {
        var kind: PBFTMessage.Kind
        var view: UInt64
        var sequence: UInt64

        /// The key of a `kind` message of `view` and `sequence`, each kept only where the kind has it.
        init(_ kind: PBFTMessage.Kind, view: UInt64, sequence: UInt64) {
            self.kind = kind
            self.view = kind == .checkpoint ? 0 : view
            self.sequence = kind == .viewChange || kind == .newView ? 0 : sequence
        }
    }

    /// The key of a spec message.
    static func key(of message: PBFTMessage) -> Key {
        Key(message.kind, view: UInt64(message.view.number), sequence: UInt64(message.slot.number))
    }

    /// The key of a replica's message, or `nil` for state transfer.
    static func key(of message: ProtocolMessage) -> Key? {
        switch message {
        case .prePrepare(let m): Key(.prePrepare, view: m.view.number, sequence: m.sequence.number)
        case .prepare(let m): Key(.prepare, view: m.view.number, sequence: m.sequence.number)
        case .commit(let m): Key(.commit, view: m.view.number, sequence: m.sequence.number)
        case .checkpoint(let m): Key(.checkpoint, view: 0, sequence: m.sequence.number)
        case .viewChange(let m): Key(.viewChange, view: m.view.number, sequence: 0)
        case .newView(let m): Key(.newView, view: m.view.number, sequence: 0)
        case .fetchState, .state: nil
        }
    }
}
