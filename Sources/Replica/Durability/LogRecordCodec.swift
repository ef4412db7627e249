/// The encoding of write-ahead log records: `length:u32 crc32c:u32 payload`, the payload a tagged
/// `ReplicaInput` in the wire codec's encoding (its version, now 2). A record whose length runs past the end, or
/// whose checksum does not match, ends the readable log: it is the torn tail of a crash. A compacted log
/// begins with a `.restore` record (kind 4): the stable checkpoint it starts from (OSDI '99 §4.3).
public enum LogRecordCodec {
    /// The record of `input`.
    public static func encode(_ input: ReplicaInput) -> [UInt8] {
        var payload = ByteWriter()
        payload.write(WireCodec.version)
        switch input {
        case .message(let message, let sender):
            payload.write(UInt8(1))
            payload.write(UInt32(sender.index))
            WireCodec.write(message, into: &payload)
        case .request(let request):
            payload.write(UInt8(2))
            WireCodec.write(request, into: &payload)
        case .timer(let timer):
            payload.write(UInt8(3))
            switch timer {
            case .batch: payload.write(UInt8(1))
            case .viewChange(let view):
                payload.write(UInt8(2))
                payload.write(view.number)
            case .stateFetch(let sequence):
                payload.write(UInt8(3))
                payload.write(sequence.number)
            case .retransmit: payload.write(UInt8(4))
            }
        case .restore(let checkpoint):
            payload.write(UInt8(4))
            payload.write(checkpoint.view.number)
            WireCodec.write(.state(checkpoint.snapshot), into: &payload)
            payload.write(UInt32(checkpoint.proof.count))
            for vote in checkpoint.proof {
                payload.write(UInt32(vote.replica.index))
                payload.writeBlob(vote.signature)
            }
            if let sent = checkpoint.sentNewView {
                payload.write(UInt8(1))
                WireCodec.write(.newView(sent), into: &payload)
            } else {
                payload.write(UInt8(0))
            }
        }
        var record = ByteWriter()
        record.write(UInt32(payload.bytes.count))
        record.write(CRC32C.checksum(payload.bytes))
        return record.bytes + payload.bytes
    }

    /// The records of `bytes` up to the first torn or corrupt one, and how many bytes they span.
    ///
    /// - Throws: `CodecError` when a record's checksum matches but its payload does not decode (a log
    ///   written by something else): that is not a crash's tail, and recovery must stop.
    public static func decode(
        _ bytes: [UInt8], codec: WireCodec = WireCodec()
    ) throws(CodecError) -> (inputs: [ReplicaInput], validBytes: Int) {
        var inputs: [ReplicaInput] = []
        var offset = 0
        while bytes.count - offset >= 8 {
            var header = ByteReader(Array(bytes[offset..<offset + 8]))
            let length = Int(try header.readUInt32("record.length"))
            let checksum = try header.readUInt32("record.checksum")
            guard length <= codec.limits.maximumFrameBytes, bytes.count - offset - 8 >= length else { break }
            let payload = Array(bytes[offset + 8..<offset + 8 + length])
            guard CRC32C.checksum(payload) == checksum else { break }
            inputs.append(try decodePayload(payload, codec: codec))
            offset += 8 + length
        }
        return (inputs, offset)
    }

    static func decodePayload(_ payload: [UInt8], codec: WireCodec) throws(CodecError) -> ReplicaInput {
        var reader = ByteReader(payload)
        let version = try reader.readUInt8("record.version")
        guard version == WireCodec.version else { throw .unsupportedVersion(version) }
        let input: ReplicaInput
        switch try reader.readUInt8("record.kind") {
        case 1:
            let sender = try codec.readReplica(&reader, "record.sender")
            guard case .protocolMessage(let message) = try codec.readMessage(&reader) else {
                throw .invalid(field: "record.message", reason: "not a protocol message")
            }
            input = .message(message, from: sender)
        case 2: input = .request(try codec.readRequest(&reader))
        case 3:
            switch try reader.readUInt8("record.timer") {
            case 1: input = .timer(.batch)
            case 2: input = .timer(.viewChange(ViewNumber(try reader.readUInt64("record.view"))))
            case 3: input = .timer(.stateFetch(SequenceNumber(try reader.readUInt64("record.seq"))))
            case 4: input = .timer(.retransmit)
            case let tag: throw .unknownTag(field: "record.timer", tag: tag)
            }
        case 4: input = .restore(try decodeCheckpoint(&reader, codec: codec))
        case let kind: throw .unknownTag(field: "record.kind", tag: kind)
        }
        try reader.finish()
        return input
    }

    /// A compacted log's first record: view, the stable checkpoint's snapshot, its proof, the NEW-VIEW sent.
    static func decodeCheckpoint(_ reader: inout ByteReader, codec: WireCodec) throws(CodecError) -> LogCheckpoint {
        let view = ViewNumber(try reader.readUInt64("record.checkpoint.view"))
        guard case .protocolMessage(.state(let snapshot)) = try codec.readMessage(&reader) else {
            throw .invalid(field: "record.checkpoint.state", reason: "not a checkpoint state")
        }
        let count = try reader.readCount("record.checkpoint.proof", limit: codec.limits.maximumMembers)
        var proof: [SignedCheckpoint] = []
        for _ in 0..<count {
            let replica = try codec.readReplica(&reader, "record.checkpoint.proof.replica")
            proof.append(
                SignedCheckpoint(replica: replica, signature: try reader.readBlob("record.checkpoint.proof.signature", limit: 1_024)))
        }
        var sentNewView: NewView?
        switch try reader.readUInt8("record.checkpoint.new-view") {
        case 0: break
        case 1:
            guard case .protocolMessage(.newView(let sent)) = try codec.readMessage(&reader) else {
                throw .invalid(field: "record.checkpoint.new-view", reason: "not a NEW-VIEW")
            }
            sentNewView = sent
        case let tag: throw .unknownTag(field: "record.checkpoint.new-view", tag: tag)
        }
        return LogCheckpoint(view: view, snapshot: snapshot, proof: proof, sentNewView: sentNewView)
    }
}
