import MessagePassing

/// The rules of Bracha's reliable broadcast as guarded handlers (Bracha 1987, Fig. 1; tutorial,
/// "Variations on consensus: Byzantine Broadcast (Generals)"). Each returns the replica's next state
/// and what it sends, or why it does not apply.
extension ReliableBroadcast: ReplicaProtocol {
    /// The rules, in coverage order.
    public enum Rule: String, CaseIterable, Hashable, Sendable {
        /// Step 0: the sender multicasts INITIAL(v).
        case broadcast
        /// Step 1: on INITIAL(v) from the sender, multicast ECHO(v).
        case echo
        /// Step 2: on ⌈(n + f + 1)/2⌉ ECHO(v), multicast READY(v).
        case readyOnEchoes
        /// Step 2: on f + 1 READY(v), multicast READY(v) (amplification).
        case readyOnReadies
        /// Step 3: on 2f + 1 READY(v), deliver v.
        case deliver
    }

    /// The stimuli besides the receipt of INITIAL: the sender's client request, and the quorum
    /// steps, which read the inbox.
    public enum Input: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The sender is asked to broadcast `value`.
        case broadcast(BroadcastValue)
        /// Act on an echo quorum for `value`.
        case readyOnEchoes(BroadcastValue)
        /// Act on f + 1 READYs for `value`.
        case readyOnReadies(BroadcastValue)
        /// Act on a delivery quorum of READYs for `value`.
        case deliver(BroadcastValue)

        /// E.g. `deliver(a)`.
        public var description: String {
            switch self {
            case .broadcast(let value): "broadcast(\(value))"
            case .readyOnEchoes(let value): "readyOnEchoes(\(value))"
            case .readyOnReadies(let value): "readyOnReadies(\(value))"
            case .deliver(let value): "deliver(\(value))"
            }
        }
    }

    /// Why a rule does not apply.
    public enum Refusal: Hashable, Sendable, CustomStringConvertible {
        /// Only the designated sender broadcasts.
        case notTheSender
        /// The sender broadcasts once.
        case alreadyBroadcast(BroadcastValue)
        /// An INITIAL counts only from the designated sender.
        case initialNotFromSender(ReplicaID)
        /// A replica echoes once.
        case alreadyEchoed(BroadcastValue)
        /// A replica sends READY once.
        case alreadyReady(BroadcastValue)
        /// A replica delivers once.
        case alreadyDelivered(BroadcastValue)
        /// Fewer matching ECHOs than the echo quorum.
        case tooFewEchoes(BroadcastValue, have: Int, need: Int)
        /// Fewer matching READYs than the rule needs.
        case tooFewReadies(BroadcastValue, have: Int, need: Int)

        /// E.g. `2 of 3 ECHO(a)`.
        public var description: String {
            switch self {
            case .notTheSender: "not the sender"
            case .alreadyBroadcast(let value): "already broadcast \(value)"
            case .initialNotFromSender(let sender): "INITIAL from \(sender), not the sender"
            case .alreadyEchoed(let value): "already echoed \(value)"
            case .alreadyReady(let value): "already sent READY(\(value))"
            case .alreadyDelivered(let value): "already delivered \(value)"
            case .tooFewEchoes(let value, let have, let need): "\(have) of \(need) ECHO(\(value))"
            case .tooFewReadies(let value, let have, let need): "\(have) of \(need) READY(\(value))"
            }
        }
    }

    /// The places in the rules where `bftcheck mutate` applies its operators: every guard, every
    /// threshold and every state update of Bracha's steps (Bracha 1987, Fig. 1).
    public enum MutationPoint: String, MutationSite {
        /// Step 0: only the designated sender broadcasts.
        case broadcastSender = "broadcast.sender"
        /// Step 0: the sender broadcasts once.
        case broadcastOnce = "broadcast.once"
        /// Step 0: the sender records its broadcast.
        case broadcastRecord = "broadcast.record"
        /// Step 1: INITIAL counts only from the designated sender.
        case echoFromSender = "echo.fromSender"
        /// Step 1: a replica echoes once.
        case echoOnce = "echo.once"
        /// Step 1: the replica records its echo.
        case echoRecord = "echo.record"
        /// Step 2: a replica sends READY once (on echoes).
        case readyOnEchoesOnce = "readyOnEchoes.once"
        /// Step 2: ⌈(n + f + 1)/2⌉ matching ECHOs.
        case readyOnEchoesQuorum = "readyOnEchoes.quorum"
        /// Step 2: the replica records its READY (on echoes).
        case readyOnEchoesRecord = "readyOnEchoes.record"
        /// Step 2: a replica sends READY once (on readies).
        case readyOnReadiesOnce = "readyOnReadies.once"
        /// Step 2: f + 1 matching READYs.
        case readyOnReadiesQuorum = "readyOnReadies.quorum"
        /// Step 2: the replica records its READY (on readies).
        case readyOnReadiesRecord = "readyOnReadies.record"
        /// Step 3: a replica delivers once.
        case deliverOnce = "deliver.once"
        /// Step 3: 2f + 1 matching READYs.
        case deliverQuorum = "deliver.quorum"
        /// Step 3: the replica records the delivery.
        case deliverRecord = "deliver.record"

        /// Thresholds, updates and guards, by the part they name.
        public var kind: MutationSiteKind {
            switch self {
            case .readyOnEchoesQuorum, .readyOnReadiesQuorum, .deliverQuorum: .threshold
            case .broadcastRecord, .echoRecord, .readyOnEchoesRecord, .readyOnReadiesRecord, .deliverRecord: .update
            default: .guard
            }
        }
    }

    /// The replica before the broadcast.
    public func initialReplica(_ replica: ReplicaID) -> BroadcastReplica { BroadcastReplica() }

    /// The sender's broadcast requests, then for every value the quorum steps.
    public func inputs(at replica: ReplicaID, in state: BroadcastReplica, into inputs: inout [Input]) {
        if replica == sender {
            for value in values { inputs.append(.broadcast(value)) }
        }
        for value in values {
            inputs.append(.readyOnEchoes(value))
            inputs.append(.readyOnReadies(value))
            inputs.append(.deliver(value))
        }
    }

    /// The sender's request and the quorum steps.
    public func on(_ input: Input, at replica: ReplicaID, in state: BroadcastReplica, inbox: Inbox<Self>) -> Reaction<Self> {
        switch input {
        case .broadcast(let value):
            guard mutation.holds(.broadcastSender, replica == sender) else { return .refused(.notTheSender) }
            if let earlier = state.broadcast, !mutation.drops(.broadcastOnce) { return .refused(.alreadyBroadcast(earlier)) }
            var next = state
            if mutation.updates(.broadcastRecord) { next.broadcast = value }
            return .fire(next, sending: BroadcastMessage(.initial, value))
        case .readyOnEchoes(let value):
            if let earlier = state.readied, !mutation.drops(.readyOnEchoesOnce) { return .refused(.alreadyReady(earlier)) }
            let have = inbox.support(of: BroadcastMessage(.echo, value))
            let need = mutation.threshold(.readyOnEchoesQuorum, echoQuorum)
            guard have >= need else { return .refused(.tooFewEchoes(value, have: have, need: need)) }
            var next = state
            if mutation.updates(.readyOnEchoesRecord) { next.readied = value }
            return .fire(next, sending: BroadcastMessage(.ready, value), quorum: Quorum(BroadcastMessage(.echo, value), count: need))
        case .readyOnReadies(let value):
            return readyOnReadies(value, in: state, inbox: inbox, threshold: mutation.threshold(.readyOnReadiesQuorum, amplification))
        case .deliver(let value):
            if let earlier = state.delivered.first(where: { _ in true }), !mutation.drops(.deliverOnce) {
                return .refused(.alreadyDelivered(earlier))
            }
            let have = inbox.support(of: BroadcastMessage(.ready, value))
            let need = mutation.threshold(.deliverQuorum, deliveryQuorum)
            guard have >= need else { return .refused(.tooFewReadies(value, have: have, need: need)) }
            var next = state
            if mutation.updates(.deliverRecord) { next.delivered.insert(value) }
            return .fire(next, quorum: Quorum(BroadcastMessage(.ready, value), count: need))
        }
    }

    /// Amplification: on `threshold` matching READY(v), a replica not yet ready sends READY(v).
    func readyOnReadies(_ value: BroadcastValue, in state: BroadcastReplica, inbox: Inbox<Self>, threshold: Int) -> Reaction<Self> {
        if let earlier = state.readied, !mutation.drops(.readyOnReadiesOnce) { return .refused(.alreadyReady(earlier)) }
        let have = inbox.support(of: BroadcastMessage(.ready, value))
        guard have >= threshold else { return .refused(.tooFewReadies(value, have: have, need: threshold)) }
        var next = state
        if mutation.updates(.readyOnReadiesRecord) { next.readied = value }
        return .fire(next, sending: BroadcastMessage(.ready, value), quorum: Quorum(BroadcastMessage(.ready, value), count: threshold))
    }

    /// Receipt of INITIAL from the sender: echo it, once.
    public func on(
        _ message: BroadcastMessage, from sender: ReplicaID, at replica: ReplicaID, in state: BroadcastReplica, inbox: Inbox<Self>
    ) -> Reaction<Self> {
        guard mutation.holds(.echoFromSender, sender == self.sender) else { return .refused(.initialNotFromSender(sender)) }
        if let earlier = state.echoed, !mutation.drops(.echoOnce) { return .refused(.alreadyEchoed(earlier)) }
        var next = state
        if mutation.updates(.echoRecord) { next.echoed = message.value }
        return .fire(next, sending: BroadcastMessage(.echo, message.value))
    }

    /// Each input's rule.
    public func rule(of input: Input) -> Rule {
        switch input {
        case .broadcast: .broadcast
        case .readyOnEchoes: .readyOnEchoes
        case .readyOnReadies: .readyOnReadies
        case .deliver: .deliver
        }
    }

    /// INITIAL is received one at a time (rule `echo`); ECHO and READY are only read as quorums.
    public func rule(of message: BroadcastMessage) -> Rule? { message.kind == .initial ? .echo : nil }

    /// The sender's broadcast is a client request; the rest are local quorum steps.
    public func inputKind(of input: Input) -> InputKind {
        if case .broadcast = input { .request } else { .local }
    }

    /// `broadcast` needs a correct sender: a Byzantine sender's INITIALs are the adversary's
    /// vocabulary, and a crashed one sends nothing.
    public func whyNeverEnabled(_ rule: Rule) -> String? {
        guard rule == .broadcast, !faults.isCorrect(sender) else { return nil }
        return faults.isByzantine(sender)
            ? "the sender \(sender) is Byzantine: its INITIALs come from the adversary, not from broadcast steps"
            : "the sender \(sender) crashed"
    }

    /// What a Byzantine replica can send under its own identity: ECHO(v) and READY(v) for every
    /// value, and INITIAL(v) too when it is the sender. An INITIAL from another replica is not
    /// well-formed (only the designated sender's counts), so it is not in the vocabulary — unless a
    /// mutant drops the guard that refuses it (`echo.fromSender`).
    public func vocabulary(of sender: ReplicaID) -> [BroadcastMessage] {
        let anyInitial = sender == self.sender || mutation.drops(.echoFromSender)
        let kinds: [BroadcastMessage.Kind] = anyInitial ? [.initial, .echo, .ready] : [.echo, .ready]
        return kinds.flatMap { kind in values.map { BroadcastMessage(kind, $0) } }
    }
}

extension ReliableBroadcast {
    /// A variant of the protocol: exactly one rule replaced (see `ProtocolVariant`).
    public enum Variant: String, CaseIterable, ProtocolVariant {
        /// The protocol as specified.
        case asSpecified = "none"
        /// Amplification on f READYs instead of f + 1: one Byzantine READY is enough to make correct
        /// replicas ready for a value no correct replica echoed.
        case amplifyOnF = "amplify_on_f"

        /// One line on what the variant changes.
        public var summary: String {
            switch self {
            case .asSpecified: "the protocol as specified"
            case .amplifyOnF: "READY amplification on f READYs instead of f + 1"
            }
        }

        /// The raw value.
        public var description: String { rawValue }

        /// `readyOnReadies` for `amplifyOnF`.
        public var replacedRule: Rule? {
            switch self {
            case .asSpecified: nil
            case .amplifyOnF: .readyOnReadies
            }
        }

        /// Amplification with threshold f.
        public func on(
            _ input: Input, at replica: ReplicaID, in state: BroadcastReplica, inbox: Inbox<ReliableBroadcast>, base: ReliableBroadcast
        )
            -> Reaction<ReliableBroadcast>
        {
            guard case .readyOnReadies(let value) = input else { return base.on(input, at: replica, in: state, inbox: inbox) }
            return base.readyOnReadies(value, in: state, inbox: inbox, threshold: base.faultThreshold)
        }
    }
}
