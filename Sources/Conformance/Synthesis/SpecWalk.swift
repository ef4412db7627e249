import ModelChecking
import ProtocolSpecs

/// Seeded random walks of the PBFT spec: the model checker's simulation strategy, keeping the walk.
public enum SpecWalk {
    /// A walk of at most `maxSteps` steps from the initial state, each step chosen uniformly among
    /// the enabled steps; it ends early where no step is enabled. The same seed gives the same walk.
    ///
    /// - Parameters:
    ///   - spec: the model.
    ///   - seed: the seed (printed by `bftcheck simulate` so the walk can be repeated).
    ///   - maxSteps: the most steps to take.
    public static func walk(_ spec: PBFT, seed: UInt64, maxSteps: Int) -> Trace<PBFT> {
        var generator = SeededGenerator(seed: seed)
        var trace = Trace<PBFT>(initialState: spec.initialStates[0])
        var actions: [PBFTAction] = []
        var choices: [(PBFTAction, PBFTState)] = []
        for _ in 0..<maxSteps {
            let state = trace.finalState
            actions.removeAll(keepingCapacity: true)
            spec.actions(in: state, into: &actions)
            choices.removeAll(keepingCapacity: true)
            for action in actions {
                if let next = spec.successor(of: state, taking: action), spec.isWithinBounds(next) { choices.append((action, next)) }
            }
            guard !choices.isEmpty else { break }
            let (action, next) = choices[Int.random(in: 0..<choices.count, using: &generator)]
            trace.steps.append(.init(action: action, state: next))
        }
        return trace
    }

    /// The first invariant of `spec` that fails along `trace`, with the step after which it fails.
    public static func firstViolation(in trace: Trace<PBFT>, of spec: PBFT) -> (property: String, step: Int)? {
        let invariants = spec.properties.filter { $0.expectation == .always }
        for (index, state) in trace.states.enumerated() {
            if let broken = invariants.first(where: { !$0.condition(state) }) { return (broken.name, index) }
        }
        return nil
    }
}
