/// Diagnostics read off the handlers' refusals: why a stimulus did not fire in a state, and why a
/// rule never fired over a set of states (the coverage report's "never fired because …"). Nothing
/// here is written a second time in prose: the reasons are the protocol's `Refusal` values.
extension MessagePassingSystem {
    /// A stimulus that was tried and refused.
    public struct Refusal: Sendable {
        /// The step that did not fire.
        public var step: ProtocolStep<P>
        /// Its rule.
        public var rule: P.Rule
        /// Why it did not fire.
        public var reason: P.Refusal
    }

    /// Every stimulus tried in `state` whose handler refused, with the reason, in the order of
    /// `actions(in:into:)`.
    public func refusals(in state: State) -> [Refusal] {
        var result: [Refusal] = []
        var inputs: [P.Input] = []
        forEachStimulus(in: state, inputs: &inputs) { step, reaction in
            if let reason = reaction.refusal { result.append(Refusal(step: step, rule: rule(of: step), reason: reason)) }
        }
        return result
    }

    /// Why `rule` did not fire over `states`: each distinct reason with the number of (state,
    /// stimulus) pairs that gave it, most frequent first (ties by description). Empty when the rule
    /// was never even tried.
    public func reasons<S: Sequence>(why rule: P.Rule, didNotFireOver states: S) -> [(reason: P.Refusal, count: Int)]
    where S.Element == State {
        var counts: [P.Refusal: Int] = [:]
        for state in states {
            for refusal in refusals(in: state) where refusal.rule == rule { counts[refusal.reason, default: 0] += 1 }
        }
        // Sorted, never in dictionary order.
        return counts.map { (reason: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.reason.description < $1.reason.description
        }
    }
}
