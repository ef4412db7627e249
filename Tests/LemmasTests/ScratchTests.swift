import Foundation
import Testing

@testable import Lemmas

@Test func scratchTiming() {
    let pair = ClusterPair(n1: 12, n2: 12, f1: 5, f2: 5)
    let session = LemmaSession(lemmaName: "t", options: LemmaRunOptions(queryTimeout: .seconds(5)))
    let checker = ClusterSendingChecker(session: session)
    let t = Date()
    let r = checker.correctPlan(within: 10, for: pair, id: "x", expecting: .unsat)
    print("correctPlan", r, Date().timeIntervalSince(t))
    for q in session.queries { print(q.id, q.outcome, q.seconds) }
}
