extension ClusterPair {
    /// `n15-n05-f07-f02`: the query-id stem of a pair.
    var queryID: String { "n\(pad(n1))-n\(pad(n2))-f\(pad(f1))-f\(pad(f2))" }
}
