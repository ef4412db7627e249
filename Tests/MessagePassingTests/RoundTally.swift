import MessagePassing
import ModelChecking

/// A second, tiny protocol for the layer's own tests, unlike broadcast in every way the layer must
/// handle: integer, replica-set and map fields, a bound that only the config sets (rounds go on forever
/// without it), a timer input, and point-to-point messages to a learner outside the cluster.
///
/// Each replica but the learner may start its next round (a timer) and tell the learner; the learner
/// records which replicas it heard from, and the highest round it heard from each (rounds may arrive
/// out of order; an older one is refused).
struct RoundTally: ReplicaProtocol {
    struct Replica: Hashable, Sendable, Codable {
        var round = 0
        var heard = ReplicaSet()
        /// The highest round heard from each replica.
        var lastRound = DenseMap<ReplicaID, Int>()
    }

    struct Message: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
        var round: Int
        static func < (lhs: Message, rhs: Message) -> Bool { lhs.round < rhs.round }
        var description: String { "ROUND(\(round))" }
    }

    enum Input: Hashable, Sendable, Codable, CustomStringConvertible {
        case tick
        var description: String { "tick" }
    }

    enum Refusal: Hashable, Sendable, CustomStringConvertible {
        case isLearner
        case alreadyHeard(ReplicaID, round: Int)
        var description: String {
            switch self {
            case .isLearner: "the learner has no rounds"
            case .alreadyHeard(let sender, let round): "already heard round \(round) from \(sender)"
            }
        }
    }

    enum Rule: String, CaseIterable, Hashable, Sendable {
        case tick, hear
    }

    enum Variant: String, ProtocolVariant {
        case asSpecified
        typealias Base = RoundTally
        var replacedRule: Rule? { nil }
        var description: String { rawValue }
    }

    let faults: FaultModel
    let maxRound: Int
    /// The round replicas start in (0; a test moves it out of bounds).
    var firstRound = 0
    var learner: ReplicaID { ReplicaID(faults.replicaCount - 1) }
    var variant: Variant { .asSpecified }
    var name: String { "round-tally" }

    /// `replicas` replicas and one learner (the last participant).
    init(replicas: Int, maxRound: Int) {
        faults = FaultModel(replicaCount: replicas + 1, byzantine: 0)
        self.maxRound = maxRound
    }

    func initialReplica(_ replica: ReplicaID) -> Replica { Replica(round: firstRound) }

    func inputs(at replica: ReplicaID, in state: Replica, into inputs: inout [Input]) { inputs.append(.tick) }

    func on(_ input: Input, at replica: ReplicaID, in state: Replica, inbox: Inbox<RoundTally>) -> Reaction<RoundTally> {
        guard replica != learner else { return .refused(.isLearner) }
        var next = state
        next.round += 1  // no guard: the config's bound on `round` stops it
        return .fire(next, sending: Message(round: next.round))
    }

    func on(
        _ message: Message, from sender: ReplicaID, at replica: ReplicaID, in state: Replica, inbox: Inbox<RoundTally>
    )
        -> Reaction<RoundTally>
    {
        if let last = state.lastRound[sender], last >= message.round { return .refused(.alreadyHeard(sender, round: last)) }
        var next = state
        next.heard.insert(sender)
        next.lastRound[sender] = message.round
        return .fire(next)
    }

    func rule(of input: Input) -> Rule { .tick }
    func rule(of message: Message) -> Rule? { .hear }
    func inputKind(of input: Input) -> InputKind { .timer }
    func vocabulary(of sender: ReplicaID) -> [Message] { [] }
    func recipients(of message: Message, from sender: ReplicaID) -> ReplicaSet? { ReplicaSet([learner]) }

    func visitFields<Visitor: FieldVisitor>(of replica: inout Replica, with visitor: inout Visitor) {
        visitor.visit("round", &replica.round, in: 0...maxRound)
        visitor.visit("heard", &replica.heard, among: faults.replicaCount)
        visitor.visit("lastRound", &replica.lastRound, keys: 0...faults.replicaCount - 1, values: 1...maxRound)
    }

    func visitFields<Visitor: FieldVisitor>(of message: inout Message, with visitor: inout Visitor) {
        visitor.visit("round", &message.round, in: 1...maxRound)
    }

    var messageTemplate: Message { Message(round: 1) }

    var properties: [Property<MessagePassingState<RoundTally>>] {
        [
            .always("HeardOnlyFromSenders", "the learner heard only from replicas that started a round") { state in
                state[self.learner].heard.allSatisfy { state[$0].round > 0 }
            }
        ]
    }
}
