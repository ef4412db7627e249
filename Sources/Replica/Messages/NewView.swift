/// NEW-VIEW⟨v + 1, V, O⟩ (Castro & Liskov, OSDI '99 §4.4): the new primary's announcement, with the
/// VIEW-CHANGE messages V it was built from and the pre-prepares O they determine, which every backup
/// recomputes from V before accepting.
public struct NewView: Hashable, Sendable {
    /// The view entered.
    public let view: ViewNumber
    /// V: the senders and their VIEW-CHANGE messages, in replica order.
    public let viewChanges: [SignedViewChange]
    /// min-s: the latest stable checkpoint in V.
    public let checkpoint: SequenceNumber
    /// Its state digest.
    public let checkpointDigest: Digest
    /// O: one batch per sequence number min-s + 1 … max-s, the null batch where V has no certificate.
    public let batches: [RequestBatch]

    /// The NEW-VIEW for `view` built from `viewChanges`.
    public init(
        view: ViewNumber, viewChanges: [SignedViewChange], checkpoint: SequenceNumber, checkpointDigest: Digest, batches: [RequestBatch]
    ) {
        self.view = view
        self.viewChanges = viewChanges
        self.checkpoint = checkpoint
        self.checkpointDigest = checkpointDigest
        self.batches = batches
    }
}
