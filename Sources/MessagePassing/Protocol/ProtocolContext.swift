import Foundation
import ModelChecking

/// What a system precomputes once and shares with its states and inboxes: the protocol value, the
/// correct and Byzantine participants, the Byzantine vocabularies, and the derived encoding. A
/// final class of constants, so that a state carries it for the price of one reference.
@usableFromInline
final class ProtocolContext<P: ReplicaProtocol>: Sendable {
    @usableFromInline let spec: P
    @usableFromInline let correct: [ReplicaID]
    @usableFromInline let byzantine: [ReplicaID]
    /// The correct and the Byzantine participants as sets (read in the inner loop without copying
    /// the protocol's fault model).
    @usableFromInline let correctSet: ReplicaSet
    @usableFromInline let byzantineSet: ReplicaSet
    /// By position in `byzantine`: that sender's vocabulary, in the protocol's order.
    @usableFromInline let vocabularies: [[P.Message]]
    /// Every vocabulary message, sorted, and (at the same position in `holderSenders`) the
    /// Byzantine replicas whose vocabulary holds it: looked up by binary search, so the inner loop
    /// never hashes a message; two arrays, so that the search reads messages in place.
    @usableFromInline let holderMessages: [P.Message]
    @usableFromInline let holderSenders: [ReplicaSet]
    @usableFromInline let rules: [P.Rule]
    /// For each participant (by number), the vocabulary messages it can receive as a step — those
    /// with a rule and addressed to it — with their senders, by sender, in vocabulary order; empty
    /// for faulty participants; with each message's position in `holderMessages`.
    @usableFromInline let receivableVocabulary: [[(sender: ReplicaID, message: P.Message, holder: Int)]]
    /// The width of a message's derived code, and the words that hold it (0 words: the system has
    /// no derived encoding — a judging spec's — and states carry no codes).
    @usableFromInline let messageBits: Int
    @usableFromInline let codeWords: Int
    /// The value permutations each message is coded under (the symmetric encoding's; 1 without
    /// value symmetry).
    @usableFromInline let codedPermutations: Int

    /// The constants of `spec`; messages are coded in `messageBits` bits under `permutations`
    /// value permutations, or not at all when `messageBits` is `nil`.
    @usableFromInline
    init(_ spec: P, messageBits: Int?, permutations: Int) {
        self.spec = spec
        self.messageBits = messageBits ?? 0
        codeWords = messageBits.map { max(1, ($0 + 63) / 64) } ?? 0
        codedPermutations = max(1, permutations)
        correct = Array(spec.faults.correct)
        byzantine = Array(spec.faults.byzantine)
        correctSet = spec.faults.correct
        byzantineSet = spec.faults.byzantine
        vocabularies = byzantine.map { spec.vocabulary(of: $0) }
        var holders: [(message: P.Message, senders: ReplicaSet)] = []
        for (position, sender) in byzantine.enumerated() {
            for message in vocabularies[position] { holders.append((message, ReplicaSet([sender]))) }
        }
        holders.sort { $0.message < $1.message }
        var merged: [(message: P.Message, senders: ReplicaSet)] = []
        for entry in holders {
            if let last = merged.last, last.message == entry.message {
                merged[merged.count - 1].senders = last.senders.union(entry.senders)
            } else {
                merged.append(entry)
            }
        }
        holderMessages = merged.map(\.message)
        holderSenders = merged.map(\.senders)
        // What each correct participant can receive from the vocabularies, in the order the steps
        // list them: a fixed set, so it is filtered once here rather than in every state.
        var receivable = Array(repeating: [(sender: ReplicaID, message: P.Message, holder: Int)](), count: spec.faults.all.count)
        let holderMessages = self.holderMessages
        for receiver in correct {
            for (position, sender) in byzantine.enumerated() {
                for message in vocabularies[position]
                where spec.rule(of: message) != nil && Self.isAddressed(message, from: sender, to: receiver, in: spec) {
                    let holder = holderMessages.sortedFirstPosition(notBelow: message)
                    receivable[receiver.index].append((sender, message, holder))
                }
            }
        }
        receivableVocabulary = receivable
        rules = Array(P.Rule.allCases)
    }

    /// Whether `message` from `sender` is addressed to `receiver`.
    @inlinable @inline(__always)
    func isAddressed(_ message: P.Message, from sender: ReplicaID, to receiver: ReplicaID) -> Bool {
        Self.isAddressed(message, from: sender, to: receiver, in: spec)
    }

    /// Whether `spec` addresses `message` from `sender` to `receiver`: a multicast reaches everyone.
    @inlinable @inline(__always)
    static func isAddressed(_ message: P.Message, from sender: ReplicaID, to receiver: ReplicaID, in spec: P) -> Bool {
        spec.recipients(of: message, from: sender)?.contains(receiver) ?? true
    }

    /// The Byzantine replicas whose vocabulary holds `message`.
    @inlinable
    func byzantineHolders(of message: P.Message) -> ReplicaSet {
        let low = holderMessages.sortedFirstPosition(notBelow: message)
        return low < holderMessages.count && holderMessages[low] == message ? holderSenders[low] : ReplicaSet()
    }

    /// The derived encoding of `state`: for each correct replica in ascending order, its fields in
    /// their declared widths, then each message it sent (a 1 bit and the message's fields) and a 0
    /// bit. Faulty replicas' rows never change and are not encoded.
    @inlinable
    func encode(_ state: MessagePassingState<P>, into encoder: inout StateEncoder) {
        let sent = state.network
        let codes = state.codes(madeBy: self)
        FieldPacker.packing(into: &encoder) { packer in
            var cursor = 0
            for replica in correct {
                let start = cursor
                while cursor < sent.count && sent[cursor].from == replica { cursor += 1 }
                packBlock(state.replicas[replica.index], messages: start..<cursor, of: sent, codes: codes, with: &packer)
            }
            precondition(cursor == sent.count, "\(spec.name): a message from a replica that is not correct is on the network")
        }
    }

    /// One replica's block of the derived encoding: its row's fields, then for each of the messages
    /// `sent[messages]` it sent a 1 bit and the message's fields, then a 0 bit. Self-delimiting, so
    /// that blocks concatenate (and sort, under symmetry) without losing their boundaries. With
    /// `codes` (the state's kept message codes), each message's fields are its code under the
    /// identity: the same bits, copied rather than visited.
    @inlinable
    func packBlock(
        _ row: P.Replica, messages: Range<Int>, of sent: [Envelope<P.Message>], codes: [UInt64]? = nil, with packer: inout FieldPacker
    ) {
        var row = row
        spec.visitFields(of: &row, with: &packer)
        for index in messages {
            packer.encoder.append(true)
            if let codes {
                appendCode(codes, at: index * codeStride, to: &packer.encoder)
            } else {
                var message = sent[index].message
                spec.visitFields(of: &message, with: &packer)
            }
        }
        packer.encoder.append(false)
    }
}
