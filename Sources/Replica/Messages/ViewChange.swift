/// VIEW-CHANGE⟨v + 1, n, C, P, i⟩ (Castro & Liskov, OSDI '99 §4.4): the sender moves to `view`, reporting
/// its stable checkpoint n with C, the signed CHECKPOINTs that prove its state digest, and its prepared
/// certificates P above n, each with the signed PREPAREs that prove it.
public struct ViewChange: Hashable, Sendable {
    /// The view the sender moves to.
    public let view: ViewNumber
    /// n: the sender's last stable checkpoint.
    public let checkpoint: SequenceNumber
    /// The state digest of that checkpoint (`Digest.zero` for genesis).
    public let checkpointDigest: Digest
    /// C: a quorum (2f + 1) of signed CHECKPOINTs for (`checkpoint`, `checkpointDigest`) from distinct
    /// replicas, in increasing replica order; empty for genesis, which needs no proof.
    public var checkpointProof: [SignedCheckpoint]
    /// P: for each sequence number above `checkpoint` where the sender prepared, the certificate of the
    /// latest view, in increasing sequence order.
    public let prepared: [PreparedCertificate]
    /// The sender's Ed25519 signature over the other fields (TOCS 2002 §4.5), so that a NEW-VIEW can
    /// carry it on: empty until the transport signs or verifies it. The state machine never reads it.
    public var signature: [UInt8]

    /// The sender's VIEW-CHANGE to `view`.
    public init(
        view: ViewNumber, checkpoint: SequenceNumber, checkpointDigest: Digest, checkpointProof: [SignedCheckpoint] = [],
        prepared: [PreparedCertificate], signature: [UInt8] = []
    ) {
        self.view = view
        self.checkpoint = checkpoint
        self.checkpointDigest = checkpointDigest
        self.checkpointProof = checkpointProof
        self.prepared = prepared
        self.signature = signature
    }
}
