/// The cluster of one process: `exchange` hands back what it is given and reductions are the
/// identity. A distributed search on it is a single-process search by the distributed algorithm.
public final class SingleProcessCluster: SearchCluster {
    /// The cluster of this process alone.
    public init() {}

    /// 0.
    public var rank: Int { 0 }
    /// 1.
    public var size: Int { 1 }

    /// `outgoing[0]` itself.
    public func exchange(_ outgoing: [[UInt8]]) -> (bytes: [UInt8], offsets: [Int]) {
        precondition(outgoing.count == 1, "SingleProcessCluster: one buffer per rank")
        return (outgoing[0], [0, outgoing[0].count])
    }

    /// `values` itself.
    public func allReduce(_ values: [UInt64], _ operation: ClusterReduction) -> [UInt64] { values }
}
