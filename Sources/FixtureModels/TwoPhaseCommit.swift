import ModelChecking

/// Lamport's TwoPhase spec (the TLA+ example): a transaction manager and `k` resource managers that
/// prepare, commit or abort. 288 states for 3 managers, 1,568 for 4, 8,832 for 5 (665 up to symmetry),
/// the counts TLC and Stateright report.
public struct TwoPhaseCommit: TransitionSystem {
    /// A resource manager's state.
    public enum ManagerPhase: String, Hashable, Sendable, Codable, CaseIterable {
        /// Still working on the transaction.
        case working
        /// Prepared to commit.
        case prepared
        /// Committed.
        case committed
        /// Aborted.
        case aborted

        /// The phase's 2-bit code.
        var code: UInt8 {
            switch self {
            case .working: 0
            case .prepared: 1
            case .committed: 2
            case .aborted: 3
            }
        }
    }

    /// The whole system: managers, transaction manager, and the set of messages sent.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        /// Each resource manager's phase.
        public var managers: [ManagerPhase]
        /// Whether the transaction manager has decided (TwoPhase's `tmState = "done"`).
        public var decided: Bool
        /// The managers from which the transaction manager has received Prepared (`tmPrepared`).
        public var preparedAtTM: [Bool]
        /// The managers that have sent Prepared.
        public var preparedSent: [Bool]
        /// Whether Commit was sent.
        public var commitSent: Bool
        /// Whether Abort was sent.
        public var abortSent: Bool

        /// Two bits per manager, then one bit for each flag.
        public func encode(into encoder: inout StateEncoder) {
            for manager in managers.indices {
                encoder.append(UInt64(managers[manager].code), bits: 2)
                encoder.append(preparedAtTM[manager])
                encoder.append(preparedSent[manager])
            }
            encoder.append(decided)
            encoder.append(commitSent)
            encoder.append(abortSent)
        }
    }

    /// TwoPhase's actions.
    public enum Action: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The TM receives Prepared from a manager.
        case tmReceivePrepared(manager: Int)
        /// The TM commits (every manager prepared).
        case tmCommit
        /// The TM aborts.
        case tmAbort
        /// A manager prepares and sends Prepared.
        case prepare(manager: Int)
        /// A manager chooses to abort.
        case chooseToAbort(manager: Int)
        /// A manager receives Commit.
        case receiveCommit(manager: Int)
        /// A manager receives Abort.
        case receiveAbort(manager: Int)

        /// E.g. `prepare(2)`.
        public var description: String {
            switch self {
            case .tmReceivePrepared(let m): "tmReceivePrepared(\(m))"
            case .tmCommit: "tmCommit"
            case .tmAbort: "tmAbort"
            case .prepare(let m): "prepare(\(m))"
            case .chooseToAbort(let m): "chooseToAbort(\(m))"
            case .receiveCommit(let m): "receiveCommit(\(m))"
            case .receiveAbort(let m): "receiveAbort(\(m))"
            }
        }
    }

    /// The number of resource managers.
    public let managerCount: Int

    /// TwoPhase with `managers` resource managers.
    public init(managers: Int) {
        precondition(managers >= 1 && managers <= 20, "TwoPhaseCommit: 1...20 managers")
        managerCount = managers
    }

    /// "two-phase-commit".
    public var name: String { "two-phase-commit" }

    /// Everyone working, nothing sent.
    public var initialStates: [State] {
        let none = Array(repeating: false, count: managerCount)
        return [
            State(
                managers: Array(repeating: .working, count: managerCount), decided: false, preparedAtTM: none,
                preparedSent: none, commitSent: false, abortSent: false)
        ]
    }

    /// TM actions first, then each manager's.
    public func actions(in state: State, into actions: inout [Action]) {
        if !state.decided {
            for m in 0..<managerCount where state.preparedSent[m] && !state.preparedAtTM[m] {
                actions.append(.tmReceivePrepared(manager: m))
            }
            if state.preparedAtTM.allSatisfy({ $0 }) { actions.append(.tmCommit) }
            actions.append(.tmAbort)
        }
        for m in 0..<managerCount {
            if state.managers[m] == .working {
                actions.append(.prepare(manager: m))
                actions.append(.chooseToAbort(manager: m))
            }
            if state.commitSent && state.managers[m] != .committed { actions.append(.receiveCommit(manager: m)) }
            if state.abortSent && state.managers[m] != .aborted { actions.append(.receiveAbort(manager: m)) }
        }
    }

    /// Applies the action (TwoPhase's next-state relation).
    public func successor(of state: State, taking action: Action) -> State? {
        var next = state
        switch action {
        case .tmReceivePrepared(let m): next.preparedAtTM[m] = true
        case .tmCommit:
            next.decided = true
            next.commitSent = true
        case .tmAbort:
            next.decided = true
            next.abortSent = true
        case .prepare(let m):
            next.managers[m] = .prepared
            next.preparedSent[m] = true
        case .chooseToAbort(let m): next.managers[m] = .aborted
        case .receiveCommit(let m): next.managers[m] = .committed
        case .receiveAbort(let m): next.managers[m] = .aborted
        }
        return next
    }

    /// `Consistent` (no manager commits while another aborts) and `AllCommitted` (sometimes).
    public var properties: [Property<State>] {
        [
            .always("Consistent", "no manager has committed while another has aborted") {
                !($0.managers.contains(.committed) && $0.managers.contains(.aborted))
            },
            .sometimes("AllCommitted", "every manager committed") { $0.managers.allSatisfy { $0 == .committed } },
        ]
    }

    /// Managers are interchangeable: sort their (phase, prepared at TM, Prepared sent) triples.
    public func canonicalRepresentative(of state: State) -> State {
        let triples = (0..<managerCount).map { (state.managers[$0], state.preparedAtTM[$0], state.preparedSent[$0]) }
            .sorted { ($0.0.code, $0.1 ? 1 : 0, $0.2 ? 1 : 0) < ($1.0.code, $1.1 ? 1 : 0, $1.2 ? 1 : 0) }
        var canonical = state
        canonical.managers = triples.map(\.0)
        canonical.preparedAtTM = triples.map(\.1)
        canonical.preparedSent = triples.map(\.2)
        return canonical
    }

    /// The kinds of action, for coverage.
    public var actionKindNames: [String] {
        ["tmReceivePrepared", "tmCommit", "tmAbort", "prepare", "chooseToAbort", "receiveCommit", "receiveAbort"]
    }

    /// The index of the action's kind.
    public func actionKind(of action: Action) -> Int {
        switch action {
        case .tmReceivePrepared: 0
        case .tmCommit: 1
        case .tmAbort: 2
        case .prepare: 3
        case .chooseToAbort: 4
        case .receiveCommit: 5
        case .receiveAbort: 6
        }
    }
}
