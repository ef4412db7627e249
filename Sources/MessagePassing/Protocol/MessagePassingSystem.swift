import ModelChecking

/// A `ReplicaProtocol` as a checkable transition system: the layer every message-passing spec
/// shares, written once (Stateright's `ActorModel` over `Model`).
///
/// It owns:
/// - **the network**: the sorted set of messages correct replicas have sent, never removed, so it is
///   unordered, lossy and duplicating; each replica receives what is addressed to it
///   (`recipients(of:from:)`: a multicast, or point to point), one message at a time or as a quorum
///   read from its `Inbox`;
/// - **faults**: crashed participants never act; Byzantine ones are the protocol's vocabulary of
///   well-formed messages under their own identities, available to every receiver at every step —
///   equivocation and silence included, forgery excluded — so the adversary adds no steps and no
///   state (tutorial, "Primary failure versus malicious replicas"; Castro & Liskov §2);
/// - **steps**: for each correct replica in ascending order, the inputs the protocol lists, then the
///   receipt of each message on the network, then of each vocabulary message — every stimulus whose
///   handler fires is an action; `successor(of:taking:)` re-runs the handler;
/// - **variants**: the stimuli of the variant's replaced rule go to the variant's handler;
/// - **the derived encoding and the state constraint**: from the protocol's field declarations, with
///   widths checked when the system is built (`LayoutError`);
/// - **symmetry** over interchangeable replicas and data values, **coverage** by rule, **charts**
///   (Mermaid sequence diagrams) and **diagnostics** read off the handlers' refusals.
///
/// Participants may form several clusters of different sizes and fault bounds, or include learners
/// outside any cluster: `faults` covers them all, and a protocol's rules and quorums name the
/// subsets they count (`Inbox.support(of:among:)`).
public struct MessagePassingSystem<P: ReplicaProtocol>: TransitionSystem, Sendable {
    /// A global state.
    public typealias State = MessagePassingState<P>
    /// A step.
    public typealias Action = ProtocolStep<P>

    /// The protocol.
    public let spec: P
    /// The derived layout of a replica's state.
    public let replicaLayout: FieldLayout
    /// The derived layout of a message.
    public let messageLayout: FieldLayout
    @usableFromInline let context: ProtocolContext<P>
    /// The groups of interchangeable replicas' numbers, each ascending and of two or more, when
    /// symmetry may permute replicas.
    @usableFromInline let interchangeable: [[Int]]
    /// The value permutations symmetry may apply (1: the identity only).
    @usableFromInline let valuePermutations: Int
    /// `interchangeable` as positions among the correct replicas (`ProtocolContext.correct`).
    @usableFromInline let interchangeablePositions: [[Int]]

    /// The system of `spec`.
    ///
    /// - Parameters:
    ///   - spec: the protocol, with its configuration.
    ///   - reducingReplicas: whether symmetry reduction may permute the replicas of each of
    ///     `spec.interchangeableGroups`.
    ///   - reducingValues: whether symmetry reduction may permute data values.
    /// - Throws: `LayoutError` when a declared range does not fit its field's type, or the initial
    ///   state or a vocabulary message lies outside the declared ranges.
    public init(_ spec: P, reducingReplicas: Bool = true, reducingValues: Bool = true) throws(LayoutError) {
        self.spec = spec
        // The widths first: building the vocabulary may create values the bounds cannot hold.
        var layout = FieldLayout()
        var row = spec.initialReplica(spec.faults.correct.first(where: { _ in true }) ?? ReplicaID(0))
        spec.visitFields(of: &row, with: &layout)
        if let problem = layout.problem { throw problem }
        replicaLayout = layout
        layout = FieldLayout()
        var template = spec.messageTemplate
        spec.visitFields(of: &template, with: &layout)
        if let problem = layout.problem { throw LayoutError(field: "message.\(problem.field)", problem: problem.problem) }
        messageLayout = layout
        valuePermutations = reducingValues ? max(1, spec.valuePermutationCount) : 1
        context = ProtocolContext(spec, messageBits: layout.bits, permutations: valuePermutations)
        for (position, sender) in context.byzantine.enumerated() {
            for message in context.vocabularies[position] {
                var check = FieldRangeCheck()
                var copy = message
                spec.visitFields(of: &copy, with: &check)
                if let violation = check.firstViolation {
                    throw LayoutError(
                        field: "message", problem: "\(message) in the vocabulary of \(sender) is outside the declared ranges (\(violation))"
                    )
                }
            }
        }
        // An initial state outside the bounds would silently explore nothing.
        let initial = State(replicas: spec.faults.all.map(spec.initialReplica), sent: [], context: context)
        if let field = Self.firstFieldOutOfBounds(in: initial, spec: spec, correct: context.correct) {
            throw LayoutError(field: field, problem: "the initial state is outside the declared ranges")
        }
        var covered = ReplicaSet()
        var groups: [[Int]] = []
        for declared in spec.interchangeableGroups {
            precondition(declared.intersection(covered).isEmpty, "\(spec.name): interchangeable groups must be disjoint")
            covered = covered.union(declared)
            let group = declared.intersection(spec.faults.correct)
            if reducingReplicas && group.count > 1 { groups.append(group.map(\.index)) }
        }
        interchangeable = groups
        let correct = spec.faults.correct.map(\.index)
        interchangeablePositions = groups.map { group in group.map { correct.firstIndex(of: $0)! } }
    }

    /// The system of `spec` for judging traces (a trace validator's): the handlers, the network
    /// and the inbox, without a derived encoding — a judging spec's ranges are unbounded and its
    /// states are never packed — and without symmetry.
    ///
    /// - Precondition: `spec`'s fault model has no Byzantine participant (a validator judges
    ///   Byzantine messages itself, one by one).
    public init(judging spec: P) {
        precondition(spec.faults.byzantine.isEmpty, "\(spec.name): a judging spec's participants are correct or crashed")
        self.spec = spec
        replicaLayout = FieldLayout()
        messageLayout = FieldLayout()
        context = ProtocolContext(spec, messageBits: nil, permutations: 1)
        interchangeable = []
        interchangeablePositions = []
        valuePermutations = 1
    }

    /// The protocol's name.
    public var name: String { spec.name }

    /// Every participant in its initial state; nothing sent.
    public var initialStates: [State] {
        var initial = State(replicas: spec.faults.all.map(spec.initialReplica), sent: [], context: context)
        // A bounded system checked the initial state when it was built; a judging one has no bounds.
        initial.knownWithinBounds = !replicaLayout.fields.isEmpty
        initial.hasCodes = context.codesMessages
        return [initial]
    }

    /// The protocol's properties.
    @inlinable
    public var properties: [Property<State>] { spec.properties }

    /// The rules' names, for coverage.
    public var actionKindNames: [String] { context.rules.map(\.rawValue) }

    /// The index of `action`'s rule.
    @inlinable
    public func actionKind(of action: Action) -> Int {
        // A handful of rules: a scan beats hashing.
        let rule = rule(of: action)
        return context.rules.firstIndex(of: rule)!
    }

    /// Why the configuration rules out every step of the rule with index `kind`: the protocol's
    /// `whyNeverEnabled(_:)`.
    public func whyNeverEnabled(actionKind kind: Int) -> String? { spec.whyNeverEnabled(context.rules[kind]) }

    /// The rule `action` belongs to.
    @inlinable
    public func rule(of action: Action) -> P.Rule {
        switch action {
        case .receive(_, let message, _):
            // Receipts of messages without a rule are never actions.
            spec.rule(of: message)!
        case .input(_, let input): spec.rule(of: input)
        }
    }

    /// What `replica` can receive in `state`.
    @inlinable
    public func inbox(of replica: ReplicaID, in state: State) -> Inbox<P> {
        Inbox(context: context, state: state, receiver: replica)
    }

    // MARK: Steps

    /// The enabled steps: for each correct replica in ascending order, its inputs in the protocol's
    /// order, then receipts of messages on the network (by sender, then message), then receipts of
    /// Byzantine vocabulary messages (by sender, in vocabulary order).
    ///
    /// A receipt is left out when the same replica's receipt of the same message from an earlier
    /// sender has the same effect: the sender of a received message is not part of the state, so
    /// both lead to one successor (e.g. a CHECKPOINT that several replicas sent, read as a quorum).
    /// The reachable states, their depths and the shortest counterexamples are unchanged; only
    /// the duplicate edges go.
    @inlinable
    public func actions(in state: State, into actions: inout [Action]) {
        forEachFiredStep(in: state) { step, _ in actions.append(step) }
    }

    /// Calls `visitor` with every step of `actions(in:into:)`, its position in that list and its
    /// successor: the effect the handler returned while the steps were listed is applied at once,
    /// so the checker runs each handler once per state rather than again for the successor.
    @inlinable
    public func forEachSuccessor<Visitor: SuccessorVisitor<State, Action>>(
        of state: State, scratch: inout [Action], into visitor: inout Visitor
    ) {
        var ordinal = 0
        forEachFiredStep(in: state) { step, effect in
            visitor.visit(ordinal: ordinal, action: step, successor: applying(effect, of: step.replica, to: state))
            ordinal += 1
        }
    }

    /// Calls `body` with every step of `actions(in:into:)`, in order, and the effect of its handler.
    @inlinable
    func forEachFiredStep(in state: State, _ body: (Action, Effect<P>) -> Void) {
        var inputs: [P.Input] = []
        // The receipts fired so far at one replica.
        var fired: [(replica: ReplicaID, message: P.Message, effect: Effect<P>)] = []
        forEachStimulus(in: state, inputs: &inputs) { step, reaction in
            guard case .fires(let effect) = reaction else { return }
            if case .receive(let replica, let message, _) = step {
                if let first = fired.first, first.replica != replica { fired.removeAll(keepingCapacity: true) }
                let repeated = fired.contains {
                    $0.message == message && $0.effect.next == effect.next && $0.effect.sends.elementsEqual(effect.sends)
                }
                if repeated { return }
                fired.append((replica, message, effect))
            }
            body(step, effect)
        }
    }

    /// Calls `body` with every stimulus tried in `state` and its handler's reaction, in the order of
    /// `actions(in:into:)`.
    @inlinable
    func forEachStimulus(in state: State, inputs: inout [P.Input], _ body: (Action, Reaction<P>) -> Void) {
        let memo = NetworkMemo()
        for replica in context.correct {
            let row = state.replicas[replica.index]
            let inbox = Inbox(context: context, state: state, receiver: replica, memo: memo)
            inputs.removeAll(keepingCapacity: true)
            spec.inputs(at: replica, in: row, inbox: inbox, into: &inputs)
            for input in inputs {
                body(.input(replica: replica, input: input), react(to: input, at: replica, in: row, inbox: inbox))
            }
            for envelope in state.sent
            where spec.rule(of: envelope.message) != nil && context.isAddressed(envelope.message, from: envelope.from, to: replica) {
                let reaction = react(to: envelope.message, from: envelope.from, at: replica, in: row, inbox: inbox)
                body(.receive(replica: replica, message: envelope.message, from: envelope.from), reaction)
            }
            for (sender, message, holder) in context.receivableVocabulary[replica.index]
            where spec.isAvailable(message, fromByzantine: sender, inbox: inbox) {
                let reaction = react(to: message, from: sender, at: replica, in: row, inbox: inbox.delivering(holder: holder))
                body(.receive(replica: replica, message: message, from: sender), reaction)
            }
        }
    }

    /// The handler's reaction to `action` in `state`, or `nil` when the action is no stimulus there
    /// (the replica is not correct, or the message cannot be received).
    @inlinable
    public func reaction(to action: Action, in state: State) -> Reaction<P>? {
        let replica = action.replica
        guard context.correctSet.contains(replica) else { return nil }
        return reaction(
            to: action, at: replica, row: state.replicas[replica.index],
            inbox: Inbox(context: context, state: state, receiver: replica))
    }

    /// The handler's reaction to `action` at a replica whose row is `row` and which reads
    /// `receipts` (a trace validator's view of what it received, blocked by
    /// `ReplicaProtocol.messageBlock(of:)`), or `nil` when the action is no stimulus there: what
    /// `reaction(to:in:)` answers in a state with that row and that network, without building one.
    @inlinable
    public func reaction(to action: Action, row: P.Replica, receipts: EnvelopeBlocks<P.Message>) -> Reaction<P>? {
        let replica = action.replica
        guard context.correctSet.contains(replica) else { return nil }
        return reaction(to: action, at: replica, row: row, inbox: Inbox(context: context, receipts: receipts, receiver: replica))
    }

    /// The reaction of correct `replica`, whose row is `row` and which reads `inbox`, to `action`,
    /// or `nil` when the message cannot be received (both forms of `reaction(to:…)`).
    @inlinable @inline(__always)
    func reaction(to action: Action, at replica: ReplicaID, row: P.Replica, inbox: Inbox<P>) -> Reaction<P>? {
        switch action {
        case .input(_, let input):
            return react(to: input, at: replica, in: row, inbox: inbox)
        case .receive(_, let message, let sender):
            guard spec.rule(of: message) != nil, inbox.canReceive(message, from: sender) else { return nil }
            return react(to: message, from: sender, at: replica, in: row, inbox: inbox)
        }
    }

    /// What `replica` can receive from `receipts` (see `reaction(to:row:receipts:)`).
    @inlinable
    public func inbox(of replica: ReplicaID, receipts: EnvelopeBlocks<P.Message>) -> Inbox<P> {
        Inbox(context: context, receipts: receipts, receiver: replica)
    }

    /// No envelopes, blocked as the protocol's messages are (`ReplicaProtocol.messageBlock(of:)`).
    @inlinable
    public func emptyReceipts() -> EnvelopeBlocks<P.Message> { EnvelopeBlocks(blockCount: spec.messageBlockCount) }

    /// The state after `action`, or `nil` when its handler does not fire.
    @inlinable
    public func successor(of state: State, taking action: Action) -> State? {
        guard case .fires(let effect) = reaction(to: action, in: state) else { return nil }
        return applying(effect, of: action.replica, to: state)
    }

    /// `state` after `replica`'s handler returned `effect`: its new row, and its sends on the
    /// network.
    @inlinable
    func applying(_ effect: Effect<P>, of replica: ReplicaID, to state: State) -> State {
        var next = state
        next.replicas[replica.index] = effect.next
        // Only the changed row and the sent messages can leave the declared ranges; a message
        // within them is coded once, here (a message must be checked before it is coded).
        var check = FieldRangeCheck()
        if state.knownWithinBounds {
            var row = effect.next
            spec.visitFields(of: &row, with: &check)
        }
        let coding = context.codesMessages && state.context === context && effect.sends.first != nil
        var scratch = StateEncoder(capacity: coding ? context.codeWords : 0)
        var messageCodes: [UInt64] = []
        for message in effect.sends {
            var messageCheck = FieldRangeCheck()
            if coding || state.knownWithinBounds {
                var copy = message
                spec.visitFields(of: &copy, with: &messageCheck)
            }
            if !messageCheck.isWithinBounds { check = messageCheck }
            guard coding && messageCheck.isWithinBounds else {
                next.record(message, from: replica, codes: nil)
                continue
            }
            messageCodes.removeAll(keepingCapacity: true)
            context.appendCodes(of: message, to: &messageCodes, scratch: &scratch)
            next.record(message, from: replica, codes: messageCodes[...])
        }
        if state.knownWithinBounds { next.knownWithinBounds = check.isWithinBounds }
        return next
    }

    /// The handler of `input`: the variant's when it replaces the input's rule, else the protocol's.
    @inlinable @inline(__always)
    func react(to input: P.Input, at replica: ReplicaID, in row: P.Replica, inbox: Inbox<P>) -> Reaction<P> {
        if let replaced = spec.variant.replacedRule, replaced == spec.rule(of: input) {
            return spec.variant.on(input, at: replica, in: row, inbox: inbox, base: spec)
        }
        return spec.on(input, at: replica, in: row, inbox: inbox)
    }

    /// The handler of a receipt: the variant's when it replaces the message's rule, else the
    /// protocol's.
    @inlinable @inline(__always)
    func react(to message: P.Message, from sender: ReplicaID, at replica: ReplicaID, in row: P.Replica, inbox: Inbox<P>) -> Reaction<P> {
        if let replaced = spec.variant.replacedRule, replaced == spec.rule(of: message) {
            return spec.variant.on(message, from: sender, at: replica, in: row, inbox: inbox, base: spec)
        }
        return spec.on(message, from: sender, at: replica, in: row, inbox: inbox)
    }

    // MARK: Bounds

    /// The state constraint: every correct replica's fields and every sent message's fields lie in
    /// their declared ranges, and the protocol's own constraint holds. States outside are neither
    /// stored nor expanded, so the derived encoding never meets a value it cannot hold.
    @inlinable
    public func isWithinBounds(_ state: State) -> Bool {
        (state.knownWithinBounds || outOfBoundsField(in: state) == nil) && spec.isWithinBounds(state)
    }

    /// The first field of `state` outside its declared range, as `r1.echoed: code 3 outside 0...1`.
    @inlinable
    public func outOfBoundsField(in state: State) -> String? {
        Self.firstFieldOutOfBounds(in: state, spec: spec, correct: context.correct)
    }

    /// The first field of `state` outside its declared range.
    @inlinable
    static func firstFieldOutOfBounds(in state: State, spec: P, correct: [ReplicaID]) -> String? {
        var check = FieldRangeCheck()
        for replica in correct {
            var row = state.replicas[replica.index]
            spec.visitFields(of: &row, with: &check)
            if let violation = check.firstViolation { return "\(replica).\(violation)" }
        }
        for envelope in state.sent {
            var message = envelope.message
            spec.visitFields(of: &message, with: &check)
            if let violation = check.firstViolation { return "message \(envelope.message) from \(envelope.from): \(violation)" }
        }
        return nil
    }
}
