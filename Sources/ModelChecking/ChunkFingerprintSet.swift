/// A small open-addressing set of the fingerprints one chunk of a BFS level produced, to drop
/// duplicates before they reach the shared seen-set (children reached from several parents of the
/// same chunk are common: diamonds of independent actions). Linear probing, at most half full;
/// owned by a ``LevelChunk`` and reused chunk after chunk, so it grows to the size its chunks need
/// and is then only cleared.
@usableFromInline
struct ChunkFingerprintSet {
    @usableFromInline var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline var mask: Int
    @usableFromInline var count = 0

    /// An empty set with room for `capacity` (a power of two) slots.
    @inlinable
    init(capacity: Int = 1 << 12) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "ChunkFingerprintSet: capacity must be a power of two")
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Frees the slots; the set must not be used afterwards.
    @inlinable
    func deallocate() { slots.deallocate() }

    /// Adds `fingerprint` (non-zero); `false` if it was already there.
    @inlinable @inline(__always)
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        if count &* 2 >= mask { grow() }
        var index = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let slot = slots[index]
            if slot == fingerprint { return false }
            if slot == 0 {
                slots[index] = fingerprint
                count &+= 1
                return true
            }
            index = (index &+ 1) & mask
        }
    }

    /// Empties the set, keeping its slots.
    @inlinable
    mutating func removeAll() {
        if count > 0 { slots.update(repeating: 0, count: mask + 1) }
        count = 0
    }

    @usableFromInline
    mutating func grow() {
        let old = slots
        let oldCapacity = mask + 1
        slots = .allocate(capacity: oldCapacity * 2)
        slots.initialize(repeating: 0, count: oldCapacity * 2)
        mask = oldCapacity * 2 - 1
        count = 0
        for index in 0..<oldCapacity where old[index] != 0 { _ = insert(old[index]) }
        old.deallocate()
    }
}
