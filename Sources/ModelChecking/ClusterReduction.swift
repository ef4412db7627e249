/// An element-wise reduction of ``SearchCluster/allReduce(_:_:)``.
public enum ClusterReduction: Sendable {
    /// The wrapping sum.
    case sum
    /// The least value.
    case min
    /// The greatest value.
    case max
}
