/// The sizes of a sending cluster C1 and a receiving cluster C2 in the cluster-sending problem
/// (tutorial slide "The Byzantine cluster-sending problem"): n1 replicas of which at most f1 faulty,
/// n2 of which at most f2 faulty.
public struct ClusterPair: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Replicas in the sending cluster C1.
    public var n1: Int
    /// Replicas in the receiving cluster C2.
    public var n2: Int
    /// Faulty replicas tolerated in C1.
    public var f1: Int
    /// Faulty replicas tolerated in C2.
    public var f2: Int

    /// Sizes in the tutorial's order (n1, n2, f1, f2), e.g. `ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2)`.
    public init(n1: Int, n2: Int, f1: Int, f2: Int) {
        self.n1 = n1
        self.n2 = n2
        self.f1 = f1
        self.f2 = f2
    }

    /// `(15, 5, 7, 2)`, the tutorial's notation (n1, n2, f1, f2).
    public var description: String { "(\(n1), \(n2), \(f1), \(f2))" }

    /// The naive protocol's cost: pairwise broadcast from f1 + 1 senders to f2 + 1 receivers
    /// (tutorial slide "Global communication versus local communication").
    public var naiveMessages: Int { (f1 + 1) * (f2 + 1) }

    /// The tutorial's crash lower bound σ with its q and r (slide "Lower bounds for cluster-sending:
    /// Results"), with the clusters swapped when n1 < n2.
    public var crashBound: CrashLowerBound { CrashLowerBound(self) }

    /// The larger cluster's (n, f) first, then the smaller one's: the orientation the formula and the
    /// partitioned bijective plan use.
    var oriented: (larger: ClusterSize, smaller: ClusterSize) {
        let first = ClusterSize(n: n1, f: f1)
        let second = ClusterSize(n: n2, f: f2)
        return n1 >= n2 ? (first, second) : (second, first)
    }

    /// One cluster's size and fault bound.
    struct ClusterSize {
        var n: Int
        var f: Int
    }

    /// Why the sizes cannot be checked exactly, or `nil` when they can.
    ///
    /// - Parameter requiringMajority: also require n > 2f in both clusters (the tutorial's setting, and
    ///   what certificates need).
    /// - Returns: a one-line problem naming the flag, e.g. `--f1 7: needs n1 > 2·f1 (n1 = 14)`.
    public func validationProblem(requiringMajority: Bool = true) -> String? {
        for (name, value) in [("--n1", n1), ("--n2", n2)] where value < 1 {
            return "\(name) \(value): a cluster needs at least one replica"
        }
        for (name, value) in [("--f1", f1), ("--f2", f2)] where value < 0 {
            return "\(name) \(value): the number of faulty replicas cannot be negative"
        }
        let clusters: [(index: Int, n: Int, f: Int)] = [(1, n1, f1), (2, n2, f2)]
        for cluster in clusters {
            let (i, n, f) = cluster
            if requiringMajority && n <= 2 * f { return "--f\(i) \(f): needs n\(i) > 2·f\(i) (n\(i) = \(n))" }
            if n <= f { return "--f\(i) \(f): needs n\(i) > f\(i) (n\(i) = \(n))" }
        }
        if min(n1, n2) > ClusterPair.exactCheckLimit {
            return "--n1 \(n1) --n2 \(n2): the exact check enumerates the neighbourhoods in the smaller cluster; "
                + "use min(n1, n2) ≤ \(ClusterPair.exactCheckLimit)"
        }
        return nil
    }

    /// `--n1 15 --n2 5 --f1 7 --f2 2` for a single pair, nothing otherwise.
    static func arguments(for pairs: [ClusterPair]?) -> [String] {
        guard let pairs, pairs.count == 1 else { return [] }
        let pair = pairs[0]
        return ["--n1", "\(pair.n1)", "--n2", "\(pair.n2)", "--f1", "\(pair.f1)", "--f2", "\(pair.f2)"]
    }

    /// The largest smaller cluster the exact check accepts. Beyond ten receivers some covering
    /// instances take Z3 4.8.12 minutes, and not all of its phases honour the time limit.
    public static let exactCheckLimit = 10
}
