/// A one-shot cluster-sending plan: which replica of C1 sends the value to which replica of C2.
///
/// This is the combinatorial core (a one-shot model of our own) of the crash lower bound of Hellings &
/// Sadoghi, "The Fault-Tolerant Cluster-Sending Problem" (DISC 2019, arXiv 1908.01455; tutorial slide
/// "Lower bounds for cluster-sending: Results"): a plan is correct for crash failures when every choice of
/// f1 crashed senders and f2 crashed receivers leaves an edge with both ends alive; its cost is its number
/// of edges (messages).
struct SendingPlan: Hashable {
    /// A message from `sender` ∈ C1 (index in 0 ..< n1) to `receiver` ∈ C2 (index in 0 ..< n2).
    struct Edge: Hashable, Comparable {
        var sender: Int
        var receiver: Int

        static func < (lhs: Edge, rhs: Edge) -> Bool {
            (lhs.sender, lhs.receiver) < (rhs.sender, rhs.receiver)
        }
    }

    /// The edges, sorted.
    var edges: [Edge]

    init(edges: [Edge]) { self.edges = edges.sorted() }

    var messages: Int { edges.count }

    /// The partitioned bijective plan of the tutorial's optimal crash protocol (slide "An optimal
    /// cluster-sending algorithm (crash failures)"): σ senders of the larger cluster in q parts of n
    /// (each mapped bijectively onto the whole smaller cluster) plus, when r > 0, one part of r + f
    /// mapped onto r + f replicas; `nil` when σ > max(n1, n2).
    static func partitionedBijective(for pair: ClusterPair) -> SendingPlan? {
        let bound = pair.crashBound
        guard bound.fitsLargerCluster else { return nil }
        let smaller = pair.oriented.smaller
        var oriented: [(larger: Int, smaller: Int)] = []
        for part in 0..<bound.q {
            for replica in 0..<smaller.n { oriented.append((part * smaller.n + replica, replica)) }
        }
        if bound.r > 0 {
            for replica in 0..<(bound.r + smaller.f) { oriented.append((bound.q * smaller.n + replica, replica)) }
        }
        return SendingPlan(oriented: oriented, swapped: bound.swapped)
    }

    /// A plan from counts of larger-cluster replicas per neighbourhood (bit mask over the smaller
    /// cluster), laying the replicas out in mask order.
    static func fromNeighbourhoodCounts(_ counts: [(mask: Int, count: Int)], for pair: ClusterPair) -> SendingPlan {
        var oriented: [(larger: Int, smaller: Int)] = []
        var next = 0
        for (mask, count) in counts {
            for replica in next..<(next + count) {
                for target in 0..<pair.oriented.smaller.n where mask & (1 << target) != 0 {
                    oriented.append((replica, target))
                }
            }
            next += count
        }
        return SendingPlan(oriented: oriented, swapped: pair.n1 < pair.n2)
    }

    private init(oriented: [(larger: Int, smaller: Int)], swapped: Bool) {
        self.init(
            edges: oriented.map {
                swapped ? Edge(sender: $0.smaller, receiver: $0.larger) : Edge(sender: $0.larger, receiver: $0.smaller)
            })
    }

    /// Whether crashing `senders` and `receivers` silences every edge, computed without the solver.
    func isSilenced(crashing senders: Set<Int>, and receivers: Set<Int>) -> Bool {
        edges.allSatisfy { senders.contains($0.sender) || receivers.contains($0.receiver) }
    }

    /// `s0→r0, s1→r1, …` (s: replicas of C1, r: replicas of C2).
    var rendered: String {
        edges.map { "s\($0.sender)→r\($0.receiver)" }.joined(separator: ", ")
    }
}
