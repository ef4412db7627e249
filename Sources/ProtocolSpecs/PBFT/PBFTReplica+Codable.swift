import MessagePassing

/// A readable JSON form for counterexample files: only what is set, keyed by slot (`s1`) and by view
/// and slot (`v0.s1`), so that a state diff reads "prepares.v0.s1: — -> req1".
extension PBFTReplica: Codable {
    private enum CodingKeys: String, CodingKey {
        case view, awaitingNewView, stableCheckpoint, conflictingCommit, ledger, prepares, commits, viewChanges
    }

    private static func viewSlotName(_ key: Int) -> String {
        "v\(key / PBFTConfiguration.sequenceCapacity).s\(key % PBFTConfiguration.sequenceCapacity + 1)"
    }

    private static func viewSlotKey(_ name: String, in decoder: any Decoder) throws -> Int {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].hasPrefix("v"), parts[1].hasPrefix("s"),
            let view = Int(parts[0].dropFirst()), let slot = Int(parts[1].dropFirst()),
            view >= 0, view < PBFTConfiguration.viewCapacity, slot >= 1, slot <= PBFTConfiguration.sequenceCapacity
        else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a key like \"v0.s1\", got \"\(name)\""))
        }
        return view * PBFTConfiguration.sequenceCapacity + slot - 1
    }

    /// The 4-bit code of `digest`, if the packed model holds it.
    private static func packedCode(of digest: Digest, in decoder: any Decoder) throws -> UInt8 {
        guard digest.order <= PBFTConfiguration.requestCapacity else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "\(digest) is beyond the packed PBFT model's \(PBFTConfiguration.requestCapacity) requests"))
        }
        return digest.code
    }

    /// Decodes the readable form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        view = try container.decode(View.self, forKey: .view)
        isAwaitingNewView = try container.decode(Bool.self, forKey: .awaitingNewView)
        stableCheckpoint = try container.decode(SequenceNumber.self, forKey: .stableCheckpoint)
        // The packed row holds views 0 ..< viewCapacity and sequence numbers 0 … sequenceCapacity.
        guard view.number < PBFTConfiguration.viewCapacity, stableCheckpoint.number <= PBFTConfiguration.sequenceCapacity else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "\(view) or checkpoint \(stableCheckpoint.number) is beyond the packed PBFT model's capacity (views below \(PBFTConfiguration.viewCapacity), sequence numbers up to \(PBFTConfiguration.sequenceCapacity))"
                ))
        }
        hasConflictingCommit = try container.decode(Bool.self, forKey: .conflictingCommit)
        for (name, digest) in try container.decode([String: Digest].self, forKey: .ledger) {
            guard name.hasPrefix("s"), let slot = Int(name.dropFirst()), slot >= 1, slot <= PBFTConfiguration.sequenceCapacity else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "expected a slot like \"s1\", got \"\(name)\""))
            }
            ledger[slot - 1] = try Self.packedCode(of: digest, in: decoder)
        }
        for (name, digest) in try container.decode([String: Digest].self, forKey: .prepares) {
            prepares[try Self.viewSlotKey(name, in: decoder)] = try Self.packedCode(of: digest, in: decoder)
        }
        for name in try container.decode([String].self, forKey: .commits) {
            commits |= 1 << UInt16(try Self.viewSlotKey(name, in: decoder))
        }
        for (name, checkpoint) in try container.decode([String: SequenceNumber].self, forKey: .viewChanges) {
            guard name.hasPrefix("v"), let view = Int(name.dropFirst()), view >= 1, view < PBFTConfiguration.viewCapacity else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "expected a view like \"v1\", got \"\(name)\""))
            }
            guard checkpoint.number <= PBFTConfiguration.sequenceCapacity else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath, debugDescription: "checkpoint \(checkpoint.number) is beyond the model's capacity"))
            }
            viewChanges[view] = UInt8(checkpoint.number + 1)
        }
    }

    /// Encodes the fields that are set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(view, forKey: .view)
        try container.encode(isAwaitingNewView, forKey: .awaitingNewView)
        try container.encode(stableCheckpoint, forKey: .stableCheckpoint)
        try container.encode(hasConflictingCommit, forKey: .conflictingCommit)
        var ledgerEntries: [String: Digest] = [:]
        for slot in 0..<PBFTConfiguration.sequenceCapacity {
            if let digest = Digest(code: ledger[slot]) { ledgerEntries["s\(slot + 1)"] = digest }
        }
        try container.encode(ledgerEntries, forKey: .ledger)
        var prepareEntries: [String: Digest] = [:]
        var commitEntries: [String] = []
        for key in 0..<MessageLog.capacity {
            if let digest = Digest(code: prepares[key]) { prepareEntries[Self.viewSlotName(key)] = digest }
            if commits & (1 << UInt16(key)) != 0 { commitEntries.append(Self.viewSlotName(key)) }
        }
        try container.encode(prepareEntries, forKey: .prepares)
        try container.encode(commitEntries, forKey: .commits)
        var viewChangeEntries: [String: SequenceNumber] = [:]
        for view in 1..<PBFTConfiguration.viewCapacity where viewChanges[view] != 0 {
            viewChangeEntries["v\(view)"] = SequenceNumber(Int(viewChanges[view]) - 1)
        }
        try container.encode(viewChangeEntries, forKey: .viewChanges)
    }
}
