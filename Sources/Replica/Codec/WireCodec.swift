/// The binary wire format, version 2: length-prefixed frames (a 4-byte big-endian length, then the
/// frame), each frame a version byte, the sender, one tagged message and its authenticator. Every
/// length and count is checked against `CodecLimits` before use; malformed input is a `CodecError`.
/// Version 2 (issue 12) adds the proofs a VIEW-CHANGE carries (Castro & Liskov, OSDI '99 §4.4; TOCS
/// 2002 §4.5): the own signature of a PREPARE (a blob after the digest of every PREPARE and COMMIT) and of
/// a CHECKPOINT (a blob after its digest); after a VIEW-CHANGE's checkpoint digest, C (a count, then
/// replica:u32 signature:blob per CHECKPOINT); after each prepared certificate's batch, its proof (a
/// count, then replica:u32 signature:blob per PREPARE). Version 1 frames are refused.
///
/// ```
/// frame   = length:u32 version:u8(=2) sender message authenticator:blob
/// sender  = kind:u8 (1 replica, 2 client) id:u32
/// message = tag:u8 fields…            (tags: `WireCodec.Tag`)
/// blob    = length:u32 bytes
/// ```
public struct WireCodec: Sendable {
    /// The version this codec writes and reads.
    public static let version: UInt8 = 2

    /// The limits decoding enforces.
    public let limits: CodecLimits

    /// A codec with `limits`.
    public init(limits: CodecLimits = CodecLimits()) { self.limits = limits }

    /// Message tags.
    enum Tag: UInt8 {
        case hello = 1, prePrepare, prepare, commit, checkpoint, viewChange, newView, fetchState, state, request, reply
    }

    // MARK: Encoding

    /// The frame of `envelope`, length prefix included.
    public func encode(_ envelope: Envelope) -> [UInt8] {
        Self.frame(signed: Self.signedBytes(sender: envelope.sender, message: envelope.message), authenticator: envelope.authenticator)
    }

    /// The frame, length prefix included, of the bytes `signed` (`signedBytes(sender:message:)`) and the
    /// authenticator over them.
    public static func frame(signed: [UInt8], authenticator: [UInt8]) -> [UInt8] {
        var frame = ByteWriter(capacity: 8 + signed.count + authenticator.count)
        frame.write(UInt32(signed.count + 4 + authenticator.count))
        frame.write(bytes: signed)
        frame.writeBlob(authenticator)
        return frame.bytes
    }

    /// The bytes an envelope's authenticator covers: version, sender and message.
    public static func signedBytes(sender: PeerIdentity, message: WireMessage) -> [UInt8] {
        var writer = ByteWriter(capacity: 256)
        writeSigned(sender, message, into: &writer)
        return writer.bytes
    }

    /// The bytes a VIEW-CHANGE's own signature covers (so a NEW-VIEW can carry it): a domain tag, the
    /// sender and the fields but the signature.
    public static func signedBytes(of viewChange: ViewChange, by sender: ReplicaID) -> [UInt8] {
        proofBytes(tag: 0x56, by: sender) { writeUnsigned(viewChange, into: &$0) }  // "V"
    }

    /// The bytes a PREPARE's own signature covers (so a prepared certificate can carry it, §4.4): a
    /// domain tag, the backup, v, n and d.
    public static func signedBytes(ofPrepare vote: SlotVote, by replica: ReplicaID) -> [UInt8] {
        proofBytes(tag: 0x50, by: replica) {  // "P"
            $0.write(vote.view.number)
            $0.write(vote.sequence.number)
            $0.write(vote.digest)
        }
    }

    /// The bytes a CHECKPOINT's own signature covers (so a VIEW-CHANGE's C can carry it, §4.4): a domain
    /// tag, the replica, n and d.
    public static func signedBytes(ofCheckpoint vote: CheckpointVote, by replica: ReplicaID) -> [UInt8] {
        proofBytes(tag: 0x43, by: replica) {  // "C"
            $0.write(vote.sequence.number)
            $0.write(vote.stateDigest)
        }
    }

    /// A proof's signed bytes: its domain tag (one byte per kind, so a signature over one kind never
    /// verifies as another), the signer, then the fields `body` writes.
    static func proofBytes(tag: UInt8, by signer: ReplicaID, _ body: (inout ByteWriter) -> Void) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(tag)
        writer.write(UInt32(signer.index))
        body(&writer)
        return writer.bytes
    }

    static func writeSigned(_ sender: PeerIdentity, _ message: WireMessage, into writer: inout ByteWriter) {
        writer.write(version)
        write(sender, into: &writer)
        switch message {
        case .hello(let peer):
            writer.write(Tag.hello.rawValue)
            write(peer, into: &writer)
        case .protocolMessage(let message): write(message, into: &writer)
        case .request(let request):
            writer.write(Tag.request.rawValue)
            write(request, into: &writer)
        case .reply(let reply):
            writer.write(Tag.reply.rawValue)
            writer.write(reply.view.number)
            writer.write(reply.timestamp)
            writer.write(reply.client.number)
            writer.write(UInt32(reply.replica.index))
            writer.writeBlob(reply.result)
        }
    }

    static func write(_ peer: PeerIdentity, into writer: inout ByteWriter) {
        switch peer {
        case .replica(let replica):
            writer.write(UInt8(1))
            writer.write(UInt32(replica.index))
        case .client(let client):
            writer.write(UInt8(2))
            writer.write(client.number)
        }
    }

    static func write(_ request: ClientRequest, into writer: inout ByteWriter) {
        writer.write(request.client.number)
        writer.write(request.timestamp)
        writer.writeBlob(request.operation)
    }

    static func write(_ batch: RequestBatch, into writer: inout ByteWriter) {
        writer.write(UInt32(batch.requests.count))
        for request in batch.requests { write(request, into: &writer) }
    }

    static func write(_ vote: SlotVote, tag: Tag, into writer: inout ByteWriter) {
        writer.write(tag.rawValue)
        writer.write(vote.view.number)
        writer.write(vote.sequence.number)
        writer.write(vote.digest)
        writer.writeBlob(vote.signature)
    }

    static func writeUnsigned(_ viewChange: ViewChange, into writer: inout ByteWriter) {
        writer.write(viewChange.view.number)
        writer.write(viewChange.checkpoint.number)
        writer.write(viewChange.checkpointDigest)
        writer.write(UInt32(viewChange.checkpointProof.count))
        for vote in viewChange.checkpointProof {
            writer.write(UInt32(vote.replica.index))
            writer.writeBlob(vote.signature)
        }
        writer.write(UInt32(viewChange.prepared.count))
        for certificate in viewChange.prepared {
            writer.write(certificate.view.number)
            writer.write(certificate.sequence.number)
            write(certificate.batch, into: &writer)
            writer.write(UInt32(certificate.prepares.count))
            for prepare in certificate.prepares {
                writer.write(UInt32(prepare.replica.index))
                writer.writeBlob(prepare.signature)
            }
        }
    }

    static func write(_ viewChange: ViewChange, into writer: inout ByteWriter) {
        writeUnsigned(viewChange, into: &writer)
        writer.writeBlob(viewChange.signature)
    }

    static func write(_ message: ProtocolMessage, into writer: inout ByteWriter) {
        switch message {
        case .prePrepare(let m):
            writer.write(Tag.prePrepare.rawValue)
            writer.write(m.view.number)
            writer.write(m.sequence.number)
            write(m.batch, into: &writer)
        case .prepare(let m): write(m, tag: .prepare, into: &writer)
        case .commit(let m): write(m, tag: .commit, into: &writer)
        case .checkpoint(let m):
            writer.write(Tag.checkpoint.rawValue)
            writer.write(m.sequence.number)
            writer.write(m.stateDigest)
            writer.writeBlob(m.signature)
        case .viewChange(let m):
            writer.write(Tag.viewChange.rawValue)
            write(m, into: &writer)
        case .newView(let m):
            writer.write(Tag.newView.rawValue)
            writer.write(m.view.number)
            writer.write(UInt32(m.viewChanges.count))
            for signed in m.viewChanges {
                writer.write(UInt32(signed.sender.index))
                write(signed.viewChange, into: &writer)
            }
            writer.write(m.checkpoint.number)
            writer.write(m.checkpointDigest)
            writer.write(UInt32(m.batches.count))
            for batch in m.batches { write(batch, into: &writer) }
        case .fetchState(let m):
            writer.write(Tag.fetchState.rawValue)
            writer.write(m.sequence.number)
            writer.write(m.stateDigest)
        case .state(let m):
            writer.write(Tag.state.rawValue)
            writer.write(m.sequence.number)
            writer.write(m.history)
            writer.writeBlob(m.service)
            writer.write(UInt32(m.replies.count))
            for record in m.replies {
                writer.write(record.client.number)
                writer.write(record.timestamp)
                writer.writeBlob(record.result)
            }
        }
    }
}
