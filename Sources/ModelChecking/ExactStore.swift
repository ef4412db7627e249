import CBFTSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One shard of the exact seen-set: fingerprints index full canonical encodings kept in an arena.
final class ExactShard: @unchecked Sendable {
    @exclusivity(unchecked) private var fingerprints: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var offsets: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var arena: [UInt64] = []

    init(capacity: Int) {
        self.capacity = capacity
        fingerprints = FingerprintShard.allocateZeroed(capacity)
        offsets = FingerprintShard.allocateZeroed(capacity)
    }

    deinit {
        FingerprintShard.release(fingerprints, count: capacity)
        FingerprintShard.release(offsets, count: capacity)
    }

    private func home(_ fingerprint: UInt64) -> Int {
        Int(truncatingIfNeeded: (fingerprint &<< 8).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    private func equal(at offset: Int, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        arena.withUnsafeBufferPointer { stored in
            guard stored[offset] == UInt64(words.count) else { return false }
            for i in 0..<words.count where stored[offset + 1 + i] != words[i] { return false }
            return true
        }
    }

    /// The slot holding the state, or `-(empty slot + 1)`.
    private func find(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Int {
        var slot = home(fingerprint)
        while true {
            let stored = fingerprints[slot]
            if stored == 0 { return -slot - 1 }
            if stored == fingerprint && equal(at: Int(offsets[slot]), words) { return slot }
            slot += 1
            if slot == capacity { slot = 0 }
        }
    }

    func contains(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        find(fingerprint, words) >= 0
    }

    func prefetch(_ fingerprint: UInt64) {
        let slot = home(fingerprint)
        bft_prefetch(fingerprints + slot)
        bft_prefetch(offsets + slot)
    }

    func insert(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        let position = find(fingerprint, words)
        if position >= 0 { return false }
        let slot = -position - 1
        fingerprints[slot] = fingerprint
        offsets[slot] = UInt64(arena.count)
        arena.append(UInt64(words.count))
        arena.append(contentsOf: words)
        count += 1
        if count * 4 > capacity * 3 { grow() }
        return true
    }

    private func grow() {
        let oldFingerprints = fingerprints
        let oldOffsets = offsets
        let oldCapacity = capacity
        capacity *= 2
        fingerprints = FingerprintShard.allocateZeroed(capacity)
        offsets = FingerprintShard.allocateZeroed(capacity)
        for i in 0..<oldCapacity where oldFingerprints[i] != 0 {
            var slot = home(oldFingerprints[i])
            while fingerprints[slot] != 0 {
                slot += 1
                if slot == capacity { slot = 0 }
            }
            fingerprints[slot] = oldFingerprints[i]
            offsets[slot] = oldOffsets[i]
        }
        FingerprintShard.release(oldFingerprints, count: oldCapacity)
        FingerprintShard.release(oldOffsets, count: oldCapacity)
    }

    var bytesAllocated: Int { capacity * 16 + arena.capacity * 8 }

    /// Appends the shard's slots and arena to a checkpoint file.
    func writeSnapshot(to file: DiskFile) throws(StorageError) {
        try file.append(.word(capacity))
        try file.append(.word(count))
        try file.append(fingerprints, count: capacity)
        try file.append(offsets, count: capacity)
        try file.append(.word(arena.count))
        try storageErrors {
            try arena.withUnsafeBufferPointer { words in
                if let base = words.baseAddress { try file.append(base, count: words.count) }
            }
        }
    }

    /// Replaces the shard's slots and arena with those `cursor` reads.
    func restoreSnapshot(from cursor: inout DiskCursor) throws(StorageError) {
        let newCapacity = try cursor.count(atMost: 1 << 40)
        let newCount = try cursor.count(atMost: newCapacity)
        guard newCapacity > 0 else { throw StorageError("\(cursor.file.path): an exact shard of capacity 0") }
        let newFingerprints = FingerprintShard.allocateZeroed(newCapacity)
        let newOffsets = FingerprintShard.allocateZeroed(newCapacity)
        do {
            try cursor.read(into: newFingerprints, count: newCapacity)
            try cursor.read(into: newOffsets, count: newCapacity)
            let arenaCount = try cursor.count(atMost: (cursor.file.size - cursor.offset) / 8)
            var newArena = [UInt64](repeating: 0, count: arenaCount)
            try storageErrors {
                try newArena.withUnsafeMutableBufferPointer { words in
                    if let base = words.baseAddress { try cursor.read(into: base, count: arenaCount) }
                }
            }
            arena = newArena
        } catch {
            FingerprintShard.release(newFingerprints, count: newCapacity)
            FingerprintShard.release(newOffsets, count: newCapacity)
            throw error
        }
        FingerprintShard.release(fingerprints, count: capacity)
        FingerprintShard.release(offsets, count: capacity)
        fingerprints = newFingerprints
        offsets = newOffsets
        capacity = newCapacity
        count = newCount
    }
}

/// The exact seen-set: stores every canonical state encoding, so no two distinct states are ever
/// confused. Costs the encoding's size plus about 16–32 bytes a state; use it when a probabilistic
/// answer is not acceptable.
public final class ExactStore: VisitedStore, @unchecked Sendable {
    private let shards: [ExactShard]
    private let shardShift: UInt64

    /// A store with `shardCount` shards (a power of two).
    public init(shardCount: Int = 64, initialCapacity: Int = 32) {
        precondition(shardCount > 0 && shardCount & (shardCount - 1) == 0, "shardCount must be a power of two")
        shards = (0..<shardCount).map { _ in ExactShard(capacity: initialCapacity) }
        shardShift = UInt64(64 - shardCount.trailingZeroBitCount)
    }

    /// The number of shards.
    public var shardCount: Int { shards.count }

    /// The shard of a fingerprint: its top bits.
    public func shard(of fingerprint: UInt64) -> Int {
        shards.count == 1 ? 0 : Int(truncatingIfNeeded: fingerprint >> shardShift)
    }

    /// Whether this exact state is stored.
    public func contains(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        shards[shard(of: fingerprint)].contains(fingerprint, words)
    }

    /// Loads the fingerprint's home slot (fingerprint and arena offset) into the cache.
    public func prefetch(_ fingerprint: UInt64) { shards[shard(of: fingerprint)].prefetch(fingerprint) }

    /// Stores the state; `false` if it was already there.
    public func insert(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        shards[shard(of: fingerprint)].insert(fingerprint, words)
    }

    /// The number of stored states.
    public var count: Int { shards.reduce(0) { $0 + $1.count } }
    /// The bytes of the tables and the arena.
    public var bytesAllocated: Int { shards.reduce(0) { $0 + $1.bytesAllocated } }
    /// `true`.
    public var isExact: Bool { true }
}

extension ExactStore: StoreSnapshot {
    var snapshotKind: String { "exact" }

    func writeSnapshot(to file: DiskFile) throws(StorageError) {
        try file.append(.word(shards.count))
        for shard in shards { try shard.writeSnapshot(to: file) }
    }

    func restoreSnapshot(from cursor: inout DiskCursor) throws(StorageError) {
        let total = try cursor.int()
        guard total == shards.count else {
            throw StorageError("\(cursor.file.path): \(total) shards, this run has \(shards.count)")
        }
        for shard in shards { try shard.restoreSnapshot(from: &cursor) }
    }
}
