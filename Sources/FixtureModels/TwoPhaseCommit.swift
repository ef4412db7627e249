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

        /// The phase with this 2-bit code.
        @inlinable
        init(code: UInt8) {
            switch code {
            case 0: self = .working
            case 1: self = .prepared
            case 2: self = .committed
            default: self = .aborted
            }
        }

        /// The phase's 2-bit code.
        @inlinable
        var code: UInt8 {
            switch self {
            case .working: 0
            case .prepared: 1
            case .committed: 2
            case .aborted: 3
            }
        }
    }

    /// The whole system: managers, transaction manager, and the set of messages sent, packed into
    /// three words (two bits a manager, one bit a manager per set): copying a state allocates nothing.
    public struct State: Hashable, Sendable, Codable, StateEncodable {
        @usableFromInline var phases: UInt64 = 0
        @usableFromInline var preparedAtTMBits: UInt32 = 0
        @usableFromInline var preparedSentBits: UInt32 = 0
        @usableFromInline var flags: UInt8 = 0
        /// The number of resource managers.
        public let count: Int

        /// Everyone working, nothing sent.
        @inlinable
        public init(count: Int) { self.count = count }

        /// Manager `m`'s phase.
        @inlinable
        public func phase(of m: Int) -> ManagerPhase {
            ManagerPhase(code: UInt8(truncatingIfNeeded: phases >> UInt64(2 * m) & 3))
        }

        /// Sets manager `m`'s phase.
        @inlinable
        public mutating func setPhase(_ phase: ManagerPhase, of m: Int) {
            phases = phases & ~(3 << UInt64(2 * m)) | UInt64(phase.code) << UInt64(2 * m)
        }

        /// Whether the TM has received Prepared from manager `m` (`m ∈ tmPrepared`).
        @inlinable
        public func isPreparedAtTM(_ m: Int) -> Bool { preparedAtTMBits >> UInt32(m) & 1 == 1 }
        /// Whether manager `m` has sent Prepared.
        @inlinable
        public func hasSentPrepared(_ m: Int) -> Bool { preparedSentBits >> UInt32(m) & 1 == 1 }
        /// Records that the TM received Prepared from `m`.
        @inlinable
        public mutating func markPreparedAtTM(_ m: Int) { preparedAtTMBits |= 1 << UInt32(m) }
        /// Records that `m` sent Prepared.
        @inlinable
        public mutating func markSentPrepared(_ m: Int) { preparedSentBits |= 1 << UInt32(m) }
        /// Whether some manager is in `phase`.
        @inlinable
        public func contains(_ phase: ManagerPhase) -> Bool {
            for m in 0..<count where self.phase(of: m) == phase { return true }
            return false
        }

        /// Whether every manager's Prepared reached the TM.
        @inlinable
        public var allPreparedAtTM: Bool { preparedAtTMBits == UInt32((1 << UInt64(count)) - 1) }

        @inlinable func flag(_ bit: UInt8) -> Bool { flags & bit != 0 }
        @inlinable mutating func setFlag(_ bit: UInt8, _ on: Bool) { flags = on ? flags | bit : flags & ~bit }

        /// Whether the transaction manager has decided (TwoPhase's `tmState = "done"`).
        @inlinable
        public var decided: Bool {
            get { flag(1) }
            set { setFlag(1, newValue) }
        }
        /// Whether Commit was sent.
        @inlinable
        public var commitSent: Bool {
            get { flag(2) }
            set { setFlag(2, newValue) }
        }
        /// Whether Abort was sent.
        @inlinable
        public var abortSent: Bool {
            get { flag(4) }
            set { setFlag(4, newValue) }
        }

        /// Each resource manager's phase, in order.
        public var managers: [ManagerPhase] {
            get { (0..<count).map(phase(of:)) }
            set { for (m, phase) in newValue.enumerated() { setPhase(phase, of: m) } }
        }
        /// The managers from which the TM has received Prepared (`tmPrepared`), as flags.
        public var preparedAtTM: [Bool] {
            get { (0..<count).map(isPreparedAtTM) }
            set { preparedAtTMBits = Self.bits(newValue) }
        }
        /// The managers that have sent Prepared, as flags.
        public var preparedSent: [Bool] {
            get { (0..<count).map(hasSentPrepared) }
            set { preparedSentBits = Self.bits(newValue) }
        }

        private static func bits(_ flags: [Bool]) -> UInt32 {
            flags.enumerated().reduce(0) { $0 | ($1.element ? 1 << UInt32($1.offset) : 0) }
        }

        /// The phases (two bits a manager), the two sets (a bit a manager), then the three flags.
        @inlinable
        public func encode(into encoder: inout StateEncoder) {
            encoder.append(phases, bits: 2 * count)
            encoder.append(UInt64(preparedAtTMBits), bits: count)
            encoder.append(UInt64(preparedSentBits), bits: count)
            encoder.append(UInt64(flags), bits: 3)
        }

        private enum CodingKeys: String, CodingKey {
            case managers, decided, preparedAtTM, preparedSent, commitSent, abortSent
        }

        /// Decodes the readable form: arrays per manager and the flags.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let managers = try container.decode([ManagerPhase].self, forKey: .managers)
            guard (1...20).contains(managers.count) else {
                throw DecodingError.dataCorruptedError(forKey: .managers, in: container, debugDescription: "1 to 20 managers")
            }
            self.init(count: managers.count)
            self.managers = managers
            let atTM = try container.decode([Bool].self, forKey: .preparedAtTM)
            let sent = try container.decode([Bool].self, forKey: .preparedSent)
            guard atTM.count == count, sent.count == count else {
                throw DecodingError.dataCorruptedError(forKey: .preparedAtTM, in: container, debugDescription: "one flag per manager")
            }
            preparedAtTM = atTM
            preparedSent = sent
            decided = try container.decode(Bool.self, forKey: .decided)
            commitSent = try container.decode(Bool.self, forKey: .commitSent)
            abortSent = try container.decode(Bool.self, forKey: .abortSent)
        }

        /// Encodes the readable form: arrays per manager and the flags.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(managers, forKey: .managers)
            try container.encode(decided, forKey: .decided)
            try container.encode(preparedAtTM, forKey: .preparedAtTM)
            try container.encode(preparedSent, forKey: .preparedSent)
            try container.encode(commitSent, forKey: .commitSent)
            try container.encode(abortSent, forKey: .abortSent)
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
        [State(count: managerCount)]
    }

    /// TM actions first, then each manager's.
    @inlinable
    public func actions(in state: State, into actions: inout [Action]) {
        if !state.decided {
            for m in 0..<managerCount where state.hasSentPrepared(m) && !state.isPreparedAtTM(m) {
                actions.append(.tmReceivePrepared(manager: m))
            }
            if state.allPreparedAtTM { actions.append(.tmCommit) }
            actions.append(.tmAbort)
        }
        for m in 0..<managerCount {
            let phase = state.phase(of: m)
            if phase == .working {
                actions.append(.prepare(manager: m))
                actions.append(.chooseToAbort(manager: m))
            }
            if state.commitSent && phase != .committed { actions.append(.receiveCommit(manager: m)) }
            if state.abortSent && phase != .aborted { actions.append(.receiveAbort(manager: m)) }
        }
    }

    /// Applies the action (TwoPhase's next-state relation).
    @inlinable
    public func successor(of state: State, taking action: Action) -> State? {
        var next = state
        switch action {
        case .tmReceivePrepared(let m): next.markPreparedAtTM(m)
        case .tmCommit:
            next.decided = true
            next.commitSent = true
        case .tmAbort:
            next.decided = true
            next.abortSent = true
        case .prepare(let m):
            next.setPhase(.prepared, of: m)
            next.markSentPrepared(m)
        case .chooseToAbort(let m): next.setPhase(.aborted, of: m)
        case .receiveCommit(let m): next.setPhase(.committed, of: m)
        case .receiveAbort(let m): next.setPhase(.aborted, of: m)
        }
        return next
    }

    /// `Consistent` (no manager commits while another aborts) and `AllCommitted` (sometimes).
    public var properties: [Property<State>] {
        [
            .always("Consistent", "no manager has committed while another has aborted") {
                !($0.contains(.committed) && $0.contains(.aborted))
            },
            .sometimes("AllCommitted", "every manager committed") { state in
                (0..<state.count).allSatisfy { state.phase(of: $0) == .committed }
            },
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
    @inlinable
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
