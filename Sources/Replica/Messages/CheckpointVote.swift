/// CHECKPOINT⟨n, d, i⟩ (Castro & Liskov, OSDI '99 §4.3): replica i's state after executing through n has
/// digest d.
public struct CheckpointVote: Hashable, Sendable {
    /// n, a multiple of the checkpoint interval.
    public let sequence: SequenceNumber
    /// d, the digest of the checkpoint's state (`CheckpointSnapshot.digest`).
    public let stateDigest: Digest

    /// The vote that the state after `sequence` has digest `stateDigest`.
    public init(sequence: SequenceNumber, stateDigest: Digest) {
        self.sequence = sequence
        self.stateDigest = stateDigest
    }
}
