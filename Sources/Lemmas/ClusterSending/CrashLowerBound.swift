/// The crash-failure lower bound of cluster-sending (tutorial slide "Lower bounds for cluster-sending:
/// Results"): with n1 ≥ n2, q = (f1 + 1) div nf2, r = (f1 + 1) mod nf2 and σ = q·n2 + r + f2·sgn r,
/// where nf2 = n2 − f2. When n1 < n2 the clusters swap roles (the problem is symmetric).
public struct CrashLowerBound: Sendable, Hashable, Codable {
    /// Whether the roles were swapped because n1 < n2.
    public var swapped: Bool
    /// (f + 1) div nf of the smaller cluster, f of the larger.
    public var q: Int
    /// (f + 1) mod nf of the smaller cluster, f of the larger.
    public var r: Int
    /// σ = q·n + r + f·sgn r (n, f of the smaller cluster).
    public var sigma: Int
    /// σ ≤ max(n1, n2): the partitioned bijective plan fits and σ is the exact minimum.
    public var fitsLargerCluster: Bool

    /// The bound for `pair`, computed exactly in integers.
    ///
    /// - Precondition: the smaller cluster has a non-faulty replica (f < n).
    public init(_ pair: ClusterPair) {
        let (larger, smaller) = pair.oriented
        let nonFaulty = smaller.n - smaller.f
        precondition(nonFaulty > 0, "cluster-sending needs a non-faulty replica in \(pair)")
        swapped = pair.n1 < pair.n2
        q = (larger.f + 1) / nonFaulty
        r = (larger.f + 1) % nonFaulty
        sigma = q * smaller.n + r + smaller.f * (r > 0 ? 1 : 0)
        fitsLargerCluster = sigma <= larger.n
    }
}
