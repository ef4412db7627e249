/// What a distributed breadth-first search (`CheckerOptions.cluster`) exchanged between its ranks.
public struct DistributedStatistics: Sendable, Codable, Equatable {
    /// The number of ranks (processes).
    public var ranks: Int
    /// Worker threads per rank.
    public var threadsPerRank: Int
    /// Bytes every rank sent to the other ranks, summed over ranks: successors' keys, the owners'
    /// answers, new states and the ranking of each level's states (what crosses the network).
    public var exchangedBytes: Int
    /// Bytes routed: `exchangedBytes` plus the keys, answers and ranking records each rank handed to
    /// itself (its own new states stay in memory and are not counted).
    public var routedBytes: Int
    /// `exchangedBytes` per distinct state.
    public var exchangedBytesPerState: Double
    /// `routedBytes` per distinct state.
    public var routedBytesPerState: Double

    /// The figures of a run.
    public init(
        ranks: Int, threadsPerRank: Int, exchangedBytes: Int, routedBytes: Int, exchangedBytesPerState: Double,
        routedBytesPerState: Double
    ) {
        self.ranks = ranks
        self.threadsPerRank = threadsPerRank
        self.exchangedBytes = exchangedBytes
        self.routedBytes = routedBytes
        self.exchangedBytesPerState = exchangedBytesPerState
        self.routedBytesPerState = routedBytesPerState
    }
}
