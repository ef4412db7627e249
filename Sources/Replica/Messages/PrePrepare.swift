/// PRE-PREPARE⟨v, n, d⟩ with the batch m (Castro & Liskov, OSDI '99 §4.2): the primary of view v assigns
/// sequence number n to the batch.
public struct PrePrepare: Hashable, Sendable {
    /// v.
    public let view: ViewNumber
    /// n.
    public let sequence: SequenceNumber
    /// m, the batch; its digest is d.
    public let batch: RequestBatch

    /// The primary's assignment of `sequence` to `batch` in `view`.
    public init(view: ViewNumber, sequence: SequenceNumber, batch: RequestBatch) {
        self.view = view
        self.sequence = sequence
        self.batch = batch
    }
}
