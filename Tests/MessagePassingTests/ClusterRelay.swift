import MessagePassing
import ModelChecking

/// A test fixture with two clusters of different sizes and fault bounds — the shape of the
/// tutorial's cluster-sending problem ("Fault-tolerant cluster-sending", the naive relay): the correct
/// replicas of C1 hold the value C1 agreed on (0) and send it to every replica of C2; a replica of C2
/// accepts a value on `threshold` matching messages from distinct replicas of C1. f1 + 1 is safe:
/// the f1 Byzantine replicas of C1 may send any value, to any replica of C2.
struct ClusterRelay: ReplicaProtocol {
    struct Replica: Hashable, Sendable, Codable {
        var sent = false
        var accepted: Int? = nil
    }

    struct Message: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
        var value: Int
        static func < (lhs: Message, rhs: Message) -> Bool { lhs.value < rhs.value }
        var description: String { "VALUE(\(value))" }
    }

    enum Input: Hashable, Sendable, Codable, CustomStringConvertible {
        case send
        case accept(Int)
        var description: String {
            switch self {
            case .send: "send"
            case .accept(let value): "accept(\(value))"
            }
        }
    }

    enum Refusal: Hashable, Sendable, CustomStringConvertible {
        case notInFirstCluster, notInSecondCluster, alreadySent
        case alreadyAccepted(Int)
        case tooFew(value: Int, have: Int, need: Int)
        var description: String {
            switch self {
            case .notInFirstCluster: "not in C1"
            case .notInSecondCluster: "not in C2"
            case .alreadySent: "already sent"
            case .alreadyAccepted(let value): "already accepted \(value)"
            case .tooFew(let value, let have, let need): "\(have) of \(need) VALUE(\(value)) from C1"
            }
        }
    }

    enum Rule: String, CaseIterable, Hashable, Sendable {
        case send, accept
    }

    enum Variant: String, ProtocolVariant {
        case asSpecified
        typealias Base = ClusterRelay
        var replacedRule: Rule? { nil }
        var description: String { rawValue }
    }

    let first: ReplicaSet
    let second: ReplicaSet
    let faults: FaultModel
    let threshold: Int
    var variant: Variant { .asSpecified }
    var name: String { "cluster-relay" }

    /// C1 = r0 … r(n1 − 1) with its first f1 Byzantine; C2 = the next n2 with its first f2 Byzantine.
    init(n1: Int, f1: Int, n2: Int, f2: Int, threshold: Int) {
        var kinds: [FaultKind] = []
        for index in 0..<n1 { kinds.append(index < f1 ? .byzantine : .correct) }
        for index in 0..<n2 { kinds.append(index < f2 ? .byzantine : .correct) }
        faults = FaultModel(kinds: kinds)
        first = ReplicaSet.first(n1)
        second = ReplicaSet.first(n1 + n2).subtracting(first)
        self.threshold = threshold
    }

    func initialReplica(_ replica: ReplicaID) -> Replica { Replica() }

    func inputs(at replica: ReplicaID, in state: Replica, into inputs: inout [Input]) {
        if first.contains(replica) { inputs.append(.send) } else { inputs += [.accept(0), .accept(1)] }
    }

    func on(_ input: Input, at replica: ReplicaID, in state: Replica, inbox: Inbox<ClusterRelay>) -> Reaction<ClusterRelay> {
        switch input {
        case .send:
            guard first.contains(replica) else { return .refused(.notInFirstCluster) }
            guard !state.sent else { return .refused(.alreadySent) }
            var next = state
            next.sent = true
            return .fire(next, sending: Message(value: 0))
        case .accept(let value):
            guard second.contains(replica) else { return .refused(.notInSecondCluster) }
            if let earlier = state.accepted { return .refused(.alreadyAccepted(earlier)) }
            let have = inbox.support(of: Message(value: value), among: first)
            guard have >= threshold else { return .refused(.tooFew(value: value, have: have, need: threshold)) }
            var next = state
            next.accepted = value
            return .fire(next, quorum: Quorum(Message(value: value), count: threshold))
        }
    }

    func on(
        _ message: Message, from sender: ReplicaID, at replica: ReplicaID, in state: Replica, inbox: Inbox<ClusterRelay>
    )
        -> Reaction<ClusterRelay>
    {
        preconditionFailure("VALUE is only read as a quorum")
    }

    func rule(of input: Input) -> Rule {
        if case .send = input { .send } else { .accept }
    }

    func rule(of message: Message) -> Rule? { nil }

    func vocabulary(of sender: ReplicaID) -> [Message] { first.contains(sender) ? [Message(value: 0), Message(value: 1)] : [] }

    func recipients(of message: Message, from sender: ReplicaID) -> ReplicaSet? { second }

    func visitFields<Visitor: FieldVisitor>(of replica: inout Replica, with visitor: inout Visitor) {
        visitor.visit("sent", &replica.sent, in: 0...1)
        visitor.visit("accepted", &replica.accepted, in: 0...1)
    }

    func visitFields<Visitor: FieldVisitor>(of message: inout Message, with visitor: inout Visitor) {
        visitor.visit("value", &message.value, in: 0...1)
    }

    var messageTemplate: Message { Message(value: 0) }

    /// One group per cluster: permuting replicas across clusters is not a symmetry.
    var interchangeableGroups: [ReplicaSet] { [first.intersection(faults.correct), second.intersection(faults.correct)] }

    var properties: [Property<MessagePassingState<ClusterRelay>>] {
        [
            .always("AcceptOnlyAgreed", "correct replicas of C2 accept only the value C1 agreed on") { state in
                self.second.intersection(self.faults.correct).allSatisfy { (state[$0].accepted ?? 0) == 0 }
            },
            .sometimes("Accepted", "a correct replica of C2 accepted") { state in
                self.second.intersection(self.faults.correct).contains { state[$0].accepted != nil }
            },
        ]
    }
}
