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

        /// The location's 2-bit code.
        var code: UInt64 {
            switch self {
            case .idle: 0
            case .sawFree: 1
            case .critical: 2
            }
        }
    }

    /// The processes' locations and the lock bit.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        /// Each process's location.
        public var locations: [Location]
        /// Whether the lock is held.
        public var locked: Bool

        /// Two bits per process, one for the lock.
        public func encode(into encoder: inout StateEncoder) {
            for location in locations { encoder.append(location.code, bits: 2) }
            encoder.append(locked)
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
        [State(locations: Array(repeating: .idle, count: processCount), locked: false)]
    }

    /// Each process's enabled step, in process order.
    public func actions(in state: State, into actions: inout [Action]) {
        for p in 0..<processCount {
            switch state.locations[p] {
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
        case .test(let p): next.locations[p] = .sawFree
        case .enter(let p):
            next.locations[p] = .critical
            next.locked = true
        case .leave(let p):
            next.locations[p] = .idle
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
}
