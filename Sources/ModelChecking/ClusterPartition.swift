/// Which rank of a distributed search owns a state: a fixed function of the state's fingerprint and
/// the number of ranks, the same in every process (never Swift's per-process seeded `Hasher`).
///
/// The owner is `⌊((fingerprint · 0x9E3779B97F4A7C15) mod 2^64) · ranks / 2^64⌋`: Fibonacci
/// hashing (Knuth, TAOCP vol. 3, §6.4) scatters the fingerprint's bits over the high bits of the
/// product, whose top bits pick the rank. The seen-set's shards use the fingerprint's own top bits,
/// so each rank's shards stay evenly filled.
public enum ClusterPartition {
    /// The golden-ratio multiplier of Fibonacci hashing, 2^64 / φ rounded to odd.
    @usableFromInline static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The rank, in `0..<ranks`, that owns the state with this fingerprint.
    @inlinable @inline(__always)
    public static func owner(of fingerprint: UInt64, ranks: Int) -> Int {
        Int(truncatingIfNeeded: (fingerprint &* multiplier).multipliedFullWidth(by: UInt64(ranks)).high)
    }
}
