/// The catalogue of named fault-injection scenarios behind `bftcheck faults` (issue 12): each injects one
/// kind of fault into a simulated PBFT cluster, bounded in simulated time, and ends with its own verdict
/// (`FaultRun`, `FaultVerdict`). Sources: Castro & Liskov, OSDI '99 §3–4 and TOCS 20(4) 2002; the
/// tutorial (Gupta, Hellings, Rahnama, Sadoghi, VLDB 2020), slides "PBFT: Normal-case protocol in view v"
/// to "PBFT: Further dealing with failures".
///
/// Every scenario runs two clients, each submitting its requests one after the other, against n
/// replicas with f = ⌊(n − 1) / 3⌋, checkpoints every 2 sequence numbers and a window of 4 (so that
/// checkpoints, garbage collection and state transfer happen within a few requests), batches of one
/// request, and at most one faulty replica. The seed fixes every random choice.
public enum FaultScenario: String, CaseIterable, Sendable {
    /// A backup crashes early and restarts 100 ms later from its write-ahead log, having missed many
    /// sequence numbers; it catches up from its peers (TOCS 2002 §4.6 recovery, OSDI '99 §4.3 state
    /// transfer; tutorial slide "PBFT: Further dealing with failures").
    case backupCrashRestart = "backup-crash-restart"
    /// The primary of view 0 crashes mid-run: the backups' view-change timers expire and the primary of
    /// view 1 takes over with a NEW-VIEW (OSDI '99 §4.4; tutorial slide "PBFT: A property of
    /// view-changes when n > 3f").
    case primaryCrash = "primary-crash"
    /// The primary of view 0 equivocates: PRE-PREPAREs for one sequence number with different requests
    /// to different backups, and COMMITs backing each; no two correct replicas may execute different
    /// batches (OSDI '99 §4.2; tutorial slide "PBFT: A normal-case property when n > 3f").
    case equivocatingPrimary = "equivocating-primary"
    /// A Byzantine backup forges PREPAREs and COMMITs for the null batch, with corrupted MACs and under
    /// another replica's identity; every replica authenticates, so each forgery is refused (TOCS 2002
    /// §3.2: MACs and signatures; the tutorial's failure model: Byzantine replicas cannot impersonate).
    case forgedMessages = "forged-messages"
    /// A Byzantine backup receives everything and sends nothing, neither protocol messages nor replies;
    /// the other n − 1 ≥ 2f + 1 replicas go on without it (OSDI '99 §3; tutorial slide "PBFT: Normal-case
    /// protocol in view v": quorums of n − f).
    case silentReplica = "silent-replica"
    /// No faulty replica, but a bad network: delays of 1–30 ms (messages overtake each other), 5 % lost,
    /// 5 % duplicated, and a partition that cuts the replicas into two halves, neither a quorum, until
    /// 250 ms; after it heals the cluster makes progress again (OSDI '99 §4.5: safety under asynchrony,
    /// liveness under eventual synchrony).
    case delaysDropsPartition = "delays-drops-partition"
    /// The primary crashes mid-run and restarts 30 ms later by replaying its write-ahead log (a torn last
    /// record cut off) into a fresh state machine: it must come back exactly as it was and never
    /// contradict what it sent before (TOCS 2002 §4.6).
    case walRestart = "wal-restart"
    /// A backup is cut off from every message until 150 ms, while the others move their stable
    /// checkpoint past its window; it catches up by fetching a checkpoint's state (OSDI '99 §4.3, state
    /// transfer; TOCS 2002 §5.3).
    case laggingReplica = "lagging-replica"
    /// The primary of view 0 runs as Twins (Bano et al., OPODIS 2021): two correct instances under its
    /// one identity, the second heard only by the last f backups. The twins order the clients' requests
    /// as each receives them, so they send conflicting PRE-PREPAREs with no rule broken; the other
    /// replicas must still agree (Castro & Liskov, OSDI '99 §3–4.2; tutorial slide "PBFT: A normal-case
    /// property when n > 3f").
    case twins

    /// The scenario's name on the command line (`bftcheck faults run NAME`).
    public var name: String { rawValue }

    /// The scenario named `name`, if there is one.
    public init?(named name: String) { self.init(rawValue: name) }

    /// One line: the fault and what the run must show.
    public var summary: String {
        switch self {
        case .backupCrashRestart: "a backup crashes and restarts from its log 100 ms later; it catches up"
        case .primaryCrash: "the primary crashes mid-run; a view change replaces it"
        case .equivocatingPrimary: "the primary sends conflicting PRE-PREPAREs to different backups"
        case .forgedMessages: "a backup forges PREPAREs/COMMITs with bad MACs and another replica's identity"
        case .silentReplica: "a Byzantine backup receives everything and sends nothing"
        case .delaysDropsPartition: "1-30 ms delays, 5% loss, 5% duplicates, a partition into halves healing at 250 ms"
        case .walRestart: "the primary crashes mid-run and restarts by replaying its write-ahead log"
        case .laggingReplica: "a backup is cut off until 150 ms and catches up by state transfer"
        case .twins: "the primary runs as two correct twins, the second heard only by the last f backups"
        }
    }

    /// The source of the scenario: paper sections and tutorial slides.
    public var citation: String {
        switch self {
        case .backupCrashRestart: "Castro & Liskov, TOCS 2002 §4.6; OSDI '99 §4.3"
        case .primaryCrash: "Castro & Liskov, OSDI '99 §4.4; tutorial slide \"PBFT: A property of view-changes when n > 3f\""
        case .equivocatingPrimary: "Castro & Liskov, OSDI '99 §4.2; tutorial slide \"PBFT: A normal-case property when n > 3f\""
        case .forgedMessages: "Castro & Liskov, TOCS 2002 §3.2"
        case .silentReplica: "Castro & Liskov, OSDI '99 §3; tutorial slide \"PBFT: Normal-case protocol in view v\""
        case .delaysDropsPartition: "Castro & Liskov, OSDI '99 §4.5"
        case .walRestart: "Castro & Liskov, TOCS 2002 §4.6"
        case .laggingReplica: "Castro & Liskov, OSDI '99 §4.3; TOCS 2002 §5.3"
        case .twins: "Bano, Sonnino, Chursin, Perelman & Malkhi, Twins, OPODIS 2021; Castro & Liskov, OSDI '99 §3–4.2"
        }
    }

    /// What shows that the fault was really injected, as a label for `FaultRun.exercise`.
    public var exerciseLabel: String {
        switch self {
        case .backupCrashRestart, .walRestart: "restarts from the write-ahead log"
        case .primaryCrash: "views entered past view 0"
        case .equivocatingPrimary: "conflicting PRE-PREPAREs sent"
        case .forgedMessages: "forgeries refused by authentication"
        case .silentReplica: "messages and replies withheld"
        case .delaysDropsPartition: "messages lost to the partition"
        case .laggingReplica: "checkpoints installed by state transfer"
        case .twins: "contradicting messages sent under the twins' identity"
        }
    }

    /// The replica configuration every scenario uses for `replicas` replicas: f = ⌊(n − 1) / 3⌋,
    /// checkpoints every 2 sequence numbers, a window of 4, batches of 1, a 300 ms view-change timeout.
    ///
    /// - Throws: `ConfigurationError` when `replicas` is below 4 or above 1024.
    public static func configuration(replicas: Int) throws(ConfigurationError) -> ReplicaConfiguration {
        guard replicas >= 4 else { throw ConfigurationError(field: "n", "fault scenarios need n ≥ 4 (f ≥ 1), got \(replicas)") }
        return try ReplicaConfiguration(
            replicaCount: replicas, faultTolerance: (replicas - 1) / 3, checkpointInterval: 2, window: 4, batchSize: 1,
            batchTimeout: .milliseconds(2), viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100))
    }

    /// The simulated run of this scenario.
    ///
    /// - Parameters:
    ///   - replicas: n (at least 4).
    ///   - seed: fixes every random choice of the run.
    ///   - requestsPerClient: requests each of the two clients submits, one after the other.
    /// - Throws: `ConfigurationError` when `replicas` is below 4 or `requestsPerClient` below 1.
    public func simulation(replicas: Int = 4, seed: UInt64, requestsPerClient: Int = 8) throws(ConfigurationError) -> SimulationScenario {
        guard requestsPerClient >= 1 else {
            throw ConfigurationError(field: "requests", "each client submits at least 1 request, got \(requestsPerClient)")
        }
        let configuration = try Self.configuration(replicas: replicas)
        let primary = configuration.primary(of: .initial)
        let lastBackup = ReplicaID(replicas - 1)
        var scenario = SimulationScenario(
            configuration: configuration, seed: seed, clientCount: 2, requestsPerClient: requestsPerClient, eventLimit: 2_000_000,
            timeLimit: .seconds(120))
        switch self {
        case .backupCrashRestart:
            scenario.faults = [lastBackup: .restarts(at: .milliseconds(20), downtime: .milliseconds(100))]
        case .primaryCrash:
            scenario.faults = [primary: .crashes(at: .milliseconds(15))]
        case .equivocatingPrimary:
            scenario.faults = [primary: .equivocatingPrimary]
        case .forgedMessages:
            scenario.faults = [ReplicaID(1): .forger]
            scenario.authenticates = true
        case .silentReplica:
            scenario.faults = [lastBackup: .silent]
        case .delaysDropsPartition:
            let half = configuration.replicas.prefix(replicas / 2)
            scenario.network = NetworkConditions(
                minimumDelay: .milliseconds(1), maximumDelay: .milliseconds(30), dropRate: 0.05, duplicateRate: 0.05,
                partition: NetworkPartition(side: Array(half), heals: .milliseconds(250)))
        case .walRestart:
            scenario.faults = [primary: .restarts(at: .milliseconds(25), downtime: .milliseconds(30))]
        case .laggingReplica:
            scenario.faults = [lastBackup: .isolated(until: .milliseconds(150))]
        case .twins:
            let secondSide = configuration.replicas.suffix(configuration.faultTolerance)
            scenario.faults = [primary: .twins(secondSide: Array(secondSide))]
        }
        return scenario
    }
}
