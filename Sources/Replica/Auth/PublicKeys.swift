/// A node's public keys as the cluster config lists them: Ed25519 for signatures, X25519 for agreeing
/// pairwise MAC keys (Castro & Liskov, TOCS 2002 §3.2).
public struct PublicKeys: Hashable, Sendable {
    /// The Ed25519 public key, 32 bytes.
    public let signing: [UInt8]
    /// The X25519 public key, 32 bytes.
    public let agreement: [UInt8]

    /// Keys from their raw representations.
    public init(signing: [UInt8], agreement: [UInt8]) {
        self.signing = signing
        self.agreement = agreement
    }
}
