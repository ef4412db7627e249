import ModelChecking

/// `k` independent counters in `0..<limit`, each of which may be incremented below the limit or reset
/// to zero: exactly `limit^k` reachable states, `C(limit + k − 1, k)` up to symmetry.
///
/// The engine's simplest fixture: its state space is a product, so every count is known in closed form.
public struct Counters: TransitionSystem {
    /// The counter values, packed eight bits each into two words: no allocation per state.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0
        /// The number of counters.
        public let count: Int

        /// All `count` counters at zero.
        public init(count: Int) { self.count = count }

        /// The value of counter `index`.
        public subscript(index: Int) -> Int {
            get { Int(truncatingIfNeeded: (index < 8 ? low : high) >> UInt64((index & 7) * 8) & 0xff) }
            set {
                let shift = UInt64((index & 7) * 8)
                let word = (index < 8 ? low : high) & ~(0xff << shift) | UInt64(newValue) << shift
                if index < 8 { low = word } else { high = word }
            }
        }

        /// The values in counter order.
        public var values: [Int] { (0..<count).map { self[$0] } }

        /// Each value in 8 bits.
        public func encode(into encoder: inout StateEncoder) {
            encoder.append(low, bits: 64)
            if count > 8 { encoder.append(high, bits: 64) }
        }

        private enum CodingKeys: String, CodingKey { case values }

        /// Decodes `{"values": [...]}`.
        public init(from decoder: Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self).decode([Int].self, forKey: .values)
            guard values.count <= 16, values.allSatisfy({ (0..<256).contains($0) }) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.values], debugDescription: "1 to 16 values in 0...255"))
            }
            self.init(count: values.count)
            for (index, value) in values.enumerated() { self[index] = value }
        }

        /// Encodes `{"values": [...]}`.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(values, forKey: .values)
        }

        /// A state with these values.
        public init(values: [Int]) {
            self.init(count: values.count)
            for (index, value) in values.enumerated() { self[index] = value }
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
        precondition(counters >= 1 && counters <= 16 && limit >= 1 && limit <= 256, "Counters: 1 ≤ counters ≤ 16, 1 ≤ limit ≤ 256")
        counterCount = counters
        self.limit = limit
    }

    /// "counters".
    public var name: String { "counters" }

    /// All counters at zero.
    public var initialStates: [State] { [State(count: counterCount)] }

    /// For each counter in order: increment (if below the limit), then reset (if above zero).
    public func actions(in state: State, into actions: inout [Action]) {
        for counter in 0..<counterCount {
            let value = state[counter]
            if value + 1 < limit { actions.append(.increment(counter: counter)) }
            if value > 0 { actions.append(.reset(counter: counter)) }
        }
    }

    /// Applies the action.
    public func successor(of state: State, taking action: Action) -> State? {
        var next = state
        switch action {
        case .increment(let counter): next[counter] += 1
        case .reset(let counter): next[counter] = 0
        }
        return next
    }

    /// `InRange` (always) and `AllAtTop` (sometimes).
    public var properties: [Property<State>] {
        let limit = limit
        return [
            .always("InRange", "every counter stays in 0..<limit") { state in (0..<state.count).allSatisfy { state[$0] < limit } },
            .sometimes("AllAtTop", "all counters at limit − 1 at once") { state in (0..<state.count).allSatisfy { state[$0] == limit - 1 }
            },
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
