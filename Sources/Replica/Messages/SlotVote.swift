/// The content of a PREPARE⟨v, n, d, i⟩ or COMMIT⟨v, n, d, i⟩ (Castro & Liskov, OSDI '99 §4.2): a vote
/// for digest `d` at sequence number `n` in view `v`.
public struct SlotVote: Hashable, Sendable {
    /// v.
    public let view: ViewNumber
    /// n.
    public let sequence: SequenceNumber
    /// d: the batch's digest.
    public let digest: Digest

    /// A vote for `digest` at (`view`, `sequence`).
    public init(view: ViewNumber, sequence: SequenceNumber, digest: Digest) {
        self.view = view
        self.sequence = sequence
        self.digest = digest
    }
}
