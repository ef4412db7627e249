/// One element of a VIEW-CHANGE's P (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5): the sender prepared
/// `batch` at `sequence` in `view`, the latest view in which it prepared that sequence number, with the
/// proof: the PRE-PREPARE's content (`view`, `sequence`, `batch`, whose digest is d) and the signed
/// PREPAREs of at least quorum − 1 (2f) distinct backups of `view` for d.
///
/// The PRE-PREPARE is not signed separately: with f ≥ 1, 2f PREPAREs from backups include at least
/// f ≥ 1 correct backups, which sent their PREPARE only after accepting the primary's PRE-PREPARE for d
/// (§4.2), so they vouch for it; in the new view, O's entries are vouched for by the signed NEW-VIEW.
public struct PreparedCertificate: Hashable, Sendable {
    /// The view of the certificate.
    public let view: ViewNumber
    /// Its sequence number, above the sender's stable checkpoint.
    public let sequence: SequenceNumber
    /// The prepared batch.
    public let batch: RequestBatch
    /// The proof: the signed PREPAREs for `batch.digest` at (`view`, `sequence`), in increasing replica
    /// order (the holder's own among them when it is a backup of `view`).
    public var prepares: [SignedPrepare]

    /// The certificate that `batch` prepared at `sequence` in `view`, proved by `prepares`.
    public init(view: ViewNumber, sequence: SequenceNumber, batch: RequestBatch, prepares: [SignedPrepare] = []) {
        self.view = view
        self.sequence = sequence
        self.batch = batch
        self.prepares = prepares
    }
}
