/// Concrete quorums Q1, Q2 and a faulty set F read back from a Venn-region model, for reports and
/// counterexample files; checked by plain set arithmetic, without the solver.
struct QuorumWitness: CustomStringConvertible {
    var n: Int
    var f: Int
    var names: [String]
    var sets: [[Int]]

    init(venn: VennRegions, model: Z3Model, n: Z3Term<IntSort>, f: Z3Term<IntSort>) {
        self.n = model.value(of: n)
        self.f = model.value(of: f)
        names = venn.setNames
        sets = venn.concreteSets(in: model)
    }

    init(n: Int, f: Int, names: [String], sets: [[Int]]) {
        self.n = n
        self.f = f
        self.names = names
        self.sets = sets
    }

    /// `n = 3, f = 1: Q1 = {r0, r1}  Q2 = {r1, r2}  F = {r1}`.
    var description: String {
        "n = \(n), f = \(f): " + ReplicaSetFormat.render(names: names, sets: sets)
    }

    /// Whether sets 0 and 1 have `quorum` replicas of [n], set 2 at most `faultyAtMost`, and
    /// set 0 ∩ set 1 ⊆ set 2.
    func isIntersectionInsideFaulty(quorum: Int, faultyAtMost: Int) -> Bool {
        let (first, second, faulty) = (Set(sets[0]), Set(sets[1]), Set(sets[2]))
        let inRange = sets.allSatisfy { $0.allSatisfy { (0..<n).contains($0) } }
        return inRange && first.count == quorum && second.count == quorum && faulty.count <= faultyAtMost
            && first.intersection(second).isSubset(of: faulty)
    }
}
