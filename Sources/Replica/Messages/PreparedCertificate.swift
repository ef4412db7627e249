/// One element of a VIEW-CHANGE's P (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5): the sender prepared
/// `batch` at `sequence` in `view`, the latest view in which it prepared that sequence number.
public struct PreparedCertificate: Hashable, Sendable {
    /// The view of the certificate.
    public let view: ViewNumber
    /// Its sequence number, above the sender's stable checkpoint.
    public let sequence: SequenceNumber
    /// The prepared batch.
    public let batch: RequestBatch

    /// The certificate that `batch` prepared at `sequence` in `view`.
    public init(view: ViewNumber, sequence: SequenceNumber, batch: RequestBatch) {
        self.view = view
        self.sequence = sequence
        self.batch = batch
    }
}
