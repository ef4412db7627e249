/// A worker's cache of the fingerprints it routed most recently, to drop duplicate successors
/// before they reach the shared seen-set: children reached from several parents (diamonds of
/// independent actions) are common, and their parents are usually close together in BFS order.
///
/// Direct-mapped: a fingerprint overwrites whatever shared its slot, so the cache never fills and
/// lives in the core's L2. Dropping a successor whose fingerprint is here is sound as long as the
/// earlier occurrence was routed earlier in BFS order: in phase 2 the earlier one wins or finds the
/// state already stored, so the dropped one would have lost either way. So a worker clears its cache
/// when it moves back in BFS order (to a chunk before the last one it routed). Which duplicates are
/// dropped depends on the scheduling; which successors win does not.
@usableFromInline
struct RecentFingerprints {
    @usableFromInline let slots: UnsafeMutablePointer<UInt64>
    @usableFromInline let mask: Int

    /// A cache of `capacity` (a power of two) fingerprints.
    @inlinable
    init(capacity: Int = 1 << 15) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "RecentFingerprints: capacity must be a power of two")
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Frees the slots; the cache must not be used afterwards.
    @inlinable
    func deallocate() { slots.deallocate() }

    /// Forgets every fingerprint.
    @inlinable
    func removeAll() { slots.update(repeating: 0, count: mask + 1) }

    /// Records `fingerprint` (non-zero); `false` if it was already recorded, that is, if it is a
    /// duplicate of a successor this worker routed recently.
    @inlinable @inline(__always)
    func insert(_ fingerprint: UInt64) -> Bool {
        let index = Int(truncatingIfNeeded: fingerprint) & mask
        if slots[index] == fingerprint { return false }
        slots[index] = fingerprint
        return true
    }
}
