import ModelChecking

/// `n` processes sharing one lock. With `seededBug`, a process tests the lock and sets it in two
/// separate steps (a classic check-then-act race), so two processes can both enter the critical
/// section; without it, test-and-set is atomic and mutual exclusion holds.
///
/// The engine's counterexample fixture: the shortest violation is four steps (two tests, two entries).
public struct LockMutex: TransitionSystem {
    /// Where a process is.
    public enum Location: String, Hashable, Sendable, Codable {
        /// Not competing.
        case idle
        /// Has seen the lock free (buggy variant only).
        case sawFree
        /// In the critical section.
        case critical

        /// The location with this 2-bit code.
        init(code: UInt64) {
            switch code {
            case 0: self = .idle
            case 1: self = .sawFree
            default: self = .critical
            }
        }

        /// The location's 2-bit code.
        var code: UInt64 {
            switch self {
            case .idle: 0
            case .sawFree: 1
            case .critical: 2
            }
        }
    }

    /// The processes' locations (two bits each, packed into one word) and the lock bit.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        private var packed: UInt64 = 0
        /// The number of processes.
        public let count: Int
        /// Whether the lock is held.
        public var locked: Bool

        /// `count` processes, all idle, lock free.
        public init(count: Int) {
            self.count = count
            locked = false
        }

        /// These locations and lock.
        public init(locations: [Location], locked: Bool) {
            self.init(count: locations.count)
            self.locations = locations
            self.locked = locked
        }

        /// Process `p`'s location.
        public func location(of p: Int) -> Location { Location(code: packed >> UInt64(2 * p) & 3) }

        /// Moves process `p`.
        public mutating func setLocation(_ location: Location, of p: Int) {
            packed = packed & ~(3 << UInt64(2 * p)) | location.code << UInt64(2 * p)
        }

        /// Every process's location, in order.
        public var locations: [Location] {
            get { (0..<count).map(location(of:)) }
            set { for (p, location) in newValue.enumerated() { setLocation(location, of: p) } }
        }

        /// Two bits per process, one for the lock.
        public func encode(into encoder: inout StateEncoder) {
            encoder.append(packed, bits: 2 * count)
            encoder.append(locked)
        }

        private enum CodingKeys: String, CodingKey { case locations, locked }

        /// Decodes `{"locations": [...], "locked": …}`.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let locations = try container.decode([Location].self, forKey: .locations)
            guard (1...30).contains(locations.count) else {
                throw DecodingError.dataCorruptedError(forKey: .locations, in: container, debugDescription: "1 to 30 processes")
            }
            self.init(locations: locations, locked: try container.decode(Bool.self, forKey: .locked))
        }

        /// Encodes `{"locations": [...], "locked": …}`.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(locations, forKey: .locations)
            try container.encode(locked, forKey: .locked)
        }
    }

    /// A process step.
    public enum Action: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Read the lock and see it free (buggy variant).
        case test(process: Int)
        /// Enter the critical section (setting the lock).
        case enter(process: Int)
        /// Leave the critical section (clearing the lock).
        case leave(process: Int)

        /// E.g. `enter(1)`.
        public var description: String {
            switch self {
            case .test(let p): "test(\(p))"
            case .enter(let p): "enter(\(p))"
            case .leave(let p): "leave(\(p))"
            }
        }
    }

    /// The number of processes.
    public let processCount: Int
    /// Whether test and set are separate steps.
    public let seededBug: Bool

    /// `processes` processes, with or without the race.
    public init(processes: Int, seededBug: Bool) {
        precondition(processes >= 1 && processes <= 30, "LockMutex: 1...30 processes")
        processCount = processes
        self.seededBug = seededBug
    }

    /// "lock-mutex".
    public var name: String { "lock-mutex" }

    /// All idle, lock free.
    public var initialStates: [State] {
        [State(count: processCount)]
    }

    /// Each process's enabled step, in process order.
    public func actions(in state: State, into actions: inout [Action]) {
        for p in 0..<processCount {
            switch state.location(of: p) {
            case .idle:
                if !state.locked { actions.append(seededBug ? .test(process: p) : .enter(process: p)) }
            case .sawFree: actions.append(.enter(process: p))
            case .critical: actions.append(.leave(process: p))
            }
        }
    }

    /// Applies the step.
    public func successor(of state: State, taking action: Action) -> State? {
        var next = state
        switch action {
        case .test(let p): next.setLocation(.sawFree, of: p)
        case .enter(let p):
            next.setLocation(.critical, of: p)
            next.locked = true
        case .leave(let p):
            next.setLocation(.idle, of: p)
            next.locked = false
        }
        return next
    }

    /// `MutualExclusion` (always) and `SomeoneCritical` (sometimes).
    public var properties: [Property<State>] {
        [
            .always("MutualExclusion", "at most one process is in the critical section") {
                $0.locations.lazy.filter { $0 == .critical }.count <= 1
            },
            .sometimes("SomeoneCritical", "some process reaches the critical section") {
                $0.locations.contains(.critical)
            },
        ]
    }

    /// Processes are interchangeable: sort the locations.
    public func canonicalRepresentative(of state: State) -> State {
        State(locations: state.locations.sorted { $0.code < $1.code }, locked: state.locked)
    }

    /// "test", "enter", "leave".
    public var actionKindNames: [String] { ["test", "enter", "leave"] }

    /// The index of the action's kind.
    public func actionKind(of action: Action) -> Int {
        switch action {
        case .test: 0
        case .enter: 1
        case .leave: 2
        }
    }

    /// Without the seeded bug there is no separate test step: test-and-set is one `enter`.
    public func whyNeverEnabled(actionKind kind: Int) -> String? {
        kind == 0 && !seededBug ? "seeded_bug = false: test and set are one atomic enter step" : nil
    }
}
