import CBFTSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The seen-set of a search: which canonical states have been stored.
///
/// Two implementations: `FingerprintStore` keeps only 64-bit fingerprints (probabilistic, 8 bytes a
/// slot); `ExactStore` keeps every canonical encoding and never confuses two states. Both are split
/// into shards by the top bits of the fingerprint so that parallel searches insert without locks: a
/// shard is only ever written by the one thread that owns it in that phase.
public protocol VisitedStore: AnyObject, Sendable {
    /// The number of shards (a power of two).
    var shardCount: Int { get }
    /// The shard a fingerprint belongs to.
    func shard(of fingerprint: UInt64) -> Int
    /// Whether the state with this fingerprint and encoding is stored. Safe to call from many threads
    /// while no thread inserts.
    func contains(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool
    /// Hints that `contains` or `insert` will soon be called with this fingerprint.
    func prefetch(_ fingerprint: UInt64)
    /// Stores the state; returns `false` when it was already stored. Only the thread that owns the
    /// fingerprint's shard may call this, and only while no thread calls `contains`.
    func insert(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool
    /// The number of stored states.
    var count: Int { get }
    /// The bytes the store occupies.
    var bytesAllocated: Int { get }
    /// Whether the store is exact (no fingerprint collisions possible).
    var isExact: Bool { get }
}

/// One shard of a bucketed, linearly probed open-addressing table of non-zero fingerprints.
///
/// Buckets are eight slots (one cache line); a probe scans a bucket, then the next. The table grows by
/// 1.5× when it is 90 % full, so it stays between 60 % and 90 % full and costs 8.9–13.3 bytes a state.
/// A plain struct reached through a pointer, so probes pay no reference counting.
@usableFromInline
struct FingerprintShard {
    @usableFromInline static var bucketSlots: Int { 8 }
    @usableFromInline var slots: UnsafeMutablePointer<UInt64>
    @usableFromInline var bucketCount: Int
    @usableFromInline var count = 0
    @usableFromInline var growthThreshold: Int

    init(bucketCount: Int) {
        self.bucketCount = bucketCount
        slots = Self.allocateZeroed(bucketCount * Self.bucketSlots)
        growthThreshold = bucketCount * Self.bucketSlots * 17 / 20
    }

    func deallocate() { Self.release(slots, count: bucketCount * Self.bucketSlots) }

    static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        let bytes = count * MemoryLayout<UInt64>.stride
        guard let raw = bft_table_allocate(bytes) else {
            fatalError("FingerprintShard: cannot allocate \(bytes) bytes")
        }
        return raw.bindMemory(to: UInt64.self, capacity: count)
    }

    /// Frees a table of `count` words from `allocateZeroed`.
    static func release(_ table: UnsafeMutablePointer<UInt64>, count: Int) {
        bft_table_free(table, count * MemoryLayout<UInt64>.stride)
    }

    @inlinable @inline(__always)
    func homeBucket(_ fingerprint: UInt64) -> Int {
        Int(truncatingIfNeeded: (fingerprint &<< 8).multipliedFullWidth(by: UInt64(bucketCount)).high)
    }

    /// The slot holding `fingerprint`, or the empty slot where it belongs (negative: `-(slot+1)`).
    @inlinable @inline(__always)
    func find(_ fingerprint: UInt64) -> Int {
        var bucket = homeBucket(fingerprint)
        while true {
            let base = bucket &* Self.bucketSlots
            for i in 0..<Self.bucketSlots {
                let slot = slots[base &+ i]
                if slot == fingerprint { return base &+ i }
                if slot == 0 { return -(base &+ i) - 1 }
            }
            bucket &+= 1
            if bucket == bucketCount { bucket = 0 }
        }
    }

    @inlinable @inline(__always)
    func contains(_ fingerprint: UInt64) -> Bool { find(fingerprint) >= 0 }

    @inlinable @inline(__always)
    func prefetch(_ fingerprint: UInt64) { bft_prefetch(slots + homeBucket(fingerprint) &* Self.bucketSlots) }

    @inlinable @inline(__always)
    mutating func insert(_ fingerprint: UInt64) -> Bool {
        let position = find(fingerprint)
        if position >= 0 { return false }
        slots[-position - 1] = fingerprint
        count &+= 1
        if count > growthThreshold { grow() }
        return true
    }

    @usableFromInline
    mutating func grow() {
        let oldSlots = slots
        let oldCapacity = bucketCount * Self.bucketSlots
        bucketCount = bucketCount * 3 / 2 + 1
        slots = Self.allocateZeroed(bucketCount * Self.bucketSlots)
        growthThreshold = bucketCount * Self.bucketSlots * 17 / 20
        for i in 0..<oldCapacity {
            let fingerprint = oldSlots[i]
            if fingerprint != 0 { slots[-find(fingerprint) - 1] = fingerprint }
        }
        Self.release(oldSlots, count: oldCapacity)
    }

    var bytesAllocated: Int { bucketCount * Self.bucketSlots * 8 }
}

/// The probabilistic seen-set: 64-bit fingerprints only, as in TLC and SPIN's hash-compact mode.
public final class FingerprintStore: VisitedStore, @unchecked Sendable {
    @usableFromInline let shards: UnsafeMutablePointer<FingerprintShard>
    @usableFromInline let shardTotal: Int
    @usableFromInline let shardShift: UInt64

    /// A store with `shardCount` shards (a power of two) of `initialBuckets` buckets each.
    public init(shardCount: Int = 64, initialBuckets: Int = 4) {
        precondition(shardCount > 0 && shardCount & (shardCount - 1) == 0, "shardCount must be a power of two")
        shards = .allocate(capacity: shardCount)
        for index in 0..<shardCount { (shards + index).initialize(to: FingerprintShard(bucketCount: initialBuckets)) }
        shardTotal = shardCount
        shardShift = UInt64(64 - shardCount.trailingZeroBitCount)
    }

    deinit {
        for index in 0..<shardTotal { shards[index].deallocate() }
        shards.deinitialize(count: shardTotal)
        shards.deallocate()
    }

    /// The number of shards.
    public var shardCount: Int { shardTotal }

    /// The shard of a fingerprint: its top bits.
    @inlinable @inline(__always)
    public func shard(of fingerprint: UInt64) -> Int {
        shardTotal == 1 ? 0 : Int(truncatingIfNeeded: fingerprint >> shardShift)
    }

    /// Whether the fingerprint is stored.
    @inlinable @inline(__always)
    public func contains(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        shards[shard(of: fingerprint)].contains(fingerprint)
    }

    /// Loads the fingerprint's home bucket into the cache.
    @inlinable @inline(__always)
    public func prefetch(_ fingerprint: UInt64) { shards[shard(of: fingerprint)].prefetch(fingerprint) }

    /// Stores the fingerprint; `false` if it was already there.
    @inlinable @inline(__always)
    public func insert(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        shards[shard(of: fingerprint)].insert(fingerprint)
    }

    /// The number of stored fingerprints.
    public var count: Int { (0..<shardTotal).reduce(0) { $0 + shards[$1].count } }
    /// The bytes of all shard tables.
    public var bytesAllocated: Int { (0..<shardTotal).reduce(0) { $0 + shards[$1].bytesAllocated } }
    /// `false`: distinct states may share a fingerprint.
    public var isExact: Bool { false }
}
