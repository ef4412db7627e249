import ModelChecking

/// A message-passing protocol written as one replica's rules: its state, its message type, and
/// guarded handlers that return the replica's next state and the messages it sends, or the reason
/// they do not apply. `MessagePassingSystem` turns it into a checkable `TransitionSystem`, owning
/// what every protocol shares: the network, crashed replicas, the Byzantine adversary, symmetry,
/// coverage and charts.
///
/// This is Stateright's `ActorModel` over `Model`, with swift-nio's habit of pure state machines that
/// return actions: handlers are pure functions of values, with no I/O.
///
/// **Stimuli.** A handler runs on receipt of one message (`on(_:from:at:in:inbox:)`) or on an input
/// (`on(_:at:in:inbox:)`): a client request, a timer or view-change trigger, or a local step — the
/// protocol's `Input` type lists them and `inputKind(of:)` says which is which. A step that needs a
/// quorum ("2f + 1 matching READYs") is an input that reads the `Inbox`: the network is the set of
/// sent messages, so a replica can read every message sent to it at any time (see `FaultModel`'s
/// vocabulary notes: unordered, lossy, duplicating). Handlers must therefore be idempotent — a second
/// receipt of a message must be refused (e.g. "already echoed").
///
/// **Guards return reasons.** A handler that does not apply returns `.refused(reason)`; coverage's
/// "never fired because …" and near-miss diagnostics are read off these values
/// (`MessagePassingSystem.refusals(in:)`), never written a second time in prose.
///
/// **Rules and variants.** Every stimulus belongs to a `Rule` (the coverage kinds). A `Variant`
/// replaces exactly one rule's handler: the system routes that rule's stimuli to the variant, so the
/// protocol as specified contains no `if variant == …` branch.
///
/// **State.** `Replica` and `Message` hold plain values (integers, optionals, `DenseSet`s,
/// `DenseMap`s, replica sets) and declare their fields with ranges from the configuration in `visitFields`; the compact
/// encoding, its decoding, the state constraint and the start-up width check are derived from that
/// declaration.
public protocol ReplicaProtocol: Sendable {
    /// One replica's local state: a plain value.
    associatedtype Replica: Hashable & Sendable & Codable
    /// A message: a plain value, ordered (the network keeps messages sorted), without replica ids in
    /// its content unless the protocol's symmetry declares none.
    associatedtype Message: Hashable & Comparable & Sendable & Codable & CustomStringConvertible
    /// The stimuli other than receipts: client requests, timers, local and quorum steps.
    associatedtype Input: Hashable & Sendable & Codable & CustomStringConvertible
    /// Why a handler does not apply.
    associatedtype Refusal: Hashable & Sendable & CustomStringConvertible
    /// The rules, in coverage order; `rawValue` is the coverage name.
    associatedtype Rule: CaseIterable & Hashable & Sendable & RawRepresentable where Rule.RawValue == String
    /// The protocol's variants: the protocol as specified, or one rule replaced.
    associatedtype Variant: ProtocolVariant where Variant.Base == Self

    /// The model's name, as configs and counterexample files use it.
    var name: String { get }
    /// Every participant of the system (replicas of one or more clusters, learners) and how each
    /// behaves. Only correct participants have steps and state that changes.
    var faults: FaultModel { get }
    /// The variant in force.
    var variant: Variant { get }

    /// The state of `replica` before anything happens.
    func initialReplica(_ replica: ReplicaID) -> Replica

    /// Appends the inputs to try at `replica` in `state`, in a fixed order. Every input listed is
    /// tried and, when refused, reported with its reason by the diagnostics.
    func inputs(at replica: ReplicaID, in state: Replica, into inputs: inout [Input])

    /// Appends the inputs to try at `replica` in `state` given what it can read: the inputs of
    /// `inputs(at:in:into:)`, then those whose content is a choice among messages it holds (e.g. the
    /// NEWVIEWs a primary can build from the VIEWCHANGEs it received, Castro & Liskov §4.4). The
    /// system calls this one. Default: `inputs(at:in:into:)` alone.
    func inputs(at replica: ReplicaID, in state: Replica, inbox: Inbox<Self>, into inputs: inout [Input])

    /// The handler of an input at `replica`.
    func on(_ input: Input, at replica: ReplicaID, in state: Replica, inbox: Inbox<Self>) -> Reaction<Self>

    /// The handler of the receipt of `message` from `sender` at `replica`.
    func on(_ message: Message, from sender: ReplicaID, at replica: ReplicaID, in state: Replica, inbox: Inbox<Self>) -> Reaction<Self>

    /// The rule an input belongs to.
    func rule(of input: Input) -> Rule
    /// The rule the receipt of one message belongs to, or `nil` when no rule reacts to such a
    /// message alone (it is only read by quorum inputs from the `Inbox`): its receipt is then not a
    /// step, and its handler is never called.
    func rule(of message: Message) -> Rule?
    /// Whether an input is a client request, a timer or a local step (for charts).
    func inputKind(of input: Input) -> InputKind

    /// The Byzantine vocabulary of `sender`: every well-formed message it could send under its own
    /// identity, in a fixed order. Equivocation (different receivers read different contents) and
    /// silence (never read) come with the network; forgery is excluded because the vocabulary holds
    /// only `sender`'s own messages. Computed once, when the system is built.
    func vocabulary(of sender: ReplicaID) -> [Message]

    /// Whether the vocabulary message `message` of Byzantine `sender` is available in the state the
    /// inbox shows — for messages that carry evidence (certificates) which must exist. Default: yes.
    func isAvailable(_ message: Message, fromByzantine sender: ReplicaID, inbox: Inbox<Self>) -> Bool

    /// The participants `message` from `sender` is addressed to, or `nil` for every participant
    /// (a multicast). Default: `nil`.
    func recipients(of message: Message, from sender: ReplicaID) -> ReplicaSet?

    /// Declares the fields of a replica's state with their ranges, in a fixed order.
    func visitFields<Visitor: FieldVisitor>(of replica: inout Replica, with visitor: inout Visitor)
    /// Declares the fields of a message with their ranges, in a fixed order.
    func visitFields<Visitor: FieldVisitor>(of message: inout Message, with visitor: inout Visitor)
    /// Any message: the start-up layout check reads the declared ranges of its fields.
    var messageTemplate: Message { get }

    /// The safety properties and reachability targets.
    var properties: [Property<MessagePassingState<Self>>] { get }

    /// Disjoint groups of correct replicas that no rule and no property tells apart (e.g. every
    /// replica but the designated sender or the primaries; or, for two clusters, each cluster's
    /// correct replicas): symmetry may permute the replicas of each group among themselves.
    /// Default: none.
    var interchangeableGroups: [ReplicaSet] { get }
    /// How many permutations of the protocol's data values (requests, broadcast values) the value
    /// symmetry group has, the identity being permutation 0. Default: 1 (no value symmetry).
    var valuePermutationCount: Int { get }
    /// `state` with its data values renamed by permutation `permutation`.
    func permuting(_ state: Replica, by permutation: Int) -> Replica
    /// `message` with its data values renamed by permutation `permutation`.
    func permuting(_ message: Message, by permutation: Int) -> Message

    /// A state constraint beyond the declared field ranges. Default: none.
    func isWithinBounds(_ state: MessagePassingState<Self>) -> Bool

    /// Why the configuration rules out every step of `rule` — e.g. "the sender is Byzantine" — or
    /// `nil` when it may fire. Coverage reports tell such rules from ones that never fired for a
    /// reason worth a look. Default: `nil`.
    func whyNeverEnabled(_ rule: Rule) -> String?

    /// How many blocks the message order falls into (`messageBlock(of:)`). Default: 1.
    var messageBlockCount: Int { get }
    /// The block of `message`, in `0..<messageBlockCount`: a coarse key the message order sorts
    /// first (a message below another is in the same block or an earlier one), such as its kind. A
    /// trace validator keeps each sender's messages in one sorted array per block
    /// (`EnvelopeBlocks`), where a run's messages mostly arrive in order and join at the end.
    /// Default: 0.
    func messageBlock(of message: Message) -> Int

    /// Whether `refusal` holds for good: no later state of the replica (more received, more steps
    /// taken) lifts it — "its own message", "already sent another". A trace validator that must
    /// guess which of several waiting receipts was never sent blames one whose claimed sender is
    /// refused for good before one whose sender may yet send it. Default: never.
    func isFinal(_ refusal: Refusal) -> Bool
}

extension ReplicaProtocol {
    /// The inputs that do not depend on the inbox.
    @inlinable
    public func inputs(at replica: ReplicaID, in state: Replica, inbox: Inbox<Self>, into inputs: inout [Input]) {
        self.inputs(at: replica, in: state, into: &inputs)
    }

    /// Every vocabulary message is available.
    public func isAvailable(_ message: Message, fromByzantine sender: ReplicaID, inbox: Inbox<Self>) -> Bool { true }

    /// Every participant.
    public func recipients(of message: Message, from sender: ReplicaID) -> ReplicaSet? { nil }

    /// Local steps.
    public func inputKind(of input: Input) -> InputKind { .local }

    /// No interchangeable replicas.
    public var interchangeableGroups: [ReplicaSet] { [] }

    /// No value symmetry.
    public var valuePermutationCount: Int { 1 }

    /// The identity.
    public func permuting(_ state: Replica, by permutation: Int) -> Replica { state }

    /// The identity.
    public func permuting(_ message: Message, by permutation: Int) -> Message { message }

    /// No constraint beyond the declared ranges.
    public func isWithinBounds(_ state: MessagePassingState<Self>) -> Bool { true }

    /// No rule is ruled out by the configuration.
    public func whyNeverEnabled(_ rule: Rule) -> String? { nil }

    /// One block.
    @inlinable
    public var messageBlockCount: Int { 1 }

    /// Block 0.
    @inlinable
    public func messageBlock(of message: Message) -> Int { 0 }

    /// No refusal is known to be final.
    public func isFinal(_ refusal: Refusal) -> Bool { false }
}

/// What kind of stimulus an input is, for charts: the three handler kinds besides receipt.
public enum InputKind: Sendable, Hashable {
    /// A client request arrives (an arrow from `client`).
    case request
    /// A timer expires or a view change is triggered.
    case timer
    /// A local step, e.g. acting on a quorum of messages read from the inbox.
    case local
}
