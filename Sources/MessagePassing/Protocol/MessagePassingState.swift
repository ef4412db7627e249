import Foundation
import ModelChecking

/// A global state of a `MessagePassingSystem`: every participant's local state, and the network —
/// the messages correct replicas have sent, sorted, never removed. Byzantine messages are not state:
/// they are the protocol's vocabulary, available at every step.
///
/// The fields are plain values, readable in counterexample files and the Informal Trace Format
/// (`{"replicas": [...], "sent": {"r1": [...]}}`); the compact encoding the
/// checker fingerprints is derived from the protocol's field declarations (`ReplicaProtocol
/// .visitFields`).
public struct MessagePassingState<P: ReplicaProtocol>: Hashable, Sendable, Codable, StateEncodable {
    /// Every participant's state, by number; faulty participants keep their initial state.
    ///
    /// Settable so that tests and tools can build states by hand; the system only changes it
    /// through the handlers' effects.
    public var replicas: [P.Replica]
    /// The messages correct replicas have sent, sorted by sender then message, without repeats (an
    /// invariant a hand-built state must keep).
    public var sent: [Envelope<P.Message>] {
        get { network }
        set {
            network = newValue
            codes.removeAll()
            hasCodes = false
        }
    }
    /// The storage of `sent`.
    @usableFromInline var network: [Envelope<P.Message>]
    /// Each sent message's derived code under each coded value permutation, in `network`'s order:
    /// the words of message i under permutation p start at `(i · permutations + p) · codeWords`
    /// (`ProtocolContext.codeStride`). Messages are immutable values, so a step codes only the
    /// messages it sends and the encodings copy the rest as words. Valid when `hasCodes`; not part
    /// of the value.
    @usableFromInline var codes: [UInt64] = []
    /// Whether `codes` holds the codes of every sent message: kept by the system's steps; `false`
    /// in a state built or decoded by hand, whose encodings code the messages on the fly.
    @usableFromInline var hasCodes = false

    /// The message codes when they are valid and were made by `context` (a state stepped or
    /// encoded by another system, e.g. one without value symmetry, codes differently).
    @inlinable
    func codes(madeBy context: ProtocolContext<P>) -> [UInt64]? {
        hasCodes && self.context === context ? codes : nil
    }
    /// The system's constants, for the derived encoding; `nil` in a state decoded from JSON.
    @usableFromInline let context: ProtocolContext<P>?
    /// Whether every field is known to lie in its declared range: set by the system for its initial
    /// state and kept by its steps, which check only the row and the messages they change; `false`
    /// (unknown) in a state built or decoded by hand, which the bounds check then reads whole. Not
    /// part of the value.
    @usableFromInline var knownWithinBounds = false

    @usableFromInline
    init(replicas: [P.Replica], sent: [Envelope<P.Message>], context: ProtocolContext<P>?) {
        self.replicas = replicas
        self.network = sent
        self.context = context
    }

    /// The state of `replica`.
    @inlinable
    public subscript(replica: ReplicaID) -> P.Replica {
        get { replicas[replica.index] }
        set { replicas[replica.index] = newValue }
    }

    /// Whether `sender` has sent `message`.
    ///
    /// - Complexity: O(log m) for m messages on the network.
    @inlinable
    public func hasSent(_ message: P.Message, by sender: ReplicaID) -> Bool {
        sent.sortedContains(Envelope(from: sender, message: message))
    }

    /// The messages `sender` has sent, in order.
    public func messages(sentBy sender: ReplicaID) -> [P.Message] {
        sent.filter { $0.from == sender }.map(\.message)
    }

    /// Adds `message` from `sender` to the network, keeping it sorted, with its codes (`nil` when
    /// it has none, such as a message outside the declared ranges: the state then has none);
    /// sending again changes nothing.
    @inlinable
    mutating func record(_ message: P.Message, from sender: ReplicaID, codes messageCodes: ArraySlice<UInt64>?) {
        guard let position = network.sortedInsertion(of: Envelope(from: sender, message: message)) else { return }
        guard hasCodes, let messageCodes else {
            hasCodes = false
            codes.removeAll()
            return
        }
        codes.insert(contentsOf: messageCodes, at: position * messageCodes.count)
    }

    // MARK: Equality, encoding

    /// Equal replicas and equal networks (the shared constants are not part of the value).
    @inlinable
    public static func == (lhs: MessagePassingState, rhs: MessagePassingState) -> Bool {
        lhs.replicas == rhs.replicas && lhs.network == rhs.network
    }

    /// Hashes the replicas and the network.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(replicas)
        hasher.combine(network)
    }

    /// The derived compact encoding (see `MessagePassingSystem`); a state decoded from JSON, which
    /// has no system attached, falls back to its canonical JSON bytes — slower, never merged.
    @inlinable
    public func encode(into encoder: inout StateEncoder) {
        if let context {
            context.encode(self, into: &encoder)
        } else {
            encodeDecoded(into: &encoder)
        }
    }

    /// The canonical JSON bytes of a state without a system attached.
    @usableFromInline
    func encodeDecoded(into encoder: inout StateEncoder) {
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        for byte in try! json.encode(self) { encoder.append(UInt64(byte), bits: 8) }
    }

    private enum CodingKeys: String, CodingKey { case replicas, sent }

    /// A replica id as a JSON key.
    private struct SenderKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the readable form (without the system's constants).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        replicas = try container.decode([P.Replica].self, forKey: .replicas)
        let bySender = try container.nestedContainer(keyedBy: SenderKey.self, forKey: .sent)
        var envelopes: [Envelope<P.Message>] = []
        for key in bySender.allKeys {
            guard key.stringValue.hasPrefix("r"), let index = Int(key.stringValue.dropFirst()), index >= 0, index < replicas.count else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: bySender, debugDescription: "expected a sender like \"r1\" among \(replicas.count) replicas")
            }
            for message in try bySender.decode([P.Message].self, forKey: key) {
                envelopes.append(Envelope(from: ReplicaID(index), message: message))
            }
        }
        network = Array(Set(envelopes)).sorted()
        context = nil
    }

    /// Encodes the replicas, and the network as each sender's messages in order:
    /// `{"replicas": [...], "sent": {"r1": [...], "r2": [...]}}` (records and lists, as the Informal
    /// Trace Format wants them).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(replicas, forKey: .replicas)
        var bySender = container.nestedContainer(keyedBy: SenderKey.self, forKey: .sent)
        var position = 0
        while position < sent.count {
            let sender = sent[position].from
            var messages: [P.Message] = []
            while position < sent.count && sent[position].from == sender {
                messages.append(sent[position].message)
                position += 1
            }
            try bySender.encode(messages, forKey: SenderKey(stringValue: sender.description))
        }
    }
}
