import Testing

@testable import Replica

/// The wire codec (versioned, length-prefixed frames with size limits) and authentication (HMAC-SHA256,
/// Ed25519; Castro & Liskov, TOCS 2002 §3.2, §4.5): round trips of every message, and malformed,
/// oversized and forged input refused with an error, never a crash.
@Suite struct CodecTests {
    static let batch = RequestBatch([request(1, 1, "a"), request(2, 7, "bb")])
    static let viewChange = ViewChange(
        view: ViewNumber(2), checkpoint: SequenceNumber(4), checkpointDigest: .hashing([4]),
        prepared: [
            PreparedCertificate(view: ViewNumber(1), sequence: SequenceNumber(5), batch: batch),
            PreparedCertificate(view: .initial, sequence: SequenceNumber(6), batch: .null),
        ])
    static let messages: [WireMessage] = [
        .hello(.replica(ReplicaID(3))), .hello(.client(ClientID(9))),
        .protocolMessage(.prePrepare(PrePrepare(view: ViewNumber(1), sequence: SequenceNumber(2), batch: batch))),
        .protocolMessage(.prepare(SlotVote(view: ViewNumber(1), sequence: SequenceNumber(2), digest: batch.digest))),
        .protocolMessage(.commit(SlotVote(view: ViewNumber(1), sequence: SequenceNumber(2), digest: .zero))),
        .protocolMessage(.checkpoint(CheckpointVote(sequence: SequenceNumber(4), stateDigest: .hashing([1, 2])))),
        .protocolMessage(.viewChange(viewChange)),
        // A certificate with its proof (r0's own PREPARE, which the authenticator signs when r0 seals it).
        .protocolMessage(
            .viewChange(
                ViewChange(
                    view: ViewNumber(2), checkpoint: SequenceNumber(4), checkpointDigest: .hashing([4]),
                    prepared: [
                        PreparedCertificate(
                            view: ViewNumber(1), sequence: SequenceNumber(5), batch: batch, prepares: [SignedPrepare(replica: ReplicaID(0))]
                        )
                    ]))),
        .protocolMessage(
            .newView(
                NewView(
                    view: ViewNumber(2), viewChanges: [SignedViewChange(sender: ReplicaID(1), viewChange: viewChange)],
                    checkpoint: SequenceNumber(4), checkpointDigest: .hashing([4]), batches: [batch, .null]))),
        .protocolMessage(.fetchState(StateFetch(sequence: SequenceNumber(4), stateDigest: .hashing([3])))),
        .protocolMessage(
            .state(
                CheckpointSnapshot(
                    sequence: SequenceNumber(4), history: .hashing([5]), service: [1, 2, 3],
                    replies: [ClientRecord(client: ClientID(1), timestamp: 3, result: [9])]))),
        .request(request(4, 2, "op")),
        .reply(ClientReply(view: ViewNumber(3), timestamp: 2, client: ClientID(4), replica: ReplicaID(1), result: Array("r".utf8))),
    ]

    @Test func everyMessageRoundTripsThroughFramesSplitAnywhere() throws {
        let codec = WireCodec()
        var stream: [UInt8] = []
        let envelopes = Self.messages.map { Envelope(sender: .replica(ReplicaID(1)), message: $0, authenticator: [7, 7]) }
        for envelope in envelopes { stream += codec.encode(envelope) }
        // Delivered in chunks of 1, 2, 3, … bytes, the frames come out whole and in order.
        for chunk in [1, 2, 3, 64, stream.count] {
            var decoder = FrameDecoder(maximumFrameBytes: 1 << 20)
            var decoded: [Envelope] = []
            var offset = 0
            while offset < stream.count {
                decoder.append(stream[offset..<min(offset + chunk, stream.count)])
                offset += chunk
                while let frame = try decoder.nextFrame() { decoded.append(try codec.decode(frame: frame)) }
            }
            #expect(decoded == envelopes)
            #expect(decoder.bufferedBytes == 0)
        }
    }

    @Test func everyTruncationIsAnErrorNotACrash() throws {
        let codec = WireCodec()
        for message in Self.messages {
            let frame = Array(codec.encode(Envelope(sender: .client(ClientID(1)), message: message)).dropFirst(4))
            for length in 0..<frame.count {
                #expect(throws: CodecError.self) { try codec.decode(frame: Array(frame.prefix(length))) }
            }
            #expect(throws: CodecError.trailingBytes(count: 1)) { try codec.decode(frame: frame + [0]) }
        }
    }

    @Test func seededByteFlipsNeverCrash() throws {
        let codec = WireCodec()
        var random = SimulationRandom(seed: 2026)
        var errors = 0
        var decoded = 0
        for round in 0..<3_000 {
            var frame = Array(
                codec.encode(Envelope(sender: .replica(ReplicaID(2)), message: Self.messages[round % Self.messages.count])).dropFirst(4))
            for _ in 0..<(1 + Int(random.next() % 4)) {
                frame[Int(random.next() % UInt64(frame.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            do {
                _ = try codec.decode(frame: frame)
                decoded += 1
            } catch { errors += 1 }
        }
        #expect(errors > 0 && errors + decoded == 3_000, "seed 2026")
    }

    @Test func versionTagsAndLimitsAreChecked() throws {
        let codec = WireCodec(limits: CodecLimits(maximumFrameBytes: 4_096, maximumBatchRequests: 1, maximumOperationBytes: 8))
        var frame = Array(codec.encode(Envelope(sender: .client(ClientID(1)), message: .request(request(1, 1)))).dropFirst(4))
        frame[0] = 1  // version 1 (before prepared-certificate proofs) is refused
        #expect(throws: CodecError.unsupportedVersion(1)) { try codec.decode(frame: frame) }
        frame[0] = WireCodec.version
        frame[6] = 200  // the message tag, after version (1) and sender (5)
        #expect(throws: CodecError.unknownTag(field: "message.tag", tag: 200)) { try codec.decode(frame: frame) }
        let big = Array(codec.encode(Envelope(sender: .client(ClientID(1)), message: .request(request(1, 1, "123456789")))).dropFirst(4))
        #expect(throws: CodecError.tooLarge(field: "request.operation", size: 9, limit: 8)) { try codec.decode(frame: big) }
        let twice = Array(codec.encode(Envelope(sender: .replica(ReplicaID(0)), message: Self.messages[2])).dropFirst(4))
        #expect(throws: CodecError.tooLarge(field: "batch.count", size: 2, limit: 1)) { try codec.decode(frame: twice) }
        // An oversized length prefix is refused before the body arrives.
        var decoder = FrameDecoder(maximumFrameBytes: 4_096)
        decoder.append([0, 1, 0, 0])
        #expect(throws: CodecError.tooLarge(field: "frame", size: 65_536, limit: 4_096)) { try decoder.nextFrame() }
    }

    /// An authenticator's keys by peer: dense numbers in arrays, others (a client numbered above the
    /// arrays' bound, a replica likewise) in a dictionary; absent peers are `nil`.
    @Test func peerTablesFindEveryPeerTheyHold() {
        var table = PeerTable<Int>([.replica(ReplicaID(2)): 2, .client(ClientID(7)): 7])
        table[.client(ClientID(UInt32(PeerTable<Int>.denseLimit) + 5))] = 99
        table[.replica(ReplicaID(PeerTable<Int>.denseLimit + 3))] = -1
        #expect(table[.replica(ReplicaID(2))] == 2 && table[.client(ClientID(7))] == 7)
        #expect(
            table[.client(ClientID(UInt32(PeerTable<Int>.denseLimit) + 5))] == 99
                && table[.replica(ReplicaID(PeerTable<Int>.denseLimit + 3))] == -1)
        #expect(table[.replica(ReplicaID(0))] == nil && table[.replica(ReplicaID(9))] == nil && table[.client(ClientID(2))] == nil)
        #expect(table[.client(ClientID(2))] == nil && table[.replica(ReplicaID(7))] == nil)
        table[.client(ClientID(7))] = nil
        #expect(table[.client(ClientID(7))] == nil)
    }

    /// `MACKey` is HMAC-SHA256: RFC 4231's test cases 2 (a short key) and 6 (a key longer than the block,
    /// hashed first).
    @Test func macKeysAreHMACSHA256() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        let short = MACKey(Array("Jefe".utf8)).code(for: Array("what do ya want for nothing?".utf8)[...])
        #expect(hex(short) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let long = MACKey(Array(repeating: 0xAA, count: 131))
        let data = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)[...]
        #expect(hex(long.code(for: data)) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(long.isValid(long.code(for: data), for: data))
        #expect(!long.isValid(short, for: data) && !long.isValid([], for: data))
    }

    @Test func macsAndSignaturesVerifyAndForgeriesAreRefused() throws {
        let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: 1)
        let r0 = try keyring.authenticator(for: .replica(ReplicaID(0)))
        let r1 = try keyring.authenticator(for: .replica(ReplicaID(1)))
        let outsider = ClusterKeyring.generate(replicaCount: 5, clientCount: 0)
        let codec = WireCodec()
        for message in Self.messages.dropFirst(2) {
            let sealed = try r0.seal(message, to: .replica(ReplicaID(1)))
            // Through the codec and back, it opens at r1, from r0's connection.
            let received = try codec.decode(frame: Array(codec.encode(sealed).dropFirst(4)))
            if case .protocolMessage(.newView) = message {
                // Its V holds r1's VIEW-CHANGE without r1's signature: refused (see the next test).
                #expect(throws: AuthenticationError.badSignature(.replica(ReplicaID(1)))) { try r1.open(received, from: nil) }
                continue
            }
            let opened = try r1.open(received, from: .replica(ReplicaID(0)))
            if case .protocolMessage(.viewChange(let change)) = opened {
                #expect(!change.signature.isEmpty)
            } else if case .protocolMessage(.prepare(var vote)) = opened {
                // A PREPARE carries its own signature, for prepared certificates' proofs.
                #expect(vote.signature.count == 64)
                vote.signature = []
                #expect(WireMessage.protocolMessage(.prepare(vote)) == message)
            } else if case .protocolMessage(.checkpoint(var vote)) = opened {
                // So does a CHECKPOINT, for stable checkpoints' proofs.
                #expect(vote.signature.count == 64)
                vote.signature = []
                #expect(WireMessage.protocolMessage(.checkpoint(vote)) == message)
            } else {
                #expect(opened == message)
            }
            #expect(throws: AuthenticationError.senderMismatch(claimed: .replica(ReplicaID(0)), connection: .replica(ReplicaID(2)))) {
                try r1.open(received, from: .replica(ReplicaID(2)))
            }
            // A forger with another cluster's keys is refused.
            let forged = try outsider.authenticator(for: .replica(ReplicaID(0))).seal(message, to: .replica(ReplicaID(1)))
            #expect(throws: AuthenticationError.self) { try r1.open(forged, from: nil) }
        }
        let mac = try r0.seal(
            .protocolMessage(.prepare(SlotVote(view: .initial, sequence: SequenceNumber(1), digest: .zero))), to: .replica(ReplicaID(1)))
        var tampered = mac
        tampered.authenticator[0] ^= 1
        #expect(throws: AuthenticationError.badMAC(.replica(ReplicaID(0)))) { try r1.open(tampered, from: nil) }
        let stranger = Envelope(sender: .replica(ReplicaID(4)), message: mac.message, authenticator: mac.authenticator)
        #expect(throws: AuthenticationError.nonMember(.replica(ReplicaID(4)))) { try r1.open(stranger, from: nil) }
    }

    /// A message sealed for several receivers at once is encoded, and signed, once: each frame is exactly
    /// what sealing it for that receiver alone and encoding gives (Ed25519 signatures are deterministic),
    /// and it opens at the receiver over the bytes as they arrived, which are the signed bytes; a MAC'd
    /// message whose received bytes differ in one bit is refused.
    @Test func framesSealedForManyReceiversAreEachReceiversFrameAndOpenOverTheReceivedBytes() throws {
        let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: 1)
        let codec = WireCodec()
        let senders: [(PeerIdentity, [WireMessage])] = [
            (.replica(ReplicaID(0)), Array(Self.messages.dropFirst(2))), (.client(ClientID(0)), [.request(request(0, 3, "op"))]),
        ]
        for (sender, messages) in senders {
            let authenticator = try keyring.authenticator(for: sender)
            let receivers = (1..<4).map { PeerIdentity.replica(ReplicaID($0)) }
            for message in messages {
                let frames = try authenticator.sealedFrames(message, to: receivers)
                #expect(frames.count == receivers.count)
                for (receiver, frame) in zip(receivers, frames) {
                    #expect(frame == codec.encode(try authenticator.seal(message, to: receiver)))
                    let (envelope, signed) = try codec.decodeFrame(Array(frame.dropFirst(4)))
                    #expect(Array(signed) == WireCodec.signedBytes(sender: envelope.sender, message: envelope.message))
                    let opener = try keyring.authenticator(for: receiver)
                    switch message {
                    case .protocolMessage(.newView): continue  // V holds VIEW-CHANGEs others never signed (next test)
                    case .protocolMessage(.viewChange):
                        // Signed inside, no MAC: it opens over the received bytes as over its encoding.
                        _ = try opener.open(envelope, covering: signed, from: sender)
                    default:
                        _ = try opener.open(envelope, covering: signed, from: sender)
                        var flipped = Array(signed)
                        flipped[flipped.count - 1] ^= 1
                        #expect(throws: AuthenticationError.badMAC(sender)) {
                            try opener.open(envelope, covering: flipped[...], from: sender)
                        }
                    }
                }
            }
            #expect(throws: AuthenticationError.nonMember(.replica(ReplicaID(9)))) {
                try authenticator.sealedFrames(.request(request(0, 4, "op")), to: [.replica(ReplicaID(1)), .replica(ReplicaID(9))])
            }
        }
    }

    @Test func aNewViewCarriesVerifiableViewChanges() throws {
        let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: 0)
        let r1 = try keyring.authenticator(for: .replica(ReplicaID(1)))
        let r2 = try keyring.authenticator(for: .replica(ReplicaID(2)))
        let r3 = try keyring.authenticator(for: .replica(ReplicaID(3)))
        // r2's VIEW-CHANGE as r1 received it (signature included), and r1's own, unsigned yet.
        guard
            case .protocolMessage(.viewChange(let fromR2)) = try r1.open(
                r2.seal(.protocolMessage(.viewChange(Self.viewChange)), to: .replica(ReplicaID(1))), from: nil)
        else { Issue.record("not a view change"); return }
        let newView = NewView(
            view: ViewNumber(2),
            viewChanges: [
                SignedViewChange(sender: ReplicaID(1), viewChange: Self.viewChange),
                SignedViewChange(sender: ReplicaID(2), viewChange: fromR2),
            ],
            checkpoint: SequenceNumber(4), checkpointDigest: .hashing([4]), batches: [])
        let sealed = try r1.seal(.protocolMessage(.newView(newView)), to: .replica(ReplicaID(3)))
        _ = try r3.open(sealed, from: .replica(ReplicaID(1)))
        // Altering a VIEW-CHANGE inside breaks its sender's signature.
        guard case .protocolMessage(.newView(let carried)) = sealed.message else { return }
        var altered = carried.viewChanges
        let original = altered[1].viewChange
        altered[1] = SignedViewChange(
            sender: ReplicaID(2),
            viewChange: ViewChange(
                view: original.view, checkpoint: original.checkpoint, checkpointDigest: .zero, prepared: [], signature: original.signature))
        let forged = NewView(
            view: carried.view, viewChanges: altered, checkpoint: carried.checkpoint, checkpointDigest: carried.checkpointDigest,
            batches: [])
        let resealed = try r1.seal(.protocolMessage(.newView(forged)), to: .replica(ReplicaID(3)))
        #expect(throws: AuthenticationError.badSignature(.replica(ReplicaID(2)))) { try r3.open(resealed, from: nil) }
    }
}
