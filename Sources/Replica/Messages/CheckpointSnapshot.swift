/// The full state of a checkpoint (Castro & Liskov, OSDI '99 §4.3): the service state, the last reply
/// to each client (so de-duplication survives state transfer, §4.1), and the digest chain of the batches
/// executed, so that two different histories never share a state digest.
public struct CheckpointSnapshot: Hashable, Sendable {
    /// The last sequence number executed.
    public let sequence: SequenceNumber
    /// The chain of executed batch digests: H(previous ‖ n ‖ d) for each sequence number n ≤ `sequence`.
    public let history: Digest
    /// The service's snapshot bytes.
    public let service: [UInt8]
    /// Each client's last executed request and its result, in client order.
    public let replies: [ClientRecord]
    /// SHA-256 of the canonical encoding of the fields above: the checkpoint's state digest.
    public let digest: Digest

    /// A snapshot of the given parts.
    public init(sequence: SequenceNumber, history: Digest, service: [UInt8], replies: [ClientRecord]) {
        self.sequence = sequence
        self.history = history
        self.service = service
        self.replies = replies
        digest = .hashing(Self.encode(sequence: sequence, history: history, service: service, replies: replies))
    }

    /// The canonical encoding the digest covers.
    static func encode(sequence: SequenceNumber, history: Digest, service: [UInt8], replies: [ClientRecord]) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt8(0x53))  // "S"
        writer.write(sequence.number)
        writer.write(history)
        writer.writeBlob(service)
        writer.write(UInt32(replies.count))
        for record in replies {
            writer.write(record.client.number)
            writer.write(record.timestamp)
            writer.writeBlob(record.result)
        }
        return writer.bytes
    }
}
