/// The content of a PREPARE⟨v, n, d, i⟩ or COMMIT⟨v, n, d, i⟩ (Castro & Liskov, OSDI '99 §4.2): a vote
/// for digest `d` at sequence number `n` in view `v`.
public struct SlotVote: Hashable, Sendable {
    /// v.
    public let view: ViewNumber
    /// n.
    public let sequence: SequenceNumber
    /// d: the batch's digest.
    public let digest: Digest
    /// A PREPARE's Ed25519 signature over `WireCodec.signedBytes(ofPrepare:by:)`, so that the receiver
    /// can forward it in a prepared certificate's proof (§4.4, TOCS 2002 §4.5): set by the transport when
    /// it seals the PREPARE, verified when it opens it. Empty on COMMITs and in the state machine's own
    /// PREPAREs.
    public var signature: [UInt8]

    /// A vote for `digest` at (`view`, `sequence`).
    public init(view: ViewNumber, sequence: SequenceNumber, digest: Digest, signature: [UInt8] = []) {
        self.view = view
        self.sequence = sequence
        self.digest = digest
        self.signature = signature
    }
}
