import Foundation
import Testing

@testable import Lemmas

func query(_ pair: ClusterPair, k: Int, symmetry: Bool, cut: Bool) -> (SolverOutcome, Double) {
    let context = Z3Context()
    let (larger, smaller) = pair.oriented
    let masks = Array(1..<(1 << smaller.n))
    let counts = masks.map { context.constant("c_\($0)", IntSort.self) }
    let solver = Z3Solver(context: context, timeout: .seconds(20))
    solver.assert(counts.map { $0 >= 0 })
    solver.assert(context.sum(counts) <= larger.n)
    solver.assert(context.sum(zip(masks, counts).map { $0.nonzeroBitCount * $1 }) <= k)
    for survivors in 0..<(1 << smaller.n) where survivors.nonzeroBitCount == smaller.n - smaller.f {
        solver.assert(context.sum(zip(masks, counts).filter { $0.0 & survivors != 0 }.map(\.1)) >= larger.f + 1)
    }
    if symmetry {
        let degrees = (0..<smaller.n).map { j in context.sum(zip(masks, counts).filter { $0.0 & (1 << j) != 0 }.map(\.1)) }
        for j in 0..<(smaller.n - 1) { solver.assert(degrees[j] >= degrees[j + 1]) }
    }
    let t = Date()
    let r = solver.check().outcome
    return (r, Date().timeIntervalSince(t))
}

@Test func scratchTiming() {
    for (pair, k) in [(ClusterPair(n1: 10, n2: 10, f1: 0, f2: 4), 4), (ClusterPair(n1: 15, n2: 10, f1: 7, f2: 4), 16), (ClusterPair(n1: 12, n2: 12, f1: 5, f2: 5), 10), (ClusterPair(n1: 8, n2: 8, f1: 3, f2: 3), 6), (ClusterPair(n1: 15, n2: 5, f1: 7, f2: 2), 13)] {
        print(pair, pair.crashBound.sigma, "plain", query(pair, k: k, symmetry: false, cut: false), "sym", query(pair, k: k, symmetry: true, cut: false))
    }
}
