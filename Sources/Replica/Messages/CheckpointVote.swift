/// CHECKPOINT⟨n, d, i⟩ (Castro & Liskov, OSDI '99 §4.3): replica i's state after executing through n has
/// digest d.
public struct CheckpointVote: Hashable, Sendable {
    /// n, a multiple of the checkpoint interval.
    public let sequence: SequenceNumber
    /// d, the digest of the checkpoint's state (`CheckpointSnapshot.digest`).
    public let stateDigest: Digest
    /// The sender's Ed25519 signature over `WireCodec.signedBytes(ofCheckpoint:by:)`, so that the
    /// receiver can forward it in a stable checkpoint's proof (§4.4, TOCS 2002 §4.5): set by the
    /// transport when it seals the CHECKPOINT, verified when it opens it; empty in the state machine's
    /// own votes.
    public var signature: [UInt8]

    /// The vote that the state after `sequence` has digest `stateDigest`.
    public init(sequence: SequenceNumber, stateDigest: Digest, signature: [UInt8] = []) {
        self.sequence = sequence
        self.stateDigest = stateDigest
        self.signature = signature
    }

    /// The vote without its signature: what two replicas agree on when their votes match.
    var content: CheckpointVote { CheckpointVote(sequence: sequence, stateDigest: stateDigest) }
}
