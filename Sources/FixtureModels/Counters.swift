import ModelChecking

/// `k` independent counters in `0..<limit`, each of which may be incremented below the limit or reset
/// to zero: exactly `limit^k` reachable states, `C(limit + k − 1, k)` up to symmetry.
///
/// The engine's simplest fixture: its state space is a product, so every count is known in closed form.
public struct Counters: TransitionSystem {
    /// The counter values.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        /// One value per counter.
        public var values: [Int]

        /// Each value in 8 bits.
        public func encode(into encoder: inout StateEncoder) {
            for value in values { encoder.append(value, bits: 8) }
        }
    }

    /// Increment or reset one counter.
    public enum Action: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Adds one to the counter.
        case increment(counter: Int)
        /// Sets the counter to zero.
        case reset(counter: Int)

        /// `increment(2)`, `reset(0)`.
        public var description: String {
            switch self {
            case .increment(let counter): "increment(\(counter))"
            case .reset(let counter): "reset(\(counter))"
            }
        }
    }

    /// The number of counters.
    public let counterCount: Int
    /// The exclusive upper bound of each counter (at most 256).
    public let limit: Int

    /// `counterCount` counters in `0..<limit`.
    public init(counters: Int, limit: Int) {
        precondition(counters >= 1 && limit >= 1 && limit <= 256, "Counters: counters ≥ 1, 1 ≤ limit ≤ 256")
        counterCount = counters
        self.limit = limit
    }

    /// "counters".
    public var name: String { "counters" }

    /// All counters at zero.
    public var initialStates: [State] { [State(values: Array(repeating: 0, count: counterCount))] }

    /// For each counter in order: increment (if below the limit), then reset (if above zero).
    public func actions(in state: State, into actions: inout [Action]) {
        for counter in 0..<counterCount {
            if state.values[counter] + 1 < limit { actions.append(.increment(counter: counter)) }
            if state.values[counter] > 0 { actions.append(.reset(counter: counter)) }
        }
    }

    /// Applies the action.
    public func successor(of state: State, taking action: Action) -> State? {
        var next = state
        switch action {
        case .increment(let counter): next.values[counter] += 1
        case .reset(let counter): next.values[counter] = 0
        }
        return next
    }

    /// `InRange` (always) and `AllAtTop` (sometimes).
    public var properties: [Property<State>] {
        let limit = limit
        return [
            .always("InRange", "every counter stays in 0..<limit") { $0.values.allSatisfy { $0 >= 0 && $0 < limit } },
            .sometimes("AllAtTop", "all counters at limit − 1 at once") { $0.values.allSatisfy { $0 == limit - 1 } },
        ]
    }

    /// Counters are interchangeable: the sorted values represent the class.
    public func canonicalRepresentative(of state: State) -> State { State(values: state.values.sorted()) }

    /// "increment", "reset".
    public var actionKindNames: [String] { ["increment", "reset"] }

    /// 0 for increments, 1 for resets.
    public func actionKind(of action: Action) -> Int {
        if case .increment = action { return 0 }
        return 1
    }
}
