/// A protocol step or an accepted message, as the bftcheck trace format names them (Docs/trace-format.md,
/// Castro & Liskov, OSDI '99 §4.2–4.4). Sends are the `.send` actions themselves.
public enum TraceStep: Hashable, Sendable {
    /// A protocol message accepted from `sender`.
    case received(ProtocolMessage, from: ReplicaID)
    /// The primary accepted a batch for ordering (the format's `request`: the unit it orders).
    case request(RequestBatch)
    /// The primary assigned, or a backup accepted, `digest` at (`view`, `sequence`).
    case prePrepared(ViewNumber, SequenceNumber, Digest)
    /// Prepared: the PRE-PREPARE and quorum − 1 matching PREPAREs.
    case prepared(ViewNumber, SequenceNumber, Digest)
    /// Committed-local: prepared and a quorum of matching COMMITs.
    case committed(ViewNumber, SequenceNumber, Digest)
    /// The batch at `sequence` executed; `results` holds one result per request (none for null).
    case executed(SequenceNumber, Digest, results: [[UInt8]])
    /// A checkpoint taken after executing through `sequence`.
    case checkpoint(SequenceNumber, state: Digest)
    /// A checkpoint became stable (or was installed by state transfer).
    case checkpointStable(SequenceNumber, state: Digest)
    /// The view-change timer expired: moving to `view`.
    case viewChange(ViewNumber)
    /// A view entered with min-s `checkpoint` and O.
    case newView(ViewNumber, checkpoint: SequenceNumber, state: Digest, o: [Digest])
}
