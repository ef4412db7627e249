/// A seen-set that can be written to a checkpoint and read back exactly as it was: the same tables,
/// the same slots, so a resumed run answers every `insert` as the uninterrupted one would.
protocol StoreSnapshot: VisitedStore {
    /// The store's kind, recorded in the checkpoint header (`fingerprint`, `exact`).
    var snapshotKind: String { get }
    /// Appends the store's tables to `file`.
    func writeSnapshot(to file: DiskFile) throws(StorageError)
    /// Replaces the store's contents with the tables `cursor` reads.
    func restoreSnapshot(from cursor: inout DiskCursor) throws(StorageError)
}

/// Sequential reads from a `DiskFile`, at a moving offset.
struct DiskCursor {
    let file: DiskFile
    var offset = 0

    init(_ file: DiskFile) { self.file = file }

    mutating func int() throws(StorageError) -> Int {
        var value: UInt64 = 0
        let (file, start) = (file, offset)
        try storageErrors {
            try withUnsafeMutableBytes(of: &value) { raw in try file.read(into: raw.baseAddress!, offset: start, count: 8) }
        }
        offset += 8
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    /// A non-negative count of at most `limit`.
    mutating func count(atMost limit: Int) throws(StorageError) -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw StorageError("\(file.path): bad count \(value) at byte \(offset - 8)") }
        return value
    }

    /// Reads `count` values of `T` into `destination`.
    mutating func read<T: BitwiseCopyable>(into destination: UnsafeMutablePointer<T>, count: Int) throws(StorageError) {
        let bytes = count * MemoryLayout<T>.stride
        guard bytes <= file.size - offset else { throw StorageError("\(file.path): truncated at byte \(offset)") }
        if bytes > 0 { try file.read(into: UnsafeMutableRawPointer(destination), offset: offset, count: bytes) }
        offset += bytes
    }
}

extension ByteWriter {
    /// Encodes a count for `DiskCursor.int()`.
    static func word(_ value: Int) -> ByteWriter {
        var writer = ByteWriter()
        writer.append(value)
        return writer
    }
}

extension FingerprintStore: StoreSnapshot {
    var snapshotKind: String { "fingerprint" }

    func writeSnapshot(to file: DiskFile) throws(StorageError) {
        try file.append(.word(shardTotal))
        for index in 0..<shardTotal {
            let shard = shards[index]
            try file.append(.word(shard.bucketCount))
            try file.append(.word(shard.count))
            try file.append(shard.slots, count: shard.bucketCount * FingerprintShard.bucketSlots)
        }
    }

    func restoreSnapshot(from cursor: inout DiskCursor) throws(StorageError) {
        let total = try cursor.int()
        guard total == shardTotal else {
            throw StorageError("\(cursor.file.path): \(total) shards, this run has \(shardTotal)")
        }
        for index in 0..<shardTotal {
            let buckets = try cursor.count(atMost: 1 << 40)
            let count = try cursor.count(atMost: buckets * FingerprintShard.bucketSlots)
            var shard = FingerprintShard(bucketCount: max(buckets, 1))
            do {
                try cursor.read(into: shard.slots, count: buckets * FingerprintShard.bucketSlots)
            } catch {
                shard.deallocate()
                throw error
            }
            shard.count = count
            shards[index].deallocate()
            shards[index] = shard
        }
    }
}
