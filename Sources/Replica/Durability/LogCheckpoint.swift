/// The record a compacted write-ahead log starts with: the replica's stable checkpoint with its full state
/// and its proof, and the view it was in, so that a restart replays only what lies above the checkpoint
/// (Castro & Liskov, OSDI '99 §4.3: everything at or below a stable checkpoint is garbage-collected; TOCS
/// 2002 §4.6: what a restarted replica must keep).
public struct LogCheckpoint: Hashable, Sendable {
    /// The view the replica was in (not changing view) when its log was compacted (§4.4).
    public let view: ViewNumber
    /// The stable checkpoint's full state: the executed state through `snapshot.sequence` (§4.3).
    public let snapshot: CheckpointSnapshot
    /// C: a quorum of signed CHECKPOINTs for the snapshot's digest, carried in its VIEW-CHANGEs (§4.4).
    public let proof: [SignedCheckpoint]
    /// The NEW-VIEW it sent as primary of `view`, if it did: it re-sends it to a replica still asking (§4.4).
    public let sentNewView: NewView?

    /// A log checkpoint; see the properties.
    public init(view: ViewNumber, snapshot: CheckpointSnapshot, proof: [SignedCheckpoint], sentNewView: NewView?) {
        self.view = view
        self.snapshot = snapshot
        self.proof = proof
        self.sentNewView = sentNewView
    }

    /// The stable checkpoint's sequence number: the log holds nothing at or below it.
    public var sequence: SequenceNumber { snapshot.sequence }
}
