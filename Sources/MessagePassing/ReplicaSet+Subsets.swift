extension ReplicaSet {
    /// Every subset of this set, in increasing order of bit pattern (a fixed order that depends only
    /// on the set), the empty set first.
    ///
    /// - Complexity: 2^`count` subsets; meant for the handful of replicas of a bounded model, e.g. the
    ///   choice of which VIEWCHANGE messages a NEWVIEW is built from (Castro & Liskov §4.4).
    public var subsets: [ReplicaSet] {
        var result: [ReplicaSet] = []
        result.reserveCapacity(1 << count)
        // Enumerate the submasks of `bits` from 0 upwards: sub ← (sub − bits) & bits.
        var sub: UInt64 = 0
        repeat {
            result.append(ReplicaSet(bits: sub))
            sub = (sub &- bits) & bits
        } while sub != 0
        return result
    }
}
