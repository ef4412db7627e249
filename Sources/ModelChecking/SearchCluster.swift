/// The processes of a distributed breadth-first search, as the engine sees them: a rank among a
/// fixed number of ranks, an all-to-all exchange of byte buffers and reductions of 64-bit words.
///
/// Every member of the cluster runs the same search and calls these operations in the same order
/// (they are collective, as in MPI): a call returns once every rank has made it. The engine knows
/// nothing of the transport; `DistributedChecking.MPICommunicator` implements it over MPI, and
/// ``SingleProcessCluster`` is the cluster of one process.
public protocol SearchCluster: AnyObject, Sendable {
    /// This process's rank, in `0..<size`.
    var rank: Int { get }
    /// The number of ranks (at least 1).
    var size: Int { get }
    /// Sends `outgoing[r]` to rank `r` for every `r` (including this rank) and returns what the ranks
    /// sent to this one, concatenated in sender order: rank `r`'s bytes are
    /// `bytes[offsets[r]..<offsets[r + 1]]` (`offsets` has `size + 1` entries). `outgoing.count` must
    /// equal `size`.
    func exchange(_ outgoing: [[UInt8]]) -> (bytes: [UInt8], offsets: [Int])
    /// The element-wise reduction of `values` over all ranks (every rank passes as many values).
    func allReduce(_ values: [UInt64], _ operation: ClusterReduction) -> [UInt64]
}
