/// What a run found: the verdict, the traces that justify it and the statistics.
public struct CheckResult<System: TransitionSystem>: Sendable {
    /// The verdict.
    public enum Outcome: Sendable, Equatable {
        /// Every property holds in the explored state space, which was exhausted within the bounds.
        case holds
        /// A property is violated (see `violations`).
        case violated
        /// A limit stopped the run before the state space was exhausted; the reason says which.
        case incomplete(reason: String)
    }

    /// A property that failed: an invariant with its counterexample, or a `sometimes` target that an
    /// exhaustive run never reached (no trace).
    public struct Violation: Sendable {
        /// A violation.
        @inlinable
        public init(property: String, expectation: Property<System.State>.Expectation, trace: Trace<System>?) {
            self.property = property
            self.expectation = expectation
            self.trace = trace
        }

        /// The property's name.
        public var property: String
        /// Whether it was an invariant or a reachability target.
        public var expectation: Property<System.State>.Expectation
        /// The counterexample (for invariants).
        public var trace: Trace<System>?
    }

    /// The verdict.
    public var outcome: Outcome
    /// The failed properties; the first is the one the run stopped on.
    public var violations: [Violation]
    /// A witness trace for each `sometimes` property that was reached, by name.
    public var witnesses: [String: Trace<System>]
    /// Counters and measurements of the run.
    public var statistics: CheckStatistics

    /// A result.
    @inlinable
    public init(outcome: Outcome, violations: [Violation], witnesses: [String: Trace<System>], statistics: CheckStatistics) {
        self.outcome = outcome
        self.violations = violations
        self.witnesses = witnesses
        self.statistics = statistics
    }

    /// The process exit status for this outcome: 0 holds, 1 violated, 3 incomplete.
    public var exitCode: Int32 {
        switch outcome {
        case .holds: 0
        case .violated: 1
        case .incomplete: 3
        }
    }
}
