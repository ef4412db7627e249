import Conformance
import Foundation
import MessagePassing
import Replica

/// The spec drives the production replica (model-based testing): a schedule walked from the PBFT
/// spec (`PBFTSpecWalk`, in its merged, global order) is replayed as the inputs of n in-process
/// `PBFTStateMachine`s under a deterministic network and clock, and the run is judged twice — by
/// agreement of what the replicas executed, and by the trace validator on their own traces.
///
/// Each event of the walk is a stimulus or nothing:
/// - a `request` at the primary: the client request with that digest reaches every replica (the
///   client multicasts it, Castro & Liskov §4.1, so that backups start their view-change timers);
/// - a `recv` of message m from s at r: the message the replica s sent to r with m's type, view
///   and sequence number (what a correct sender sends one of, §4.2–4.4) is delivered, if s sent it;
///   otherwise the step is unmatched (the replica did something else, or not yet), which is no
///   error: the network may lose or delay anything;
/// - a `view-change` at r: r's running view-change timer expires, if one runs;
/// - the local steps (`pre-prepared` … `new-view`) and sends are the replicas' own business.
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
        /// Deliveries of messages the replica had not sent (skipped).
        public var unmatchedDeliveries = 0
        /// Timeouts applied to a running view-change timer.
        public var timeouts = 0
        /// Timeouts at a replica with no view-change timer running (skipped).
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
        /// The replicas' traces (version 2), as files.
        public var traces: [(name: String, text: String)] = []

        /// Whether the replicas agree and their traces conform.
        public var holds: Bool { disagreements.isEmpty && validation?.isConformant == true }
    }

    /// The walk whose schedule drives the replicas.
    public let walk: PBFTSpecWalk
    /// Events of the walk to replay.
    public let events: Int

    /// A run of `events` events of `walk` (n, f, k and L are the walk's; crashed replicas do not run;
    /// the walk must have no Byzantine replica, whose messages the replicas would not send).
    public init(walk: PBFTSpecWalk, events: Int) {
        precondition(
            walk.parameters.byzantine.isEmpty, "SpecDrivenRun: a Byzantine replica of the walk has no replica to send its messages")
        self.walk = walk
        self.events = events
    }

    /// Runs the schedule and judges the run.
    ///
    /// - Throws: `ConfigurationError` when the replicas refuse the walk's parameters.
    public func run() throws -> Outcome {
        let parameters = walk.parameters
        let configuration = try ReplicaConfiguration(
            replicaCount: parameters.replicaCount, faultTolerance: parameters.faultThreshold,
            checkpointInterval: UInt64(parameters.checkpointInterval), window: UInt64(parameters.window), batchSize: 1)
        var cluster = SpecDrivenCluster(configuration: configuration, crashed: parameters.crashed)
        var outcome = Outcome()
        let (file, _) = walk.mergedFile(events: events)
        for line in file.text.split(separator: "\n").dropFirst() {
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let name = event["replica"] as? String, let replica = Self.replica(name), let kind = event["event"] as? String
            else { continue }
            switch kind {
            case "request":
                guard let digest = event["digest"] as? String else { continue }
                outcome.stimuli += 1
                cluster.request(digest, first: replica)
            case "recv":
                guard let sender = (event["from"] as? String).flatMap(Self.replica), let message = event["message"] as? [String: Any],
                    let key = Self.key(of: message)
                else { continue }
                outcome.stimuli += 1
                if cluster.deliver(key, from: sender, to: replica) { outcome.deliveries += 1 } else { outcome.unmatchedDeliveries += 1 }
            case "view-change":
                outcome.stimuli += 1
                if cluster.timeout(at: replica) { outcome.timeouts += 1 } else { outcome.timeoutsWithoutTimer += 1 }
            default: continue
            }
        }
        outcome.stateTransferMessages = cluster.stateTransferMessages
        outcome.highestView = cluster.highestView
        outcome.highestExecuted = cluster.executed.map { $0.keys.max() ?? 0 }.max() ?? 0
        outcome.disagreements = cluster.disagreements()
        outcome.traces = cluster.traces(implementation: "bftcheck Replica driven by bftcheck simulate (seed \(parameters.seed))")
        outcome.validation = try? TraceValidator(codec: PBFTTraceCodec()).validate(
            texts: outcome.traces, options: ValidationOptions(reportsAll: false))
        return outcome
    }

    /// `r3` as replica 3.
    static func replica(_ name: String) -> Replica.ReplicaID? {
        guard name.hasPrefix("r"), let index = Int(name.dropFirst()), index >= 0 else { return nil }
        return Replica.ReplicaID(index)
    }

    /// What identifies a correct sender's message: its type, view and sequence number.
    struct Key: Hashable {
        var type: String
        var view: UInt64
        var sequence: UInt64
    }

    /// The key of a trace `message` object.
    static func key(of message: [String: Any]) -> Key? {
        guard let type = message["type"] as? String else { return nil }
        let view = (message["view"] as? NSNumber)?.uint64Value ?? 0
        let sequence = (message["seq"] as? NSNumber)?.uint64Value ?? 0
        switch type {
        case "PRE-PREPARE", "PREPARE", "COMMIT": return Key(type: type, view: view, sequence: sequence)
        case "CHECKPOINT": return Key(type: type, view: 0, sequence: sequence)
        case "VIEW-CHANGE", "NEW-VIEW": return Key(type: type, view: view, sequence: 0)
        default: return nil
        }
    }

    /// The key of a replica's message, or `nil` for state transfer.
    static func key(of message: ProtocolMessage) -> Key? {
        switch message {
        case .prePrepare(let m): Key(type: "PRE-PREPARE", view: m.view.number, sequence: m.sequence.number)
        case .prepare(let m): Key(type: "PREPARE", view: m.view.number, sequence: m.sequence.number)
        case .commit(let m): Key(type: "COMMIT", view: m.view.number, sequence: m.sequence.number)
        case .checkpoint(let m): Key(type: "CHECKPOINT", view: 0, sequence: m.sequence.number)
        case .viewChange(let m): Key(type: "VIEW-CHANGE", view: m.view.number, sequence: 0)
        case .newView(let m): Key(type: "NEW-VIEW", view: m.view.number, sequence: 0)
        case .fetchState, .state: nil
        }
    }
}
