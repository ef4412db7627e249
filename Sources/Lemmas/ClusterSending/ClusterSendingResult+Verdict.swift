extension ClusterSendingResult {
    /// Sets the lemma verdict from all checked pairs and summarises them.
    static func judge(_ results: [ClusterSendingResult], into outcome: inout LemmaOutcome) {
        if let refuted = results.first(where: { $0.counterexample != nil }) {
            outcome.verdict = .refuted
            outcome.counterexample = "\(refuted.pair): \(refuted.counterexample!)"
            outcome.witnessLines.append("\(refuted.pair): \(refuted.counterexample!)")
        } else if let undecided = results.first(where: { !$0.confirmsBound }) {
            outcome.verdict = .unknown
            outcome.reason = "\(undecided.pair): \(undecided.problem ?? undecided.note)"
        }
        guard outcome.verdict == .proved else { return }
        let fitting = results.filter(\.bound.fitsLargerCluster)
        let beyond = results.filter { !$0.bound.fitsLargerCluster }
        let notTight = beyond.filter { $0.minimum != $0.bound.sigma }
        var summary =
            "\(results.count) size combinations: σ is a lower bound in all; σ ≤ max(n1, n2) and exact (attained by the "
            + "partitioned bijective plan) in \(fitting.count)"
        if beyond.isEmpty {
            summary += "."
        } else {
            summary +=
                "; σ > max(n1, n2) in \(beyond.count), where the formula is not tight in \(notTight.count)"
                + (notTight.first.map { " (e.g. \($0.pair): σ = \($0.bound.sigma), exact minimum \($0.minimum!))" } ?? "")
                + "."
        }
        // One pair's sentence already says all of this.
        if results.count > 1 { outcome.findings.append(summary) }
        for result in notTight where result.minimalPlan != nil {
            outcome.witnessLines.append(
                "\(result.pair): σ = \(result.bound.sigma) > max(n1, n2); minimal correct plan with \(result.minimum!) messages: \(result.minimalPlan!)"
            )
        }
    }
}
