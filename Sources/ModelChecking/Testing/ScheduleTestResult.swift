/// What a schedule test found: how many walks it made, the first failure (original and shrunk), and
/// the coverage of all the walks it made.
public struct ScheduleTestResult<System: TransitionSystem>: Sendable {
    /// A walk that reached a state violating an invariant.
    public struct Failure: Sendable {
        /// The violated invariant.
        public var property: String
        /// The walk, 1-based.
        public var run: Int
        /// The walk's own seed: `--seed` of a one-walk rerun.
        public var runSeed: UInt64
        /// The walk as made, up to the violating state.
        public var original: Trace<System>
        /// The shrunk walk (the original when shrinking is off).
        public var shrunk: Trace<System>
        /// Candidate schedules executed while shrinking.
        public var shrinkExecutions: Int
        /// Whether shrinking stopped at its budget rather than at a fixpoint.
        public var shrinkBudgetExhausted: Bool
    }

    /// Walks made (fewer than asked for after a failure or when `untilCovered` was met).
    public var runs: Int
    /// Steps taken over all walks.
    public var steps: Int
    /// The first failure, if any.
    public var failure: Failure?
    /// The coverage of the walks made.
    public var coverage: ScheduleCoverage
}
