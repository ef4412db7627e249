import MessagePassing
import ModelChecking
import ProtocolSpecs

/// Long PBFT runs walked from the spec itself: seeded random schedules of the judging spec's
/// handlers (`PBFTLayer(judging:…)`), written as version-2 traces (Docs/trace-format.md), one file
/// per replica. Unlike `PBFTTraceSynthesizer`, which writes a fixed script, every step here is one
/// the spec enables in the replica's own view (what it logged receiving), chosen at random among all
/// enabled steps and pending deliveries: messages arrive in any order, replicas run ahead or lag,
/// timers expire at random and force view changes whose NEW-VIEWs carry prepared certificates,
/// checkpoints become stable at different times at different replicas (Castro & Liskov §4.2–4.4).
///
/// Each replica keeps only its live state, as the validator does: at a stable checkpoint its log and
/// the messages it received below it are dropped (`PBFTTraceCodec.isLive`, `compact`), so a walk of
/// any length runs in memory bounded by the window.
///
/// The walk never leaves the spec, so `bftcheck conform` must accept every run it writes; the same
/// parameters and seed always give the same bytes.
public struct PBFTSpecWalk: Sendable {
    /// What to walk.
    public struct Parameters: Sendable, Equatable {
        /// n.
        public var replicaCount: Int
        /// f.
        public var faultThreshold: Int
        /// k, the checkpoint interval (at least 1).
        public var checkpointInterval: Int
        /// L, the window (at least k).
        public var window: Int
        /// Matching PREPAREs (with the PRE-PREPARE), COMMITs and CHECKPOINTs a step needs; n − f if `nil`.
        public var quorum: Int?
        /// VIEW-CHANGEs a NEW-VIEW needs; the quorum if `nil`.
        public var newViewQuorum: Int?
        /// The rules walked: a mutant writes what an implementation with that bug would log (the
        /// header does not name it, so the validator judges the run by the protocol as specified).
        public var mutant: PBFTMutant
        /// Replicas crashed from the start: they take no step and write no file.
        public var crashed: ReplicaSet
        /// Byzantine replicas: they write no file, and send correct replicas well-formed messages
        /// under their own identity (Castro & Liskov §2), at `byzantinePerMillion` (`PBFTSpecWalkState.byzantineSend`).
        public var byzantine: ReplicaSet
        /// The chance per step that a Byzantine replica sends something, in parts per million (0:
        /// it stays silent).
        public var byzantinePerMillion: Int
        /// The chance per step that a live replica's view-change timer expires, in parts per
        /// million (a timer also expires whenever no other step is enabled).
        public var timeoutsPerMillion: Int
        /// The seed.
        public var seed: UInt64

        /// Parameters.
        ///
        /// - Precondition: 2 ≤ n ≤ 64, f < n, 1 ≤ k ≤ L, fewer than n − f crashed and Byzantine
        ///   replicas (disjoint), 0 ≤ `timeoutsPerMillion`, `byzantinePerMillion` ≤ 10^6.
        public init(
            replicaCount: Int = 4, faultThreshold: Int = 1, quorum: Int? = nil, newViewQuorum: Int? = nil, checkpointInterval: Int = 16,
            window: Int = 32, mutant: PBFTMutant = .none, crashed: ReplicaSet = ReplicaSet(), byzantine: ReplicaSet = ReplicaSet(),
            byzantinePerMillion: Int = 0, timeoutsPerMillion: Int = 200, seed: UInt64
        ) {
            precondition(replicaCount >= 2 && replicaCount <= ReplicaSet.capacity && faultThreshold >= 0 && faultThreshold < replicaCount)
            precondition(checkpointInterval >= 1 && window >= checkpointInterval)
            precondition(
                (quorum ?? 1) >= 1 && (quorum ?? 1) <= replicaCount && (newViewQuorum ?? 1) >= 1 && (newViewQuorum ?? 1) <= replicaCount)
            precondition(
                crashed.subtracting(ReplicaSet.first(replicaCount)).isEmpty && byzantine.subtracting(ReplicaSet.first(replicaCount)).isEmpty
            )
            precondition(crashed.intersection(byzantine).isEmpty && crashed.count + byzantine.count < replicaCount - faultThreshold)
            precondition(timeoutsPerMillion >= 0 && timeoutsPerMillion <= 1_000_000)
            precondition(byzantinePerMillion >= 0 && byzantinePerMillion <= 1_000_000)
            self.replicaCount = replicaCount
            self.faultThreshold = faultThreshold
            self.quorum = quorum
            self.newViewQuorum = newViewQuorum
            self.checkpointInterval = checkpointInterval
            self.window = window
            self.mutant = mutant
            self.crashed = crashed
            self.byzantine = byzantine
            self.byzantinePerMillion = byzantinePerMillion
            self.timeoutsPerMillion = timeoutsPerMillion
            self.seed = seed
        }
    }

    /// What a walk did.
    public struct Summary: Sendable, Equatable {
        /// Event lines written (headers not counted).
        public var events = 0
        /// Spec steps taken (deliveries not counted).
        public var steps = 0
        /// Client requests ordered by a primary.
        public var requests = 0
        /// The most sequence numbers any replica executed.
        public var highestExecuted = 0
        /// The highest stable checkpoint any replica reached.
        public var highestStableCheckpoint = 0
        /// The highest view any replica entered.
        public var highestView = 0
        /// View changes completed: NEW-VIEWs sent.
        public var newViews = 0
        /// Timers that expired.
        public var timeouts = 0
        /// Messages Byzantine replicas sent (each to some correct replicas).
        public var byzantineSends = 0
        /// Of those, PRE-PREPAREs conflicting with another the same Byzantine primary sent for the
        /// same view and sequence number (equivocation).
        public var equivocations = 0
    }

    /// One stimulus of a walk's schedule, in the order the walk took them (`schedule(events:)`): what
    /// drives an implementation through the same run (`ReplicaTesting.SpecDrivenRun`).
    public enum Stimulus: Hashable, Sendable, Codable {
        /// The client request whose trace name is `digest` reached `replica`, the primary.
        case request(replica: ReplicaID, digest: String)
        /// `replica` received `message` from `sender`.
        case delivery(to: ReplicaID, from: ReplicaID, message: PBFTMessage)
        /// The view-change timer of `replica` expired: it moves to `view`.
        case timeout(replica: ReplicaID, view: View)
    }

    /// The parameters.
    public let parameters: Parameters

    /// A walk with `parameters`.
    public init(_ parameters: Parameters) { self.parameters = parameters }

    /// The replicas that write logs: those neither crashed nor Byzantine.
    public var liveReplicas: [ReplicaID] {
        (0..<parameters.replicaCount).map(ReplicaID.init).filter { !parameters.crashed.contains($0) && !parameters.byzantine.contains($0) }
    }

    /// The header line of replica `replica`'s file, or of a merged file holding every replica's log.
    public func header(for replica: ReplicaID?) -> String {
        let names = (0..<parameters.replicaCount).map { "\"r\($0)\"" }.joined(separator: ",")
        let crashed = parameters.crashed.map { "\"\($0)\"" }.joined(separator: ",")
        let byzantine = parameters.byzantine.map { "\"\($0)\"" }.joined(separator: ",")
        return
            "{\"format\":\"\(TraceHeaderV2.formatName)\",\"protocol\":\"\(PBFTTraceCodec.protocolName)\",\(replica.map { "\"replica\":\"\($0)\"," } ?? "")\"n\":\(parameters.replicaCount),\"f\":\(parameters.faultThreshold),\"replicas\":[\(names)],"
            + (parameters.byzantine.isEmpty ? "" : "\"byzantine\":[\(byzantine)],")
            + (parameters.crashed.isEmpty ? "" : "\"crashed\":[\(crashed)],")
            + "\"params\":{\"checkpoint_interval\":\(parameters.checkpointInterval),\"window\":\(parameters.window)"
            + (parameters.quorum.map { ",\"quorum\":\($0)" } ?? "") + (parameters.newViewQuorum.map { ",\"newview_quorum\":\($0)" } ?? "")
            + "},"
            + "\"implementation\":\"bftcheck simulate (seed \(parameters.seed))\"}"
    }

    /// Walks until at least `events` event lines are written, each (with its replica) to `emit` in
    /// the order that replica logs it.
    @discardableResult
    public func write(events: Int, to emit: (ReplicaID, String) -> Void) -> Summary {
        var walk = PBFTSpecWalkState(parameters)
        while walk.summary.events < events { walk.step(emit) }
        return walk.summary
    }

    /// The stimuli of the walk that writes at least `events` event lines, in order.
    public func schedule(events: Int) -> (stimuli: [Stimulus], summary: Summary) {
        var walk = PBFTSpecWalkState(parameters)
        walk.stimuli = []
        while walk.summary.events < events { walk.step { _, _ in } }
        return (walk.stimuli ?? [], walk.summary)
    }

    /// The run as in-memory files, one per live replica (`r0.ndjson`, …): for tests.
    public func files(events: Int) -> (files: [(name: String, text: String)], summary: Summary) {
        var lines = (0..<parameters.replicaCount).map { [header(for: ReplicaID($0))] }
        let summary = write(events: events) { replica, line in lines[replica.index].append(line) }
        let files = liveReplicas.map { (name: "\($0).ndjson", text: lines[$0.index].joined(separator: "\n") + "\n") }
        return (files, summary)
    }

    /// The run as one merged file (`run.ndjson`), its lines in the order they happened: for tests.
    public func mergedFile(events: Int) -> (file: (name: String, text: String), summary: Summary) {
        var lines = [header(for: nil)]
        let summary = write(events: events) { _, line in lines.append(line) }
        return ((name: "run.ndjson", text: lines.joined(separator: "\n") + "\n"), summary)
    }
}
