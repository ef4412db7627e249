/// One CHECKPOINT of a stable checkpoint's proof (Castro & Liskov, OSDI '99 §4.3–4.4: a VIEW-CHANGE's C
/// is "a set of 2f + 1 valid checkpoint messages proving the correctness of s"): the replica that sent
/// CHECKPOINT⟨n, d, i⟩ and its Ed25519 signature over `WireCodec.signedBytes(ofCheckpoint:by:)`.
public struct SignedCheckpoint: Hashable, Sendable {
    /// i: the replica that sent the CHECKPOINT.
    public let replica: ReplicaID
    /// Its signature; empty for the holder's own CHECKPOINT until the transport seals the VIEW-CHANGE
    /// that carries it (the state machine never reads it).
    public var signature: [UInt8]

    /// `replica`'s CHECKPOINT, signed with `signature`.
    public init(replica: ReplicaID, signature: [UInt8] = []) {
        self.replica = replica
        self.signature = signature
    }
}
