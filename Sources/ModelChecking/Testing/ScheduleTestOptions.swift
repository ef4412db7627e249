/// The settings of a schedule test: how many walks, how long, which scheduler, which seed.
public struct ScheduleTestOptions: Sendable {
    /// The most walks (runs) to make.
    public var runs = 100
    /// The most steps per walk.
    public var depth = 100
    /// The seed of the first walk; walk `i` (1-based) uses `seed &+ (i − 1)`, so any walk can be
    /// rerun alone.
    public var seed: UInt64 = 0
    /// How each walk picks its next action.
    public var strategy = ScheduleStrategy.uniform
    /// Stop after the first walk that completes coverage (every kind the configuration allows fired).
    public var untilCovered = false
    /// Shrink a failing walk.
    public var shrinks = true
    /// The budget of candidate executions when shrinking.
    public var maxShrinkExecutions = 5_000
    /// The names of the invariants to check (`nil`: every `always` property of the system).
    public var invariants: [String]? = nil

    /// The default settings.
    public init() {}
}
