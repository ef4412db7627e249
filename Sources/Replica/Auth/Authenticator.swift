import Crypto

/// Seals outgoing messages and opens incoming ones for one node (Castro & Liskov, TOCS 2002 §3.2, §4.5):
/// HMAC-SHA256 with the pairwise key for the normal case, client requests, replies and state transfer;
/// Ed25519 signatures for NEW-VIEW frames, for each VIEW-CHANGE (whose signature travels inside the
/// message, so that a NEW-VIEW can carry V with proof), and for each PREPARE and CHECKPOINT (their
/// signatures travel inside too, on top of the frame's MAC, so that a VIEW-CHANGE can carry them as
/// proof of its prepared certificates and of its stable checkpoint, OSDI '99 §4.4). Opening checks
/// membership, that the frame's sender is the connection's peer, and every MAC and signature, including
/// every one in every proof of every VIEW-CHANGE.
public struct Authenticator: Sendable {
    /// This node's identity.
    public var identity: PeerIdentity { secrets.identity }
    let secrets: NodeSecrets
    /// Each member's Ed25519 public key, raw (swift-crypto's key types are not `Sendable`).
    let signingKeys: PeerTable<[UInt8]>
    /// The pairwise HMAC key with each member.
    let macKeys: PeerTable<MACKey>
    /// This node's signing key and each member's verifying key, made once: making a private key from its
    /// raw bytes derives its public key, which cost about what the signature did.
    let keys: SigningKeys

    /// An authenticator for the node holding `secrets`, in a cluster whose public keys are `directory`.
    ///
    /// - Throws: `AuthenticationError.badKey` when a public key is malformed.
    public init(secrets: NodeSecrets, directory: [PeerIdentity: PublicKeys]) throws(AuthenticationError) {
        self.secrets = secrets
        var signing: [PeerIdentity: [UInt8]] = [:]
        var verifying: [PeerIdentity: Curve25519.Signing.PublicKey] = [:]
        var macs: [PeerIdentity: MACKey] = [:]
        let agreementKey: Curve25519.KeyAgreement.PrivateKey
        do { agreementKey = try .init(rawRepresentation: secrets.agreementKey) } catch { throw .badKey(secrets.identity) }
        for (peer, keys) in directory {
            do {
                verifying[peer] = try Curve25519.Signing.PublicKey(rawRepresentation: keys.signing)
                signing[peer] = keys.signing
                let shared = try agreementKey.sharedSecretFromKeyAgreement(
                    with: Curve25519.KeyAgreement.PublicKey(rawRepresentation: keys.agreement))
                // Both ends derive the same key: the pair's identities, sorted, are the HKDF info.
                let names = [secrets.identity.description, peer.description].sorted().joined(separator: "|")
                let key = shared.hkdfDerivedSymmetricKey(
                    using: SHA256.self, salt: Array("bftcheck-replica/1".utf8), sharedInfo: Array(names.utf8), outputByteCount: 32)
                macs[peer] = MACKey(key.withUnsafeBytes { Array($0) })
            } catch { throw .badKey(peer) }
        }
        signingKeys = PeerTable(signing)
        macKeys = PeerTable(macs)
        let privateKey: Curve25519.Signing.PrivateKey
        do { privateKey = try .init(rawRepresentation: secrets.signingKey) } catch { throw .badKey(secrets.identity) }
        self.keys = SigningKeys(privateKey: privateKey, publicKeys: PeerTable(verifying))
    }

    func sign(_ bytes: [UInt8]) -> [UInt8] {
        // Signing only fails for a malformed key, which `NodeSecrets` rules out.
        Array(try! keys.privateKey.signature(for: bytes))
    }

    /// This node's `viewChange`, completed and signed: its own CHECKPOINT in C and its own PREPAREs in the
    /// certificates' proofs get their signatures (the state machine leaves them empty), then the whole
    /// message is signed.
    func signed(_ viewChange: ViewChange, by me: ReplicaID) -> ViewChange {
        var viewChange = viewChange
        let prepared = viewChange.prepared.map { certificate -> PreparedCertificate in
            var certificate = certificate
            let vote = SlotVote(view: certificate.view, sequence: certificate.sequence, digest: certificate.batch.digest)
            certificate.prepares = certificate.prepares.map { prepare in
                guard prepare.replica == me, prepare.signature.isEmpty else { return prepare }
                return SignedPrepare(replica: me, signature: sign(WireCodec.signedBytes(ofPrepare: vote, by: me)))
            }
            return certificate
        }
        let checkpoint = CheckpointVote(sequence: viewChange.checkpoint, stateDigest: viewChange.checkpointDigest)
        let checkpointProof = viewChange.checkpointProof.map { vote in
            guard vote.replica == me, vote.signature.isEmpty else { return vote }
            return SignedCheckpoint(replica: me, signature: sign(WireCodec.signedBytes(ofCheckpoint: checkpoint, by: me)))
        }
        viewChange = ViewChange(
            view: viewChange.view, checkpoint: viewChange.checkpoint, checkpointDigest: viewChange.checkpointDigest,
            checkpointProof: checkpointProof, prepared: prepared)
        viewChange.signature = sign(WireCodec.signedBytes(of: viewChange, by: me))
        return viewChange
    }

    /// `message` from this node to `receiver`, with its authenticator; a VIEW-CHANGE of this node (also
    /// inside a NEW-VIEW) gets its signature, and so does a PREPARE.
    ///
    /// - Throws: `AuthenticationError.nonMember` when `receiver` has no keys.
    public func seal(_ message: WireMessage, to receiver: PeerIdentity) throws(AuthenticationError) -> Envelope {
        var message = message
        guard case .replica(let me) = identity else { return try mac(message, to: receiver) }
        switch message {
        case .protocolMessage(.viewChange(let viewChange)):
            return Envelope(sender: identity, message: .protocolMessage(.viewChange(signed(viewChange, by: me))))
        case .protocolMessage(.newView(let newView)):
            let changes = newView.viewChanges.map { signed -> SignedViewChange in
                guard signed.sender == me, signed.viewChange.signature.isEmpty else { return signed }
                return SignedViewChange(sender: me, viewChange: self.signed(signed.viewChange, by: me))
            }
            message = .protocolMessage(
                .newView(
                    NewView(
                        view: newView.view, viewChanges: changes, checkpoint: newView.checkpoint,
                        checkpointDigest: newView.checkpointDigest,
                        batches: newView.batches)))
            return Envelope(
                sender: identity, message: message, authenticator: sign(WireCodec.signedBytes(sender: identity, message: message)))
        default:
            return try mac(withOwnSignature(message, by: me), to: receiver)
        }
    }

    /// `message` with this replica's own signature inside where it carries one: a PREPARE's and a
    /// CHECKPOINT's, which VIEW-CHANGEs forward as proof (OSDI '99 §4.4); any other message as it is.
    func withOwnSignature(_ message: WireMessage, by me: ReplicaID) -> WireMessage {
        switch message {
        case .protocolMessage(.prepare(var vote)):
            vote.signature = sign(WireCodec.signedBytes(ofPrepare: vote, by: me))
            return .protocolMessage(.prepare(vote))
        case .protocolMessage(.checkpoint(var vote)):
            vote.signature = sign(WireCodec.signedBytes(ofCheckpoint: vote, by: me))
            return .protocolMessage(.checkpoint(vote))
        default:
            return message
        }
    }

    func mac(_ message: WireMessage, to receiver: PeerIdentity) throws(AuthenticationError) -> Envelope {
        guard let key = macKeys[receiver] else { throw .nonMember(receiver) }
        let code = key.code(for: WireCodec.signedBytes(sender: identity, message: message)[...])
        return Envelope(sender: identity, message: message, authenticator: code)
    }

    /// The frames (length prefix included, `WireCodec`) that carry `message` from this node to each of
    /// `receivers`, in order: what `seal(_:to:)` and `WireCodec.encode(_:)` make, but with the message
    /// encoded, and its own signature made, once for all receivers; only the MAC is per receiver.
    ///
    /// - Throws: `AuthenticationError.nonMember` when a receiver has no keys.
    public func sealedFrames(_ message: WireMessage, to receivers: [PeerIdentity]) throws(AuthenticationError) -> [[UInt8]] {
        let sealed = try sealedParts(message, to: receivers)
        return sealed.authenticators.map { WireCodec.frame(signed: sealed.signed, authenticator: $0) }
    }

    /// What `sealedFrames(_:to:)` puts in each frame, not yet framed: the bytes every receiver's
    /// authenticator covers (`WireCodec.signedBytes(sender:message:)`, once), and each receiver's
    /// authenticator, in order, so a transport can write the frames straight into its outgoing buffers
    /// (`WireCodec.frame(signed:authenticator:)` is the frame of one).
    ///
    /// - Throws: `AuthenticationError.nonMember` when a receiver has no keys.
    public func sealedParts(
        _ message: WireMessage, to receivers: [PeerIdentity]
    ) throws(AuthenticationError) -> (signed: [UInt8], authenticators: [[UInt8]]) {
        guard let first = receivers.first else { return ([], []) }
        var message = message
        if case .replica(let me) = identity {
            switch message {
            case .protocolMessage(.viewChange), .protocolMessage(.newView):
                // Signed, not MAC'd: the same frame for every receiver.
                let envelope = try seal(message, to: first)
                return (
                    WireCodec.signedBytes(sender: identity, message: envelope.message),
                    Array(repeating: envelope.authenticator, count: receivers.count)
                )
            default:
                message = withOwnSignature(message, by: me)
            }
        }
        let signed = WireCodec.signedBytes(sender: identity, message: message)
        var codes: [[UInt8]] = []
        codes.reserveCapacity(receivers.count)
        for receiver in receivers {
            guard let key = macKeys[receiver] else { throw .nonMember(receiver) }
            codes.append(key.code(for: signed[...]))
        }
        return (signed, codes)
    }

    func verify(_ signature: [UInt8], of bytes: [UInt8], by signer: PeerIdentity) throws(AuthenticationError) {
        guard let key = keys.publicKeys[signer] else { throw .nonMember(signer) }
        guard key.isValidSignature(signature, for: bytes) else { throw .badSignature(signer) }
    }

    /// Verifies `viewChange`'s signature by `sender`, then the signature of every CHECKPOINT in C and of
    /// every PREPARE in the proof of every prepared certificate it carries (§4.4). How many a proof needs,
    /// and from whom, is the state machine's check (`DropReason.invalidCheckpointProof`,
    /// `.invalidCertificate`); this one is that each was really sent, for what the proof claims.
    ///
    /// - Throws: `AuthenticationError.badSignature` for the VIEW-CHANGE's own signature,
    ///   `.forgedProof(sender)` for a PREPARE's.
    func verify(_ viewChange: ViewChange, by sender: ReplicaID) throws(AuthenticationError) {
        try verify(viewChange.signature, of: WireCodec.signedBytes(of: viewChange, by: sender), by: .replica(sender))
        let checkpoint = CheckpointVote(sequence: viewChange.checkpoint, stateDigest: viewChange.checkpointDigest)
        for vote in viewChange.checkpointProof {
            do {
                try verify(
                    vote.signature, of: WireCodec.signedBytes(ofCheckpoint: checkpoint, by: vote.replica), by: .replica(vote.replica))
            } catch { throw .forgedProof(sender) }
        }
        for certificate in viewChange.prepared {
            let vote = SlotVote(view: certificate.view, sequence: certificate.sequence, digest: certificate.batch.digest)
            for prepare in certificate.prepares {
                do {
                    try verify(
                        prepare.signature, of: WireCodec.signedBytes(ofPrepare: vote, by: prepare.replica), by: .replica(prepare.replica))
                } catch { throw .forgedProof(sender) }
            }
        }
    }

    /// The message of `envelope`, once its authenticator (and those of any VIEW-CHANGE inside) verify.
    ///
    /// - Parameters:
    ///   - signed: the bytes the envelope's authenticator covers as they arrived
    ///     (`WireCodec.decodeFrame(_:)`), if the caller has them: a MAC is then checked over them rather
    ///     than over the message encoded again. Decoding is a function of the bytes, so a MAC over the
    ///     received bytes authenticates the decoded message.
    ///   - connectionPeer: who opened the connection it came on, if known: the sender must be it.
    /// - Throws: `AuthenticationError` naming what failed.
    public func open(
        _ envelope: Envelope, covering signed: ArraySlice<UInt8>? = nil, from connectionPeer: PeerIdentity?
    ) throws(AuthenticationError) -> WireMessage {
        let sender = envelope.sender
        if let connectionPeer, connectionPeer != sender { throw .senderMismatch(claimed: sender, connection: connectionPeer) }
        guard signingKeys[sender] != nil else { throw .nonMember(sender) }
        switch envelope.message {
        case .protocolMessage(.viewChange(let viewChange)):
            guard case .replica(let replica) = sender else { throw .badSignature(sender) }
            try verify(viewChange, by: replica)
        case .protocolMessage(.newView(let newView)):
            try verify(envelope.authenticator, of: WireCodec.signedBytes(sender: sender, message: envelope.message), by: sender)
            for signed in newView.viewChanges { try verify(signed.viewChange, by: signed.sender) }
        case .protocolMessage(.prepare(let vote)):
            guard case .replica(let replica) = sender else { throw .badSignature(sender) }
            try verifyMAC(envelope, covering: signed)
            try verify(vote.signature, of: WireCodec.signedBytes(ofPrepare: vote, by: replica), by: sender)
        case .protocolMessage(.checkpoint(let vote)):
            guard case .replica(let replica) = sender else { throw .badSignature(sender) }
            try verifyMAC(envelope, covering: signed)
            try verify(vote.signature, of: WireCodec.signedBytes(ofCheckpoint: vote, by: replica), by: sender)
        default:
            try verifyMAC(envelope, covering: signed)
        }
        return envelope.message
    }

    func verifyMAC(_ envelope: Envelope, covering signed: ArraySlice<UInt8>?) throws(AuthenticationError) {
        let sender = envelope.sender
        guard let key = macKeys[sender] else { throw .nonMember(sender) }
        let valid =
            if let signed {
                key.isValid(envelope.authenticator, for: signed)
            } else {
                key.isValid(envelope.authenticator, for: WireCodec.signedBytes(sender: sender, message: envelope.message)[...])
            }
        guard valid else { throw .badMAC(sender) }
    }
}

/// An authenticator's Ed25519 keys, made from their raw bytes once. `@unchecked`: swift-crypto's key types
/// are not marked `Sendable`; they are immutable values here, and signing or verifying mutates nothing.
final class SigningKeys: @unchecked Sendable {
    /// This node's signing key.
    let privateKey: Curve25519.Signing.PrivateKey
    /// Each member's verifying key.
    let publicKeys: PeerTable<Curve25519.Signing.PublicKey>

    init(privateKey: Curve25519.Signing.PrivateKey, publicKeys: PeerTable<Curve25519.Signing.PublicKey>) {
        self.privateKey = privateKey
        self.publicKeys = publicKeys
    }
}
