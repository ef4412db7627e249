/// How a schedule test picks the next action among those enabled: the scheduler of a random walk.
///
/// - `uniform`: every enabled action is equally likely — the plain random walk of QuickCheck's
///   state-machine testing (Claessen & Hughes, "QuickCheck testing for fun and profit", PADL 2007;
///   Hughes, "Experiences with QuickCheck", 2016) and of `Checker`'s simulation strategy.
/// - `priorityChanges`: PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
///   Nagarakatte, "A randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS
///   2010). PCT gives each thread a random priority, always runs the highest-priority enabled thread,
///   and at `d` random steps lowers the running thread below all others; it finds every bug of depth
///   `d + 1` with probability at least 1/(n·k^d). A transition system has no threads, so the engine
///   gives the priorities to *action kinds* (`TransitionSystem.actionKindNames`): one kind runs until
///   it is disabled or demoted, which is how long one-sided runs (a replica racing ahead, a storm of
///   timeouts) arise. Within the chosen kind the action is picked uniformly.
/// - `targeted`: actions whose kind name contains one of `patterns` (case-insensitive) weigh
///   `weight` times as much as the others — e.g. `timeout|NewView` to favour view changes. The
///   names come from the system's own coverage names; the engine knows no protocol.
public enum ScheduleStrategy: Sendable, Equatable {
    /// Every enabled action is equally likely.
    case uniform
    /// PCT over action kinds with `changePoints` priority-change points per walk.
    case priorityChanges(changePoints: Int)
    /// Kinds whose name contains one of `patterns` (case-insensitive) weigh `weight` times the others
    /// (a weight below 1 counts as 1).
    case targeted(patterns: [String], weight: Int)

    /// A short name for reports and reproduce lines: `uniform`, `pct`, `targeted`.
    public var name: String {
        switch self {
        case .uniform: "uniform"
        case .priorityChanges: "pct"
        case .targeted: "targeted"
        }
    }

    /// For each of `kindNames`, whether the targeted strategy favours it (all `false` for the others).
    ///
    /// - Parameter kindNames: the system's `actionKindNames`.
    /// - Returns: one flag per kind, in the order of `kindNames`.
    public func favouredKinds(among kindNames: [String]) -> [Bool] {
        guard case .targeted(let patterns, _) = self else { return kindNames.map { _ in false } }
        let lowered = patterns.map { $0.lowercased() }.filter { !$0.isEmpty }
        return kindNames.map { name in
            let candidate = name.lowercased()
            return lowered.contains { candidate.contains($0) }
        }
    }
}
