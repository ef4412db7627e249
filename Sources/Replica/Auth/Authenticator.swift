import Crypto

/// Seals outgoing messages and opens incoming ones for one node (Castro & Liskov, TOCS 2002 §3.2, §4.5):
/// HMAC-SHA256 with the pairwise key for the normal case, client requests, replies and state transfer;
/// Ed25519 signatures for CHECKPOINT and NEW-VIEW frames and for each VIEW-CHANGE (whose signature
/// travels inside the message, so that a NEW-VIEW can carry V with proof). Opening checks membership,
/// that the frame's sender is the connection's peer, and every MAC and signature.
public struct Authenticator: Sendable {
    /// This node's identity.
    public var identity: PeerIdentity { secrets.identity }
    let secrets: NodeSecrets
    /// Each member's Ed25519 public key, raw (swift-crypto's key types are not `Sendable`).
    let signingKeys: [PeerIdentity: [UInt8]]
    /// The pairwise HMAC key with each member.
    let macKeys: [PeerIdentity: [UInt8]]

    /// An authenticator for the node holding `secrets`, in a cluster whose public keys are `directory`.
    ///
    /// - Throws: `AuthenticationError.badKey` when a public key is malformed.
    public init(secrets: NodeSecrets, directory: [PeerIdentity: PublicKeys]) throws(AuthenticationError) {
        self.secrets = secrets
        var signing: [PeerIdentity: [UInt8]] = [:]
        var macs: [PeerIdentity: [UInt8]] = [:]
        let agreementKey: Curve25519.KeyAgreement.PrivateKey
        do { agreementKey = try .init(rawRepresentation: secrets.agreementKey) } catch { throw .badKey(secrets.identity) }
        for (peer, keys) in directory {
            do {
                _ = try Curve25519.Signing.PublicKey(rawRepresentation: keys.signing)
                signing[peer] = keys.signing
                let shared = try agreementKey.sharedSecretFromKeyAgreement(
                    with: Curve25519.KeyAgreement.PublicKey(rawRepresentation: keys.agreement))
                // Both ends derive the same key: the pair's identities, sorted, are the HKDF info.
                let names = [secrets.identity.description, peer.description].sorted().joined(separator: "|")
                let key = shared.hkdfDerivedSymmetricKey(
                    using: SHA256.self, salt: Array("bftcheck-replica/1".utf8), sharedInfo: Array(names.utf8), outputByteCount: 32)
                macs[peer] = key.withUnsafeBytes { Array($0) }
            } catch { throw .badKey(peer) }
        }
        signingKeys = signing
        macKeys = macs
    }

    /// Whether `message` is authenticated by a signature rather than a MAC.
    static func isSigned(_ message: WireMessage) -> Bool {
        switch message {
        case .protocolMessage(.checkpoint), .protocolMessage(.viewChange), .protocolMessage(.newView): true
        default: false
        }
    }

    func sign(_ bytes: [UInt8]) -> [UInt8] {
        // Signing only fails for a malformed key, which `NodeSecrets` rules out.
        Array(try! Curve25519.Signing.PrivateKey(rawRepresentation: secrets.signingKey).signature(for: bytes))
    }

    /// `message` from this node to `receiver`, with its authenticator; a VIEW-CHANGE of this node (also
    /// inside a NEW-VIEW) gets its signature.
    ///
    /// - Throws: `AuthenticationError.nonMember` when `receiver` has no keys.
    public func seal(_ message: WireMessage, to receiver: PeerIdentity) throws(AuthenticationError) -> Envelope {
        var message = message
        guard case .replica(let me) = identity else { return try mac(message, to: receiver) }
        switch message {
        case .protocolMessage(.viewChange(var viewChange)):
            viewChange.signature = sign(WireCodec.signedBytes(of: viewChange, by: me))
            return Envelope(sender: identity, message: .protocolMessage(.viewChange(viewChange)))
        case .protocolMessage(.newView(let newView)):
            let changes = newView.viewChanges.map { signed -> SignedViewChange in
                guard signed.sender == me, signed.viewChange.signature.isEmpty else { return signed }
                var viewChange = signed.viewChange
                viewChange.signature = sign(WireCodec.signedBytes(of: viewChange, by: me))
                return SignedViewChange(sender: me, viewChange: viewChange)
            }
            message = .protocolMessage(
                .newView(
                    NewView(
                        view: newView.view, viewChanges: changes, checkpoint: newView.checkpoint,
                        checkpointDigest: newView.checkpointDigest,
                        batches: newView.batches)))
            return Envelope(
                sender: identity, message: message, authenticator: sign(WireCodec.signedBytes(sender: identity, message: message)))
        case .protocolMessage(.checkpoint):
            return Envelope(
                sender: identity, message: message, authenticator: sign(WireCodec.signedBytes(sender: identity, message: message)))
        default:
            return try mac(message, to: receiver)
        }
    }

    func mac(_ message: WireMessage, to receiver: PeerIdentity) throws(AuthenticationError) -> Envelope {
        guard let key = macKeys[receiver] else { throw .nonMember(receiver) }
        let code = HMAC<SHA256>.authenticationCode(
            for: WireCodec.signedBytes(sender: identity, message: message), using: SymmetricKey(data: key))
        return Envelope(sender: identity, message: message, authenticator: Array(code))
    }

    func verify(_ signature: [UInt8], of bytes: [UInt8], by signer: PeerIdentity) throws(AuthenticationError) {
        guard let raw = signingKeys[signer], let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
            throw .nonMember(signer)
        }
        guard key.isValidSignature(signature, for: bytes) else { throw .badSignature(signer) }
    }

    /// The message of `envelope`, once its authenticator (and those of any VIEW-CHANGE inside) verify.
    ///
    /// - Parameter connectionPeer: who opened the connection it came on, if known: the sender must be it.
    /// - Throws: `AuthenticationError` naming what failed.
    public func open(_ envelope: Envelope, from connectionPeer: PeerIdentity?) throws(AuthenticationError) -> WireMessage {
        let sender = envelope.sender
        if let connectionPeer, connectionPeer != sender { throw .senderMismatch(claimed: sender, connection: connectionPeer) }
        guard signingKeys[sender] != nil else { throw .nonMember(sender) }
        switch envelope.message {
        case .protocolMessage(.viewChange(let viewChange)):
            guard case .replica(let replica) = sender else { throw .badSignature(sender) }
            try verify(viewChange.signature, of: WireCodec.signedBytes(of: viewChange, by: replica), by: sender)
        case .protocolMessage(.newView(let newView)):
            try verify(envelope.authenticator, of: WireCodec.signedBytes(sender: sender, message: envelope.message), by: sender)
            for signed in newView.viewChanges {
                try verify(
                    signed.viewChange.signature, of: WireCodec.signedBytes(of: signed.viewChange, by: signed.sender),
                    by: .replica(signed.sender))
            }
        case .protocolMessage(.checkpoint):
            try verify(envelope.authenticator, of: WireCodec.signedBytes(sender: sender, message: envelope.message), by: sender)
        default:
            guard let key = macKeys[sender] else { throw .nonMember(sender) }
            guard
                HMAC<SHA256>.isValidAuthenticationCode(
                    envelope.authenticator, authenticating: WireCodec.signedBytes(sender: sender, message: envelope.message),
                    using: SymmetricKey(data: key))
            else { throw .badMAC(sender) }
        }
        return envelope.message
    }
}
