import MessagePassing

/// The NEWVIEW(v, V, O) a correct primary has multicast, as far as backups need it: the stable
/// checkpoint min-s with its state, and max-s (Castro & Liskov §4.4). The pre-prepares of O are the
/// primary's own sent PREPREPAREs for view v at slots min-s + 1 … max-s.
public struct NewViewRecord: Hashable, Sendable, Codable {
    /// min-s: the latest stable checkpoint in V.
    public var checkpoint: SequenceNumber
    /// The ledger prefix that checkpoint certifies, packed (one 4-bit digest code per slot).
    var checkpointState: UInt64
    /// max-s: the highest sequence number O covers (equal to `checkpoint` when O is empty).
    public var lastSlot: SequenceNumber

    /// A record.
    init(checkpoint: SequenceNumber, checkpointState: UInt64, lastSlot: SequenceNumber) {
        self.checkpoint = checkpoint
        self.checkpointState = checkpointState
        self.lastSlot = lastSlot
    }

    /// The checkpoint's ledger, slot by slot.
    public var checkpointLedger: [Digest] { PackedDigests.unpack(checkpointState, count: checkpoint.number) }

    private enum CodingKeys: String, CodingKey { case checkpoint, checkpointLedger, lastSlot }

    /// Decodes the readable form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checkpoint = try container.decode(SequenceNumber.self, forKey: .checkpoint)
        lastSlot = try container.decode(SequenceNumber.self, forKey: .lastSlot)
        guard lastSlot.number <= PBFTConfiguration.sequenceCapacity, checkpoint <= lastSlot else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "min-s \(checkpoint.number) and max-s \(lastSlot.number) must satisfy min-s ≤ max-s ≤ \(PBFTConfiguration.sequenceCapacity)"
                ))
        }
        checkpointState = PackedDigests.pack(try container.decode([Digest].self, forKey: .checkpointLedger))
    }

    /// Encodes min-s, its ledger and max-s.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(checkpointLedger, forKey: .checkpointLedger)
        try container.encode(lastSlot, forKey: .lastSlot)
    }
}
