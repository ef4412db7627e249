/// One PREPARE of a prepared certificate's proof (Castro & Liskov, OSDI '99 §4.4: each set in P holds
/// "2f matching, valid prepare messages signed by different backups"): the backup that sent
/// PREPARE⟨v, n, d, i⟩ and its Ed25519 signature over `WireCodec.signedBytes(ofPrepare:by:)`, so that a
/// third party can check that the backup really prepared d at (v, n).
public struct SignedPrepare: Hashable, Sendable {
    /// i: the backup that sent the PREPARE.
    public let replica: ReplicaID
    /// Its signature over the PREPARE; empty for the holder's own PREPARE until the transport seals the
    /// VIEW-CHANGE that carries it (the state machine never reads it).
    public var signature: [UInt8]

    /// `replica`'s PREPARE, signed with `signature`.
    public init(replica: ReplicaID, signature: [UInt8] = []) {
        self.replica = replica
        self.signature = signature
    }
}
