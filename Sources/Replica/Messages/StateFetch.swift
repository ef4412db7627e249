/// A request for the state of checkpoint `sequence` with digest `stateDigest`, sent by a replica that
/// learned of a stable checkpoint it has not reached (Castro & Liskov, OSDI '99 §4.3, state transfer).
public struct StateFetch: Hashable, Sendable {
    /// The checkpoint wanted.
    public let sequence: SequenceNumber
    /// The state digest a quorum certified for it.
    public let stateDigest: Digest

    /// A request for checkpoint `sequence` with `stateDigest`.
    public init(sequence: SequenceNumber, stateDigest: Digest) {
        self.sequence = sequence
        self.stateDigest = stateDigest
    }
}
