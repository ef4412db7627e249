import Crypto

/// A node's private keys: an Ed25519 key that signs CHECKPOINT, VIEW-CHANGE and NEW-VIEW, and an X25519
/// key from which a pairwise HMAC key with every other node is agreed (Castro & Liskov, TOCS 2002 §3.2:
/// MACs with pairwise session keys for the normal case; signatures where a message must convince third
/// parties).
public struct NodeSecrets: Sendable {
    /// Whose keys these are.
    public let identity: PeerIdentity
    /// The Ed25519 private key, raw (swift-crypto's key types are not `Sendable`).
    let signingKey: [UInt8]
    /// The X25519 private key, raw.
    let agreementKey: [UInt8]

    /// Fresh random keys for `identity`.
    public static func generate(for identity: PeerIdentity) -> NodeSecrets {
        NodeSecrets(
            identity: identity, rawSigning: Array(Curve25519.Signing.PrivateKey().rawRepresentation),
            rawAgreement: Array(Curve25519.KeyAgreement.PrivateKey().rawRepresentation))
    }

    /// Keys restored from their raw 32-byte representations.
    ///
    /// - Throws: `AuthenticationError.badKey` when a key is malformed.
    public init(identity: PeerIdentity, signingKey: [UInt8], agreementKey: [UInt8]) throws(AuthenticationError) {
        guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: signingKey)) != nil,
            (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: agreementKey)) != nil
        else { throw .badKey(identity) }
        self.init(identity: identity, rawSigning: signingKey, rawAgreement: agreementKey)
    }

    init(identity: PeerIdentity, rawSigning: [UInt8], rawAgreement: [UInt8]) {
        self.identity = identity
        signingKey = rawSigning
        agreementKey = rawAgreement
    }

    /// The raw private keys (signing, agreement), for the cluster config.
    public var rawKeys: (signing: [UInt8], agreement: [UInt8]) { (signingKey, agreementKey) }

    /// The public half, for the cluster's directory.
    public var publicKeys: PublicKeys {
        // The raw keys were checked when made.
        let signing = try! Curve25519.Signing.PrivateKey(rawRepresentation: signingKey)
        let agreement = try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: agreementKey)
        return PublicKeys(signing: Array(signing.publicKey.rawRepresentation), agreement: Array(agreement.publicKey.rawRepresentation))
    }
}
