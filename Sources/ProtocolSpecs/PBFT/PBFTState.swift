import MessagePassing
import ModelChecking

/// A global state of the PBFT model: every replica's row, and the NEWVIEW messages correct primaries
/// have sent. Together with the Byzantine vocabulary (which is not state) this is the whole network.
///
/// Both are stored inline (`Replicas`, `NewViews`): a state is a fixed-size plain value with no heap
/// block, so copying it into a successor — the checker's innermost operation — costs a copy of a few
/// cache lines and no allocation, retain or release.
public struct PBFTState: Hashable, Sendable, Codable, StateEncodable, BitwiseCopyable {
    /// One row per replica, by number; faulty replicas' rows stay initial.
    public internal(set) var replicas: Replicas
    /// By view: the NEWVIEW its primary sent, when that primary is correct.
    public internal(set) var newViews: NewViews

    /// The initial state of `replicaCount` replicas and views up to `maxView`.
    ///
    /// - Precondition: `replicaCount ≤ PBFTConfiguration.replicaCapacity` and
    ///   `maxView < PBFTConfiguration.viewCapacity` (the configuration's `problems` says so first).
    init(replicaCount: Int, maxView: View) {
        replicas = Replicas(count: replicaCount)
        newViews = NewViews(count: maxView.number + 1)
    }

    /// The row of `replica`.
    public subscript(replica: ReplicaID) -> PBFTReplica {
        @inline(__always) get { replicas[replica.index] }
        @inline(__always) set { replicas[replica.index] = newValue }
    }

    /// Fixed-width fields, row by row, then the NEWVIEW records: a canonical bit-packed encoding.
    ///
    /// Per row, in this order: the view (2 bits), awaiting NEWVIEW (1), the stable checkpoint (3), the
    /// conflicting-commit flag (1), the ledger (16), the prepares (64), the COMMIT bits (16) and the
    /// VIEWCHANGE log (16): 119 bits, taken as three chunks straight off the row's words. Per view: a
    /// presence bit, then min-s (3), max-s (3) and the checkpoint state (16). The fields are packed
    /// into whole words on the stack and handed to the encoder at once (`append(words:)`), which
    /// gives the same words as appending them one by one.
    public func encode(into encoder: inout StateEncoder) {
        Self.encode(rowCount: replicas.count, newViews: newViews, into: &encoder) { rowWords($0) }
    }

    /// The storage words of row `index`: prepares, then the packed fields (what `encode(into:)` and
    /// `seenSetFingerprint` read a row as).
    @inline(__always)
    func rowWords(_ index: Int) -> (prepares: UInt64, packed: UInt64) {
        let row = replicas[index]
        return (row.preparesWord, row.packed)
    }

    /// The encoding of `encode(into:)` for the state whose row `index` has the storage words
    /// `row(index)` (prepares, then the packed fields) and whose NEWVIEW records are `newViews`:
    /// the symmetry reduction encodes its canonical rows with this straight from its buffer,
    /// without building the representative state.
    @inline(__always)
    static func encode(
        rowCount: Int, newViews: NewViews, into encoder: inout StateEncoder, row: (Int) -> (prepares: UInt64, packed: UInt64)
    ) {
        // At most 10 rows of 119 bits and 4 views of 23: 21 words.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 21) { buffer in
            var full = 0
            var pending: UInt64 = 0
            var pendingBits = 0
            @inline(__always) func put(_ value: UInt64, _ bits: Int) {
                pending |= value &<< UInt64(pendingBits)
                pendingBits &+= bits
                if pendingBits >= 64 {
                    buffer[full] = pending
                    full &+= 1
                    pendingBits &-= 64
                    pending = pendingBits == 0 ? 0 : value &>> UInt64(bits &- pendingBits)
                }
            }
            for index in 0..<rowCount {
                let (prepares, packed) = row(index)
                put((packed & 0x7F) | (packed >> 48) << 7, 23)
                put(prepares, 64)
                put((packed >> 32) & 0xFFFF | (packed & 0xFFFF_0000), 32)
            }
            for view in newViews.indices {
                let word = newViews.word(view)
                if word == 0 { put(0, 1) } else { put(UInt64(word), 23) }
            }
            encoder.append(words: UnsafeBufferPointer(rebasing: buffer[0..<full]))
            if pendingBits > 0 { encoder.append(pending, bits: pendingBits) }
        }
    }

    /// The fingerprint the checker's seen-set keeps for this state: `Fingerprint.of` its rows'
    /// storage words (prepares, then the packed fields, row by row; then the NEWVIEW records' two
    /// words), hashed as they lie instead of packed into the encoding first.
    ///
    /// The words hold exactly the fields `encode(into:)` packs, and the bits it leaves out (bits
    /// 7–15 of the packed word, bits 23–31 of each record) are masked off here (they are always 0),
    /// so two states get equal words exactly when their encodings are equal, as
    /// `TransitionSystem.fingerprint(of:symmetric:scratch:)` requires. A test checks this on every
    /// reachable state of the pinned configs.
    var seenSetFingerprint: UInt64 {
        @inline(__always) get {
            Self.fingerprint(rowCount: replicas.count, newViews: newViews) { rowWords($0) }
        }
    }

    /// `seenSetFingerprint` of the state whose row `index` has the storage words `row(index)` and
    /// whose NEWVIEW records are `newViews`: the symmetry reduction fingerprints its canonical rows
    /// with this straight from its buffer, as it encodes them with `encode(rowCount:newViews:into:row:)`.
    @inline(__always)
    static func fingerprint(rowCount: Int, newViews: NewViews, row: (Int) -> (prepares: UInt64, packed: UInt64)) -> UInt64 {
        var hasher = Fingerprint.Streaming(wordCount: 2 &* rowCount &+ 2)
        for index in 0..<rowCount {
            let (prepares, packed) = row(index)
            hasher.combine(prepares, packed & fingerprintPackedMask)
        }
        hasher.combine(newViews.low & fingerprintRecordMask, newViews.high & fingerprintRecordMask)
        return hasher.finish()
    }

    /// The bits of a row's packed word that the encoding keeps: 0–6 and 16–63.
    static let fingerprintPackedMask: UInt64 = 0xFFFF_FFFF_FFFF_007F
    /// The bits of each 32-bit NEWVIEW record that the encoding keeps: 0–22.
    static let fingerprintRecordMask: UInt64 = 0x007F_FFFF_007F_FFFF

    private enum CodingKeys: String, CodingKey { case replicas, newViews }

    /// Decodes the rows and the NEWVIEW records (the readable form of counterexample files).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode([PBFTReplica].self, forKey: .replicas)
        let records = try container.decode([NewViewRecord?].self, forKey: .newViews)
        guard rows.count <= Replicas.capacity, records.count <= NewViews.capacity else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "\(rows.count) replicas and \(records.count) views exceed the packed PBFT model's capacity (\(Replicas.capacity) replicas, \(NewViews.capacity) views)"
                ))
        }
        replicas = Replicas(count: rows.count)
        for (index, row) in rows.enumerated() { replicas[index] = row }
        newViews = NewViews(count: records.count)
        for (view, record) in records.enumerated() { newViews[view] = record }
    }

    /// Encodes the rows and the NEWVIEW records as arrays.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Array(replicas), forKey: .replicas)
        try container.encode(Array(newViews), forKey: .newViews)
    }
}
