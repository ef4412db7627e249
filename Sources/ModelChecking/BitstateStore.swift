import CBFTSupport
import Foundation

/// SPIN's bitstate hashing (Holzmann, "An analysis of bitstate hashing", FMSD 1998): a Bloom filter of
/// 2^`bits` bits with `hashCount` hash functions stands in for the seen-set.
///
/// A state is stored by setting its `hashCount` bits and counts as seen when all of them are set, so
/// memory is fixed in advance (2^bits / 8 bytes, whatever the state count) and **states can be
/// missed**: a new state whose bits happen to be set already is taken for a stored one and never
/// expanded. A "holds" from a bitstate run is therefore a partial result; `omissionEstimate(...)`
/// gives the expected number of states missed, as SPIN reports its hash factor.
///
/// Sharded like the other stores: shard `s` owns the `s`-th slice of the bit array, and all of a
/// state's bits fall in the slice of the shard that owns its fingerprint, so the parallel BFS inserts
/// without locks. The bit positions come from the fingerprint by double hashing
/// (Kirsch & Mitzenmacher, "Less hashing, same performance", ESA 2006).
public final class BitstateStore: VisitedStore, @unchecked Sendable {
    @usableFromInline let words: UnsafeMutablePointer<UInt64>
    @usableFromInline let shardTotal: Int
    @usableFromInline let shardShift: UInt64
    /// log2 of the bits in one shard's slice.
    @usableFromInline let sliceBitsLog2: Int
    /// The number of hash functions.
    public let hashCount: Int
    /// log2 of the total bits.
    public let bitsLog2: Int
    @usableFromInline let counts: UnsafeMutablePointer<Int>
    /// Mixed into every bit position: runs with different seeds use different hash functions.
    @usableFromInline let hashSeed: UInt64

    /// A filter of 2^`bits` bits (12...40) with `hashCount` hash functions (1...16), in `shardCount`
    /// slices (a power of two, at most 2^(bits − 6)); `hashSeed` selects the family of hash functions.
    public init(bits: Int, hashCount: Int = 3, shardCount: Int = 64, hashSeed: UInt64 = 0) {
        precondition((12...40).contains(bits), "bitstate: bits must be in 12...40")
        precondition((1...16).contains(hashCount), "bitstate: hash count must be in 1...16")
        let shards = min(shardCount, 1 << (bits - 6))
        precondition(shards > 0 && shards & (shards - 1) == 0, "shardCount must be a power of two")
        bitsLog2 = bits
        self.hashCount = hashCount
        self.hashSeed = hashSeed
        shardTotal = shards
        shardShift = UInt64(64 - shards.trailingZeroBitCount)
        sliceBitsLog2 = bits - shards.trailingZeroBitCount
        let wordCount = (1 << bits) / 64
        guard let raw = bft_table_allocate(wordCount * MemoryLayout<UInt64>.stride) else {
            fatalError("BitstateStore: cannot allocate \(wordCount * 8) bytes")
        }
        words = raw.bindMemory(to: UInt64.self, capacity: wordCount)
        counts = .allocate(capacity: shards)
        counts.initialize(repeating: 0, count: shards)
    }

    deinit {
        bft_table_free(words, (1 << bitsLog2) / 64 * MemoryLayout<UInt64>.stride)
        counts.deallocate()
    }

    /// The number of shards.
    public var shardCount: Int { shardTotal }

    /// The shard of a fingerprint: its top bits.
    @inlinable @inline(__always)
    public func shard(of fingerprint: UInt64) -> Int {
        shardTotal == 1 ? 0 : Int(truncatingIfNeeded: fingerprint >> shardShift)
    }

    /// The `index`-th bit position of `fingerprint` inside its shard's slice (double hashing).
    @inlinable @inline(__always)
    func position(_ fingerprint: UInt64, _ index: Int, shard: Int) -> Int {
        // Two independent 32-bit-ish halves, remixed so that h2 is odd (it then cycles the slice).
        let keyed = fingerprint ^ hashSeed
        let h1 = keyed &* 0x9E37_79B9_7F4A_7C15
        let h2 = ((keyed ^ (keyed >> 29)) &* 0xBF58_476D_1CE4_E5B9) | 1
        let mixed = h1 &+ UInt64(truncatingIfNeeded: index) &* h2
        let inSlice = Int(truncatingIfNeeded: mixed >> UInt64(64 - sliceBitsLog2))
        return shard << sliceBitsLog2 | inSlice
    }

    /// Whether every bit of the fingerprint is set (the state counts as seen).
    @inlinable
    public func contains(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        let shard = shard(of: fingerprint)
        for index in 0..<hashCount {
            let bit = position(fingerprint, index, shard: shard)
            if self.words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// Loads the word of the fingerprint's first bit into the cache.
    @inlinable @inline(__always)
    public func prefetch(_ fingerprint: UInt64) {
        bft_prefetch(words + (position(fingerprint, 0, shard: shard(of: fingerprint)) >> 6))
    }

    /// Sets the fingerprint's bits; `false` when all were set already (seen, or a false positive).
    @inlinable
    public func insert(_ fingerprint: UInt64, _ words: UnsafeBufferPointer<UInt64>) -> Bool {
        let shard = shard(of: fingerprint)
        var wasNew = false
        for index in 0..<hashCount {
            let bit = position(fingerprint, index, shard: shard)
            let mask: UInt64 = 1 << UInt64(bit & 63)
            if self.words[bit >> 6] & mask == 0 {
                wasNew = true
                self.words[bit >> 6] |= mask
            }
        }
        if wasNew { counts[shard] &+= 1 }
        return wasNew
    }

    /// The number of states stored (those whose insertion set at least one bit).
    public var count: Int { (0..<shardTotal).reduce(0) { $0 + counts[$1] } }
    /// The bytes of the bit array.
    public var bytesAllocated: Int { (1 << bitsLog2) / 8 }
    /// `false`: states can be missed.
    public var isExact: Bool { false }

    /// The expected number of states a run that stored `stored` states missed, with the probability
    /// that the next new state would be missed: the Bloom-filter false-positive rate
    /// (1 − e^(−k·i/m))^k summed over the insertions i < `stored` (m = 2^`bits` bits, k hashes).
    public static func omissionEstimate(
        stored: Int, bits: Int, hashCount: Int
    ) -> (expectedMissed: Double, nextMissProbability: Double) {
        let m = Double(1 << bits)
        let k = Double(hashCount)
        func rate(_ i: Double) -> Double { pow(1 - exp(-k * i / m), k) }
        // The rate grows monotonically with i: a 1,024-step trapezoid sum is exact enough to report.
        let steps = 1_024
        let n = Double(stored)
        var sum = 0.0
        for step in 0..<steps {
            let (a, b) = (n * Double(step) / Double(steps), n * Double(step + 1) / Double(steps))
            sum += (rate(a) + rate(b)) / 2 * (b - a)
        }
        return (sum, rate(n))
    }
}
