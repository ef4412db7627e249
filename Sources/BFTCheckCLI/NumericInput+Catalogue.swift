import Verification

/// The ranges of the numbers the commands other than `check` take (`Inputs` in `Verification` declares
/// those of `check` and of config files): with them, every number `bftcheck` takes from a user.
///
/// Commands validate through these before computing anything; the boundary-value tests
/// (`NumericInputBoundaryTests`) feed each of them 0, −1, 1, `Int.max`, `Int.min`, huge doubles, `inf`
/// and `nan`. Ranges are chosen so that everything derived from a validated value (bytes from MiB,
/// sizes times counts, `3f + 1 + extra`) stays far inside 64-bit arithmetic.
extension Inputs {
    // MARK: sweep

    /// Sizes beyond 3f + 1 that `sweep` checks for each f.
    static let sweepExtra = NumericInput<Int>(flag: "--extra", 0...16)
    /// The fault thresholds `sweep` accepts (in `--f 1...2`).
    static let sweepFaults = NumericInput<Int>(flag: "--f", 0...9)

    // MARK: lemmas

    /// Replicas in one cluster of the cluster-sending lemmas. The exact check also needs
    /// min(n1, n2) ≤ `ClusterPair.exactCheckLimit`; the independent adversary check of the optimal plan
    /// has a Boolean per replica, and at 100 senders it takes 2.7 M of Z3's resource units (1.4 s), at
    /// 1,000 more than the default budget, so the larger cluster is bounded by 100.
    static let clusterReplicas1 = NumericInput<Int>(flag: "--n1", 1...100)
    /// See `clusterReplicas1`.
    static let clusterReplicas2 = NumericInput<Int>(flag: "--n2", 1...100)
    /// Faulty replicas tolerated in C1.
    static let clusterFaults1 = NumericInput<Int>(flag: "--f1", 0...99)
    /// Faulty replicas tolerated in C2.
    static let clusterFaults2 = NumericInput<Int>(flag: "--f2", 0...99)
    /// Z3's deterministic resource budget per query (`rlimit` is an unsigned 32-bit solver parameter).
    static let rlimit = NumericInput<Int>(flag: "--rlimit", 1...Int(UInt32.max))
    /// An optional wall-clock limit per query, enforced from outside the solver.
    static let solverSeconds = NumericInput<Double>(flag: "--timeout", 0.001...86_400, unit: "seconds")

    // MARK: model throughput

    /// Smallest replica count of the throughput table.
    static let throughputFrom = NumericInput<Int>(flag: "--from", 2...10_000)
    /// Largest replica count of the throughput table.
    static let throughputTo = NumericInput<Int>(flag: "--to", 3...10_000)
    /// Outgoing bandwidth per replica.
    static let bandwidthMiB = NumericInput<Double>(flag: "--bandwidth-mib", 0.001...1_000_000_000, unit: "MiB/s")
    /// PRE-PREPARE bytes per transaction.
    static let preprepareBytes = NumericInput<Int>(flag: "--preprepare-bytes", 1...(1 << 30), unit: "bytes")
    /// PREPARE bytes.
    static let prepareBytes = NumericInput<Int>(flag: "--prepare-bytes", 0...(1 << 30), unit: "bytes")
    /// COMMIT bytes.
    static let commitBytes = NumericInput<Int>(flag: "--commit-bytes", 0...(1 << 30), unit: "bytes")
    /// Transactions per batch.
    static let batchSize = NumericInput<Int>(flag: "--batch-size", 1...1_000_000)
    /// Latency of one phase.
    static let latencyMs = NumericInput<Double>(flag: "--latency-ms", 0...3_600_000, unit: "milliseconds")

    // MARK: conform, simulate

    /// Unlogged spec steps the oracle may infer before an event (the search is exponential in it).
    static let maxSilentSteps = NumericInput<Int>(flag: "--max-silent-steps", 0...8)
    /// Spec steps per simulated walk.
    static let simulateSteps = NumericInput<Int>(flag: "--steps", 1...100_000_000)
    /// Simulated walks.
    static let simulateWalks = NumericInput<Int>(flag: "--walks", 1...1_000_000)
    /// Events of one unbounded simulated run (`simulate --events`).
    static let simulateEvents = NumericInput<Int>(flag: "--events", 1...1_000_000_000)
    /// Timer expiries per million steps of an unbounded simulated run.
    static let timeoutsPerMillion = NumericInput<Int>(flag: "--timeouts-per-million", 0...1_000_000)
    /// Byzantine sends per million steps of an unbounded simulated run.
    static let byzantinePerMillion = NumericInput<Int>(flag: "--byzantine-per-million", 0...1_000_000)
    /// Chance of an extra delivery after each simulated step.
    static let noise = NumericInput<Double>(flag: "--noise", 0...1)

    // MARK: cluster, replica, bench

    /// The retransmission interval of a generated cluster, as the config key `retransmit_interval_ms`
    /// accepts it.
    static let clusterRetransmitIntervalMs = NumericInput<Int>(flag: "--retransmit-interval-ms", 1...3_600_000, unit: "milliseconds")

    /// Replicas of a generated cluster (each a process and a loopback port).
    static let clusterReplicas = NumericInput<Int>(flag: "--n", 1...64)
    /// Byzantine replicas the generated cluster tolerates (n ≥ 3f + 1 is checked after).
    static let clusterFaults = NumericInput<Int>(flag: "--f", 0...21)
    /// Clients that get keys in a generated cluster.
    static let clusterClients = NumericInput<Int>(flag: "--clients", 1...4096)
    /// The first replica's port; replica i listens on this + i.
    static let basePort = NumericInput<Int>(flag: "--base-port", 1024...65_000)
    /// K of a generated cluster.
    static let clusterCheckpointInterval = NumericInput<Int>(flag: "--checkpoint-interval", 1...100_000)
    /// L of a generated cluster, in checkpoint intervals.
    static let clusterWindowIntervals = NumericInput<Int>(flag: "--window-intervals", 1...64)
    /// Requests per batch of a generated cluster.
    static let clusterBatchSize = NumericInput<Int>(flag: "--batch-size", 1...100_000)
    /// How long a primary waits for a batch to fill.
    static let clusterBatchTimeoutMs = NumericInput<Double>(flag: "--batch-timeout-ms", 0.001...60_000, unit: "milliseconds")
    /// The first view-change timeout.
    static let clusterViewChangeTimeoutMs = NumericInput<Int>(
        flag: "--view-change-timeout-ms", 1...3_600_000, unit: "milliseconds")
    /// How long `cluster up` waits for every replica to be ready.
    static let readyTimeout = NumericInput<Double>(flag: "--ready-timeout", 0.1...3_600, unit: "seconds")
    /// How long `cluster down` waits after SIGTERM before SIGKILL.
    static let grace = NumericInput<Double>(flag: "--grace", 0...3_600, unit: "seconds")
    /// The replica a `replica run` process is.
    static let replicaIndex = NumericInput<Int>(flag: "--id", 0...1023)
    /// How long a replica keeps dialling peers that are not listening yet.
    static let connectTimeout = NumericInput<Double>(flag: "--connect-timeout", 0.1...3_600, unit: "seconds")
    /// Concurrent clients of a bench run (each has one request outstanding).
    static let benchClients = NumericInput<Int>(flag: "--clients", 1...4096)
    /// How long a bench run issues requests.
    static let benchDuration = NumericInput<Double>(flag: "--duration", 0.1...86_400, unit: "seconds")
    /// How many requests a bench run issues in all.
    static let benchRequests = NumericInput<Int>(flag: "--requests", 1...1_000_000_000)
    /// The open-loop target rate of a bench run.
    static let benchRate = NumericInput<Double>(flag: "--rate", 1...10_000_000, unit: "requests/s")
    /// The size of each request's operation.
    static let payloadBytes = NumericInput<Int>(flag: "--payload-bytes", 32...65_536, unit: "bytes")
    /// How long a bench run waits without any reply before it gives up.
    static let stallTimeout = NumericInput<Double>(flag: "--stall-timeout", 0.1...3_600, unit: "seconds")
    /// Client event-loop threads of a bench run.
    static let benchThreads = NumericInput<Int>(flag: "--threads", 1...64)

    // MARK: test

    /// Random walks of a schedule test.
    static let testRuns = NumericInput<Int>(flag: "--runs", 1...1_000_000_000)
    /// Steps per walk of a schedule test.
    static let testDepth = NumericInput<Int>(flag: "--depth", 1...10_000_000)
    /// PCT priority-change points per walk.
    static let changePoints = NumericInput<Int>(flag: "--change-points", 0...10_000)
    /// How much a favoured action outweighs another (weights summed over the enabled actions stay
    /// far inside 64 bits).
    static let targetWeight = NumericInput<Int>(flag: "--weight", 1...1_000_000)
    /// Candidate schedules a shrink may execute.
    static let shrinkBudget = NumericInput<Int>(flag: "--shrink-budget", 0...100_000_000)

    // MARK: faults

    /// Replicas of a fault scenario's cluster (f = ⌊(n − 1) / 3⌋, so at least 4). The ranges of
    /// `faults run` bound a run's cost: n² messages per request, and about a thousand events per
    /// request at n = 16.
    static let faultsReplicas = NumericInput<Int>(flag: "--replicas", 4...16)
    /// Requests each of a fault scenario's two clients submits.
    static let faultsRequests = NumericInput<Int>(flag: "--requests", 1...200)
    /// Spec-driven runs of `faults spec-driven`.
    static let specDrivenRuns = NumericInput<Int>(flag: "--runs", 1...100_000_000)
    /// Events of the spec walk behind each spec-driven run.
    static let specDrivenEvents = NumericInput<Int>(flag: "--events", 10...1_000_000)
}
