/// The initial size of a 64-shard seen-set that will hold `expectedStates` states without growing.
///
/// Fingerprint shards grow past 85 % of their eight-slot buckets, exact shards past 75 % of their
/// slots; sizing each shard for its share of the states plus six standard deviations of the uneven
/// (binomial) split of fingerprints among shards keeps both below those thresholds, so no table is
/// copied.
public struct StoreSizing: Sendable, Equatable {
    /// Buckets of eight fingerprints per shard of a `FingerprintStore`.
    public let bucketsPerShard: Int
    /// Slots per shard of an `ExactStore`.
    public let exactCapacityPerShard: Int

    /// Sizes for `expectedStates` (`nil` or small: the stores' small defaults, grown as needed).
    public init(expectedStates: Int?, shardCount: Int = 64) {
        guard let expected = expectedStates, expected > 0 else {
            bucketsPerShard = 4
            exactCapacityPerShard = 32
            return
        }
        // Overflow-safe: expected is at most 2^50 (the checked range of --expect-states).
        let perShard = min(expected, 1 << 50) / shardCount + 1
        let withSlack = perShard + Int((6 * Double(perShard).squareRoot()).rounded(.up)) + 16
        bucketsPerShard = max(4, withSlack * 20 / 17 / 8 + 1)
        exactCapacityPerShard = max(32, withSlack * 4 / 3 + 1)
    }
}
