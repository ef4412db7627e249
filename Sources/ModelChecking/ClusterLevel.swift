/// The states of one BFS level that a rank owns in a distributed search, in BFS order: each one's
/// rank in the whole level's BFS order (its global rank), the global rank of its parent in the level
/// before, and the ordinal of the action that produced it (for level 0: 0, and the initial state's
/// index). The states themselves are kept only for the frontier; the rest is the rank's share of
/// the parent log, from which counterexamples are rebuilt.
@usableFromInline
struct ClusterLevel: Sendable {
    /// Global ranks, increasing.
    @usableFromInline var ranks: [UInt64] = []
    /// The parents' global ranks.
    @usableFromInline var parents: [UInt64] = []
    /// The actions' ordinals.
    @usableFromInline var ordinals: [UInt32] = []

    @inlinable
    init() {}

    /// The position of the state of global rank `rank`, if this rank owns it.
    @inlinable
    func position(of rank: UInt64) -> Int? {
        let index = lowerBound(rank)
        return index < ranks.count && ranks[index] == rank ? index : nil
    }

    /// The first position whose global rank is at least `rank`.
    @inlinable
    func lowerBound(_ rank: UInt64) -> Int {
        var low = 0
        var high = ranks.count
        while low < high {
            let middle = (low + high) / 2
            if ranks[middle] < rank { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The bytes the level's links occupy.
    @inlinable
    var bytes: Int { ranks.capacity * 8 + parents.capacity * 8 + ordinals.capacity * 4 }
}
