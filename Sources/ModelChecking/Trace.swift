/// A path through a transition system: an initial state and the actions taken, with the real
/// (non-canonical) state after each.
public struct Trace<System: TransitionSystem>: Sendable {
    /// One step: the action taken and the state it led to.
    public struct Step: Sendable {
        /// The action taken.
        public var action: System.Action
        /// The state after the action.
        public var state: System.State

        /// A step.
        public init(action: System.Action, state: System.State) {
            self.action = action
            self.state = state
        }
    }

    /// The first state.
    public var initialState: System.State
    /// The steps, in order.
    public var steps: [Step]

    /// A trace.
    public init(initialState: System.State, steps: [Step] = []) {
        self.initialState = initialState
        self.steps = steps
    }

    /// The last state.
    public var finalState: System.State { steps.last?.state ?? initialState }
    /// All states, from the first to the last.
    public var states: [System.State] { [initialState] + steps.map(\.state) }

    /// Rebuilds a trace by replaying ordinals: the first is the index of the initial state, each next
    /// the position of the action among those enabled.
    @usableFromInline
    static func replaying(_ ordinals: [Int], in system: System) -> Trace {
        var state = system.initialStates[ordinals[0]]
        var trace = Trace(initialState: state)
        var actions: [System.Action] = []
        for ordinal in ordinals.dropFirst() {
            actions.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &actions)
            let action = actions[ordinal]
            guard let next = system.successor(of: state, taking: action) else {
                preconditionFailure("trace replay: action \(action) is not enabled; the model is not deterministic")
            }
            trace.steps.append(Step(action: action, state: next))
            state = next
        }
        return trace
    }
}
