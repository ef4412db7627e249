/// Decoding, with every length checked (see `WireCodec`).
extension WireCodec {
    /// Decodes one frame's bytes (after the length prefix).
    ///
    /// - Throws: `CodecError` for an unknown version or tag, a truncated or oversized field, or bytes
    ///   left over.
    public func decode(frame bytes: [UInt8]) throws(CodecError) -> Envelope {
        try decodeFrame(bytes).envelope
    }

    /// Decodes one frame's bytes (after the length prefix), and gives the bytes its authenticator covers
    /// as they arrived (`signedBytes(sender:message:)` of what was sent), so a MAC can be checked without
    /// encoding the message again (`Authenticator.open(_:covering:from:)`).
    ///
    /// - Throws: `CodecError`, as `decode(frame:)`.
    public func decodeFrame(_ bytes: [UInt8]) throws(CodecError) -> (envelope: Envelope, signed: ArraySlice<UInt8>) {
        guard bytes.count <= limits.maximumFrameBytes else {
            throw .tooLarge(field: "frame", size: bytes.count, limit: limits.maximumFrameBytes)
        }
        var reader = ByteReader(bytes)
        let version = try reader.readUInt8("version")
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let sender = try readPeer(&reader, "sender")
        let message = try readMessage(&reader)
        let signedEnd = reader.offset
        let authenticator = try reader.readBlob("authenticator", limit: 1_024)
        try reader.finish()
        return (Envelope(sender: sender, message: message, authenticator: authenticator), bytes[..<signedEnd])
    }

    func readReplica(_ reader: inout ByteReader, _ field: String) throws(CodecError) -> ReplicaID {
        let index = try reader.readUInt32(field)
        guard index < UInt32(limits.maximumMembers) else { throw .invalid(field: field, reason: "replica index \(index) is too large") }
        return ReplicaID(Int(index))
    }

    func readPeer(_ reader: inout ByteReader, _ field: String) throws(CodecError) -> PeerIdentity {
        switch try reader.readUInt8("\(field).kind") {
        case 1: return .replica(try readReplica(&reader, "\(field).id"))
        case 2: return .client(ClientID(try reader.readUInt32("\(field).id")))
        case let kind: throw .unknownTag(field: "\(field).kind", tag: kind)
        }
    }

    func readRequest(_ reader: inout ByteReader) throws(CodecError) -> ClientRequest {
        let client = ClientID(try reader.readUInt32("request.client"))
        let timestamp = try reader.readUInt64("request.timestamp")
        let operation = try reader.readBlob("request.operation", limit: limits.maximumOperationBytes)
        return ClientRequest(client: client, timestamp: timestamp, operation: operation)
    }

    func readBatch(_ reader: inout ByteReader) throws(CodecError) -> RequestBatch {
        let count = try reader.readCount("batch.count", limit: limits.maximumBatchRequests)
        var requests: [ClientRequest] = []
        requests.reserveCapacity(min(count, reader.remaining / 16))
        for _ in 0..<count { requests.append(try readRequest(&reader)) }
        return RequestBatch(requests)
    }

    func readVote(_ reader: inout ByteReader, _ field: String) throws(CodecError) -> SlotVote {
        SlotVote(
            view: ViewNumber(try reader.readUInt64("\(field).view")), sequence: SequenceNumber(try reader.readUInt64("\(field).seq")),
            digest: try reader.readDigest("\(field).digest"), signature: try reader.readBlob("\(field).signature", limit: 1_024))
    }

    func readViewChange(_ reader: inout ByteReader) throws(CodecError) -> ViewChange {
        let view = ViewNumber(try reader.readUInt64("view-change.view"))
        let checkpoint = SequenceNumber(try reader.readUInt64("view-change.checkpoint"))
        let digest = try reader.readDigest("view-change.state")
        let voteCount = try reader.readCount("view-change.checkpoint-proof", limit: limits.maximumMembers)
        var checkpointProof: [SignedCheckpoint] = []
        for _ in 0..<voteCount {
            let replica = try readReplica(&reader, "checkpoint-proof.replica")
            checkpointProof.append(
                SignedCheckpoint(replica: replica, signature: try reader.readBlob("checkpoint-proof.signature", limit: 1_024)))
        }
        let count = try reader.readCount("view-change.prepared", limit: limits.maximumCertificates)
        var prepared: [PreparedCertificate] = []
        for _ in 0..<count {
            let certificateView = ViewNumber(try reader.readUInt64("prepared.view"))
            let sequence = SequenceNumber(try reader.readUInt64("prepared.seq"))
            let batch = try readBatch(&reader)
            let proofCount = try reader.readCount("prepared.prepares", limit: limits.maximumMembers)
            var prepares: [SignedPrepare] = []
            for _ in 0..<proofCount {
                let replica = try readReplica(&reader, "prepared.prepare.replica")
                prepares.append(SignedPrepare(replica: replica, signature: try reader.readBlob("prepared.prepare.signature", limit: 1_024)))
            }
            prepared.append(PreparedCertificate(view: certificateView, sequence: sequence, batch: batch, prepares: prepares))
        }
        let signature = try reader.readBlob("view-change.signature", limit: 1_024)
        return ViewChange(
            view: view, checkpoint: checkpoint, checkpointDigest: digest, checkpointProof: checkpointProof, prepared: prepared,
            signature: signature)
    }

    func readMessage(_ reader: inout ByteReader) throws(CodecError) -> WireMessage {
        let raw = try reader.readUInt8("message.tag")
        guard let tag = Tag(rawValue: raw) else { throw .unknownTag(field: "message.tag", tag: raw) }
        switch tag {
        case .hello: return .hello(try readPeer(&reader, "hello"))
        case .request: return .request(try readRequest(&reader))
        case .reply:
            let view = ViewNumber(try reader.readUInt64("reply.view"))
            let timestamp = try reader.readUInt64("reply.timestamp")
            let client = ClientID(try reader.readUInt32("reply.client"))
            let replica = try readReplica(&reader, "reply.replica")
            let result = try reader.readBlob("reply.result", limit: limits.maximumOperationBytes)
            return .reply(ClientReply(view: view, timestamp: timestamp, client: client, replica: replica, result: result))
        case .prePrepare:
            let view = ViewNumber(try reader.readUInt64("pre-prepare.view"))
            let sequence = SequenceNumber(try reader.readUInt64("pre-prepare.seq"))
            return .protocolMessage(.prePrepare(PrePrepare(view: view, sequence: sequence, batch: try readBatch(&reader))))
        case .prepare: return .protocolMessage(.prepare(try readVote(&reader, "prepare")))
        case .commit: return .protocolMessage(.commit(try readVote(&reader, "commit")))
        case .checkpoint:
            let sequence = SequenceNumber(try reader.readUInt64("checkpoint.seq"))
            let digest = try reader.readDigest("checkpoint.state")
            let signature = try reader.readBlob("checkpoint.signature", limit: 1_024)
            return .protocolMessage(.checkpoint(CheckpointVote(sequence: sequence, stateDigest: digest, signature: signature)))
        case .viewChange: return .protocolMessage(.viewChange(try readViewChange(&reader)))
        case .newView:
            let view = ViewNumber(try reader.readUInt64("new-view.view"))
            let count = try reader.readCount("new-view.view-changes", limit: limits.maximumMembers)
            var changes: [SignedViewChange] = []
            for _ in 0..<count {
                let sender = try readReplica(&reader, "new-view.sender")
                changes.append(SignedViewChange(sender: sender, viewChange: try readViewChange(&reader)))
            }
            let checkpoint = SequenceNumber(try reader.readUInt64("new-view.checkpoint"))
            let digest = try reader.readDigest("new-view.state")
            let batchCount = try reader.readCount("new-view.o", limit: limits.maximumCertificates)
            var batches: [RequestBatch] = []
            for _ in 0..<batchCount { batches.append(try readBatch(&reader)) }
            return .protocolMessage(
                .newView(NewView(view: view, viewChanges: changes, checkpoint: checkpoint, checkpointDigest: digest, batches: batches)))
        case .fetchState:
            let sequence = SequenceNumber(try reader.readUInt64("fetch.seq"))
            return .protocolMessage(.fetchState(StateFetch(sequence: sequence, stateDigest: try reader.readDigest("fetch.state"))))
        case .state:
            let sequence = SequenceNumber(try reader.readUInt64("state.seq"))
            let history = try reader.readDigest("state.history")
            let service = try reader.readBlob("state.service", limit: limits.maximumSnapshotBytes)
            let count = try reader.readCount("state.replies", limit: limits.maximumMembers)
            var replies: [ClientRecord] = []
            for _ in 0..<count {
                let client = ClientID(try reader.readUInt32("state.client"))
                let timestamp = try reader.readUInt64("state.timestamp")
                replies.append(
                    ClientRecord(
                        client: client, timestamp: timestamp,
                        result: try reader.readBlob("state.result", limit: limits.maximumOperationBytes)))
            }
            return .protocolMessage(.state(CheckpointSnapshot(sequence: sequence, history: history, service: service, replies: replies)))
        }
    }
}
