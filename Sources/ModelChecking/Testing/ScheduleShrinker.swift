/// Shrinks a failing schedule — a trace that ends where an invariant fails — to a shorter and simpler
/// one that still fails the same invariant.
///
/// Two passes, repeated until neither makes progress or the execution budget is spent:
///
/// 1. **Delta debugging** over the action sequence (`DeltaDebugging`, Zeller & Hildebrandt, IEEE TSE
///    28(2), 2002): the schedule without each of `n` chunks, `n` growing to the length, so the
///    result is 1-minimal.
/// 2. **Simpler actions**: at each step, try the actions listed *earlier* in the system's successor
///    order in that state in place of the one taken (Hypothesis's shrink towards the first choice:
///    MacIver & Donaldson, "Test-case reduction via test-case generation: insights from the
///    Hypothesis reducer", ECOOP 2020).
///
/// A candidate is re-executed, not replayed: each action is matched in the successor list of the
/// state it meets — by equality, else by its `description` — and skipped when nothing matches or its
/// successor is out of bounds, so a shortened schedule stays a valid path; execution stops at the
/// first state where the invariant fails. A candidate is kept only when its executed trace is
/// strictly smaller: fewer steps, or as many with a lexicographically smaller sequence of
/// action positions. That order is well-founded, so shrinking terminates.
///
/// Why not swift-property-based's shrinkers (x-sheep/swift-property-based 2.0.1): its `Shrink`
/// sequences (`omitSingleElement`, integers towards a bound) shrink a value drawn from independent
/// generators; here each step's choice set depends on the whole prefix, so a removal must be
/// re-executed and re-matched, and its single-element omission alone is quadratic where delta
/// debugging removes chunks. Its library target also imports Swift Testing, which the engine and the
/// `bftcheck` binary must not link, and its `Xoshiro` is the xoshiro256** that `SeededGenerator`
/// already implements.
public struct ScheduleShrinker<System: TransitionSystem>: Sendable {
    /// The result of shrinking.
    public struct Outcome: Sendable {
        /// The shrunk trace: it ends in the first state where the invariant fails.
        public var trace: Trace<System>
        /// Candidate schedules executed.
        public var executions: Int
        /// Whether the budget ran out before a fixpoint (the trace is smaller, maybe not minimal).
        public var budgetExhausted: Bool
    }

    /// The system.
    public let system: System
    /// The invariant the shrunk schedule must still violate.
    public let invariant: Property<System.State>
    /// The most candidate schedules to execute.
    public let maxExecutions: Int

    /// A shrinker for failures of `invariant` in `system`.
    ///
    /// - Parameters:
    ///   - system: the system the schedule runs in.
    ///   - invariant: an `always` property; candidates must end in a state where it fails.
    ///   - maxExecutions: the budget of candidate executions (each costs one walk of at most the
    ///     schedule's length).
    public init(system: System, invariant: Property<System.State>, maxExecutions: Int = 5_000) {
        self.system = system
        self.invariant = invariant
        self.maxExecutions = maxExecutions
    }

    /// Shrinks `trace`, which must end in a state where `invariant` fails.
    ///
    /// - Returns: the smallest failing trace found and what it cost.
    /// - Complexity: at most `maxExecutions` executions, each O(length × enabled actions).
    public func shrink(_ trace: Trace<System>) -> Outcome {
        var executions = 0
        var current = trace
        var currentOrdinals = ordinals(of: current)
        let initialStates = system.initialStates

        func accept(_ candidate: Trace<System>?) -> Bool {
            guard let candidate else { return false }
            let candidateOrdinals = ordinals(of: candidate)
            guard Self.isSmaller(candidateOrdinals, than: currentOrdinals) else { return false }
            current = candidate
            currentOrdinals = candidateOrdinals
            return true
        }
        func run(_ initial: System.State, _ actions: [System.Action]) -> Trace<System>? {
            executions += 1
            return execute(actions, from: initial)
        }
        var budgetLeft: Bool { executions < maxExecutions }

        var progressed = true
        while progressed && budgetLeft {
            progressed = false
            // An earlier initial state, with the same actions.
            if let index = initialStates.firstIndex(of: current.initialState), index > 0 {
                for earlier in initialStates[..<index] where budgetLeft {
                    if accept(run(earlier, current.steps.map(\.action))) {
                        progressed = true
                        break
                    }
                }
            }
            // Delta debugging over the actions (complements of n chunks).
            if DeltaDebugging.removeChunks(
                of: { current.steps.map(\.action) }, budgetLeft: { budgetLeft }, accept: { accept(run(current.initialState, $0)) })
            {
                progressed = true
            }
            // Simpler actions: an earlier choice in the successor order at each step.
            var state = current.initialState
            var index = 0
            replacing: while index < current.steps.count && budgetLeft {
                let enabled = system.actions(in: state)
                let taken = currentOrdinals[index + 1]
                for alternative in enabled[..<taken] where budgetLeft {
                    var actions = current.steps.map(\.action)
                    actions[index] = alternative
                    if accept(run(current.initialState, actions)) {
                        progressed = true
                        break replacing
                    }
                }
                state = current.steps[index].state
                index += 1
            }
        }
        return Outcome(trace: current, executions: executions, budgetExhausted: !budgetLeft)
    }

    /// Executes `actions` from `initial`, skipping those that match no enabled action; returns the
    /// trace up to the first state where the invariant fails, or `nil` when it never fails.
    public func execute(_ actions: [System.Action], from initial: System.State) -> Trace<System>? {
        var trace = Trace<System>(initialState: initial)
        if !invariant.condition(initial) { return trace }
        var state = initial
        var enabled: [System.Action] = []
        for action in actions {
            enabled.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &enabled)
            guard let match = enabled.first(where: { $0 == action }) ?? matchByDescription(action, in: enabled),
                let next = system.successor(of: state, taking: match), system.isWithinBounds(next)
            else { continue }
            trace.steps.append(.init(action: match, state: next))
            state = next
            if !invariant.condition(state) { return trace }
        }
        return nil
    }

    private func matchByDescription(_ action: System.Action, in enabled: [System.Action]) -> System.Action? {
        let wanted = action.description
        return enabled.first { $0.description == wanted }
    }

    /// The position of the initial state among the initial states, then of each action among those
    /// enabled before it: the measure shrinking decreases.
    func ordinals(of trace: Trace<System>) -> [Int] {
        var result = [system.initialStates.firstIndex(of: trace.initialState) ?? 0]
        var state = trace.initialState
        var enabled: [System.Action] = []
        for step in trace.steps {
            enabled.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &enabled)
            guard let position = enabled.firstIndex(of: step.action) else {
                preconditionFailure("ScheduleShrinker: \(step.action) is not enabled where the trace takes it")
            }
            result.append(position)
            state = step.state
        }
        return result
    }

    /// Shorter first, then lexicographically smaller positions.
    static func isSmaller(_ candidate: [Int], than current: [Int]) -> Bool {
        if candidate.count != current.count { return candidate.count < current.count }
        return candidate.lexicographicallyPrecedes(current)
    }
}
