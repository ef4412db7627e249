/// The verdict of one fault-injection run (issue 12): four checks, each passed or failed with a reason —
/// no committed request lost or reordered; every correct replica's state digest agrees at each stable
/// checkpoint; every client got f + 1 matching replies for every request; every replica's trace is
/// accepted by the trace validator (Castro & Liskov, OSDI '99 §4: safety, §4.3 checkpoints, §4.5
/// liveness).
public struct FaultVerdict: Hashable, Sendable {
    /// One check of the verdict.
    public struct Check: Hashable, Sendable {
        /// A short name: `ordering`, `checkpoints`, `replies` or `traces`.
        public var name: String
        /// What it checks, in words.
        public var claim: String
        /// Whether it passed.
        public var passed: Bool
        /// Why: what was compared and found, or the first thing that failed.
        public var reason: String

        /// A check.
        public init(name: String, claim: String, passed: Bool, reason: String) {
            self.name = name
            self.claim = claim
            self.passed = passed
            self.reason = reason
        }

        /// The trace check's name.
        public static let tracesName = "traces"
        /// The trace check's claim.
        public static let tracesClaim = "the trace validator accepts every replica's trace"
    }

    /// The checks, in the order above.
    public var checks: [Check]

    /// Whether every check passed.
    public var passes: Bool { checks.allSatisfy(\.passed) }

    /// The verdict of `run` with `traces` as the trace check.
    ///
    /// The simulator's violations are sorted into the checks by their kind: checkpoint-state
    /// disagreements to `checkpoints`, incomplete requests on a reliable network (`liveness`) to
    /// `replies`, and every other one — different batches at one sequence number, a wrong or repeated
    /// result, a replica contradicting what it sent, a failed recovery — to `ordering`, so that none is
    /// ever left out.
    public init(run: FaultRun, traces: Check) {
        let outcome = run.outcome
        let orderingProblems =
            outcome.violations.filter { $0.kind != .checkpointAgreement && $0.kind != .liveness }.map(\.description) + run.lostRequests
        let checkpointProblems = outcome.violations.filter { $0.kind == .checkpointAgreement }.map(\.description)
        let configuration = run.simulation.configuration

        let ordering = Check(
            name: "ordering", claim: "no committed request lost or reordered", passed: orderingProblems.isEmpty,
            reason: orderingProblems.first.map { Self.more($0, orderingProblems.count) }
                ?? "one batch per sequence number through \(outcome.highestExecuted.number) across correct replicas; "
                + "\(outcome.completedRequests) completed requests each executed once, in order, and held by all "
                + "\(run.upToDateReplicas) up-to-date correct replicas (\(run.runningCorrectReplicas) running)")
        let checkpoints = Check(
            name: "checkpoints", claim: "correct replicas' state digests agree at each stable checkpoint",
            passed: checkpointProblems.isEmpty,
            reason: checkpointProblems.first.map { Self.more($0, checkpointProblems.count) }
                ?? (outcome.stableCheckpoints == 0
                    ? "no checkpoint became stable: nothing to compare"
                    : "\(outcome.stableCheckpoints) stable checkpoints, one state digest each"))
        let completedAll = outcome.completedRequests == outcome.expectedRequests
        let replies = Check(
            name: "replies", claim: "every client got f + 1 matching replies",
            passed: completedAll && !outcome.violations.contains { $0.kind == .liveness },
            reason:
                "\(outcome.completedRequests) of \(outcome.expectedRequests) requests got f + 1 = \(configuration.replyQuorum) matching replies"
                + (completedAll ? "" : " by \(outcome.elapsed) of simulated time (\(outcome.events) events)"))
        checks = [ordering, checkpoints, replies, traces]
    }

    /// `first`, and how many more there are (`first (and 2 more)`).
    public static func more(_ first: String, _ count: Int) -> String { count > 1 ? "\(first) (and \(count - 1) more)" : first }
}
