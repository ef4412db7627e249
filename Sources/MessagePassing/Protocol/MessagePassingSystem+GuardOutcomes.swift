import ModelChecking

/// Guard-outcome coverage for schedule tests (`ScheduleTester`): the handlers' own refusals, read
/// off `forEachStimulus` as `refusals(in:)` reads them, with each rule as its action kind.
extension MessagePassingSystem: GuardOutcomeReporting {
    /// Appends every stimulus tried in `state` that its handler refused: the rule's kind index and the
    /// protocol's `Refusal` in words.
    public func refusedGuards(in state: State, into refusals: inout [GuardRefusal]) {
        var inputs: [P.Input] = []
        forEachStimulus(in: state, inputs: &inputs) { step, reaction in
            guard let reason = reaction.refusal else { return }
            refusals.append(GuardRefusal(kind: actionKind(of: step), reason: reason.description))
        }
    }
}
