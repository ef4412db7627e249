import Conformance
import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import Verification

/// A schedule from the PBFT spec that drives the production replica (`SpecDrivenRun`): the
/// replicas' parameters and the stimuli — client requests, deliveries, timeouts — in order.
///
/// Schedules come from three places, all the spec's own steps:
/// - a long random walk of the judging spec (`init(walk:events:)`, `bftcheck simulate --events`);
/// - a path of the model-checked spec `pbft-layer` (`init(path:system:source:)`): a counterexample
///   the checker wrote, or a random walk of `bftcheck test`;
/// - a file (`read(from:)`): a failing schedule shrunk and kept as a regression test
///   (`SpecDrivenShrinker`), in the format `bftcheck-spec-schedule/1` (JSON).
public struct SpecSchedule: Hashable, Sendable, Codable {
    /// The format name and version a file carries in `format`.
    public static let formatName = "bftcheck-spec-schedule/1"

    /// `formatName`.
    public var format: String
    /// Where the schedule came from (e.g. `simulate --events 600 --seed 7`, a counterexample's path),
    /// and how it was shrunk.
    public var source: String
    /// n.
    public var replicaCount: Int
    /// f.
    public var faultThreshold: Int
    /// K, the replicas' checkpoint interval.
    public var checkpointInterval: Int
    /// L, the replicas' window (a multiple of K).
    public var window: Int
    /// Replicas crashed from the start: they do not run.
    public var crashed: [ReplicaID]
    /// Byzantine replicas: they do not run; what they send is made into replica messages.
    public var byzantine: [ReplicaID]
    /// The stimuli, in order.
    public var stimuli: [PBFTSpecWalk.Stimulus]

    /// A schedule.
    public init(
        source: String, replicaCount: Int, faultThreshold: Int, checkpointInterval: Int, window: Int, crashed: [ReplicaID] = [],
        byzantine: [ReplicaID] = [], stimuli: [PBFTSpecWalk.Stimulus]
    ) {
        format = Self.formatName
        self.source = source
        self.replicaCount = replicaCount
        self.faultThreshold = faultThreshold
        self.checkpointInterval = checkpointInterval
        self.window = window
        self.crashed = crashed
        self.byzantine = byzantine
        self.stimuli = stimuli
    }

    /// The schedule of `walk`'s first `events` event lines (`PBFTSpecWalk.schedule(events:)`).
    public init(walk: PBFTSpecWalk, events: Int) {
        let parameters = walk.parameters
        self.init(
            source: "simulate --events \(events) --seed \(parameters.seed)", replicaCount: parameters.replicaCount,
            faultThreshold: parameters.faultThreshold, checkpointInterval: parameters.checkpointInterval, window: parameters.window,
            crashed: Array(parameters.crashed), byzantine: Array(parameters.byzantine), stimuli: walk.schedule(events: events).stimuli)
    }

    /// The schedule a path of the model-checked spec stands for (a counterexample, a random walk).
    ///
    /// The spec's requests are all issued before the run starts (its `requests` parameter), so the
    /// client multicasts each to every replica first (Castro & Liskov §4.1): backups' view-change
    /// timers run from the start, and the primary orders the requests itself (its `propose` steps
    /// are its own business). Then, step by step:
    /// - a receipt (PRE-PREPARE, NEW-VIEW) is that delivery;
    /// - a quorum step (prepare, commit, a checkpoint made stable) is the delivery of the messages
    ///   its quorum read, from the senders `MessagePassingSystem.quorumSenders` names;
    /// - a timeout is the replica's view-change timer expiring;
    /// - a NEW-VIEW the primary builds is the delivery of every VIEW-CHANGE for its view the
    ///   network holds, and, from each Byzantine replica, a VIEW-CHANGE with its genesis checkpoint
    ///   and no prepared certificates (well-formed from anyone).
    ///
    /// - Parameters:
    ///   - path: the path, from an initial state of `system`.
    ///   - system: `pbft-layer` with the path's parameters.
    ///   - source: where the path came from.
    /// - Throws: `InputError` when a step of the path is not enabled where it is taken.
    public init(path: Trace<MessagePassingSystem<PBFTLayer>>, system: MessagePassingSystem<PBFTLayer>, source: String) throws {
        let configuration = system.spec.configuration
        var stimuli: [PBFTSpecWalk.Stimulus] = []
        let firstPrimary = View(0).primary(among: configuration.replicaCount)
        for request in 1...max(configuration.requestCount, 1) {
            stimuli.append(.request(replica: firstPrimary, digest: PBFTSpecWalk.name(of: .request(RequestID(request)))))
        }
        var state = path.initialState
        for (index, step) in path.steps.enumerated() {
            guard case .fires(let effect)? = system.reaction(to: step.action, in: state) else {
                throw InputError(nil, nil, key: "steps[\(index)].action", "\(step.action) is not enabled where the path takes it")
            }
            defer { state = step.state }
            let replica = step.action.replica
            if let quorum = effect.quorum {
                for sender in system.quorumSenders(of: quorum, at: replica, in: state) where sender != replica {
                    stimuli.append(.delivery(to: replica, from: sender, message: quorum.message))
                }
            }
            switch step.action {
            case .receive(_, let message, let sender):
                if effect.quorum == nil && sender != replica { stimuli.append(.delivery(to: replica, from: sender, message: message)) }
            case .input(_, .timeout):
                stimuli.append(.timeout(replica: replica, view: effect.next.view))
            case .input(_, .sendNewView(let message)):
                system.inbox(of: replica, in: state).forEachCorrectMessage { sender, change in
                    if change.kind == .viewChange && change.view == message.view && sender != replica {
                        stimuli.append(.delivery(to: replica, from: sender, message: change))
                    }
                }
                for sender in configuration.faults.byzantine {
                    stimuli.append(
                        .delivery(
                            to: replica, from: sender,
                            message: .viewChange(message.view, checkpoint: .genesis, state: .genesis, certificates: DenseMap())))
                }
            case .input:
                break
            }
        }
        // No checkpoints within the bounds (k = 0): the replicas' first is past every sequence number.
        let maxSequence = configuration.maxSequence.number
        let window = configuration.window > 0 ? configuration.window : maxSequence
        let interval =
            configuration.checkpointInterval > 0 ? configuration.checkpointInterval : (window < maxSequence ? window : maxSequence + 1)
        self.init(
            source: source, replicaCount: configuration.replicaCount, faultThreshold: configuration.faultThreshold,
            checkpointInterval: interval, window: max(interval, (window + interval - 1) / interval * interval),
            crashed: Array(configuration.faults.crashed), byzantine: Array(configuration.faults.byzantine), stimuli: stimuli)
    }

    /// The schedule as a file: JSON with sorted keys, one stimulus a line.
    public func fileText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = SpecSchedule(
            source: source, replicaCount: replicaCount, faultThreshold: faultThreshold, checkpointInterval: checkpointInterval,
            window: window, crashed: crashed, byzantine: byzantine, stimuli: [])
        var text = String(decoding: try encoder.encode(header), as: UTF8.self)
        // `"stimuli":[]` closes the header: open it and write one stimulus a line.
        guard let range = text.range(of: "\"stimuli\":[]") else { return text }
        let lines = try stimuli.map { "  " + String(decoding: try encoder.encode($0), as: UTF8.self) }
        text.replaceSubrange(range, with: "\"stimuli\":[\n" + lines.joined(separator: ",\n") + "\n]")
        return text + "\n"
    }

    /// Reads a schedule file.
    ///
    /// - Throws: `InputError` naming the file, and the line and field where there is one: unreadable,
    ///   not JSON, another format, a field missing or of the wrong type, a replica out of range.
    public static func read(from path: String) throws -> SpecSchedule {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path, nil, "cannot read the file") }
        let schedule: SpecSchedule
        do {
            schedule = try JSONDecoder().decode(SpecSchedule.self, from: data)
        } catch {
            throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a spec schedule (\(formatName))")
        }
        guard schedule.format == formatName else {
            throw InputError(path, nil, key: "format", "expected \(formatName), got \(schedule.format)")
        }
        guard (4...64).contains(schedule.replicaCount) else {
            throw InputError(path, nil, key: "replicaCount", "expected 4...64, got \(schedule.replicaCount)")
        }
        for (field, value) in [("checkpointInterval", schedule.checkpointInterval), ("window", schedule.window)]
        where !(1...(1 << 40)).contains(value) {
            throw InputError(path, nil, key: field, "expected 1...\(1 << 40), got \(value)")
        }
        let replicas = 0..<schedule.replicaCount
        for (field, members) in [("crashed", schedule.crashed), ("byzantine", schedule.byzantine)] {
            if let outside = members.first(where: { !replicas.contains($0.index) }) {
                throw InputError(path, nil, key: field, "\(outside) is not one of the \(schedule.replicaCount) replicas")
            }
        }
        for (index, stimulus) in schedule.stimuli.enumerated() {
            let named: [ReplicaID] =
                switch stimulus {
                case .request(let replica, _), .timeout(let replica, _): [replica]
                case .delivery(let receiver, let sender, _): [receiver, sender]
                }
            if let outside = named.first(where: { !replicas.contains($0.index) }) {
                throw InputError(path, nil, key: "stimuli[\(index)]", "\(outside) is not one of the \(schedule.replicaCount) replicas")
            }
        }
        return schedule
    }
}
