/// A transition system that can say, in a state, which stimuli its guards refused and why — so that
/// a schedule test reports, per action kind, both guard outcomes: how often it was enabled and fired,
/// and each reason it was refused (swift-nio-style state machines whose guards return *why*).
///
/// Systems that do not conform still get per-kind fired/enabled counts and `whyNeverEnabled`.
public protocol GuardOutcomeReporting: TransitionSystem {
    /// Appends every stimulus tried in `state` that a guard refused, in the order of
    /// `actions(in:into:)`.
    ///
    /// - Parameters:
    ///   - state: the state to examine.
    ///   - refusals: an array the caller has emptied; the engine reuses its storage.
    func refusedGuards(in state: State, into refusals: inout [GuardRefusal])
}
