/// The exact check of the crash lower bound for one pair of cluster sizes.
struct ClusterSendingResult {
    var pair: ClusterPair
    var bound: CrashLowerBound
    /// No correct plan has σ − 1 messages (`nil` until decided).
    var lowerBoundHolds: Bool? = nil
    /// The partitioned bijective plan of σ messages survives every crash choice (`nil` when it does not
    /// fit, σ > max(n1, n2), or was not decided).
    var partitionedPlanSurvives: Bool? = nil
    /// The least number of messages of a correct plan, when decided.
    var minimum: Int? = nil
    /// A minimal plan, rendered, when σ did not fit and the minimum was searched.
    var minimalPlan: String? = nil
    /// Evidence against the tutorial's bound, when found.
    var counterexample: String? = nil
    /// Why the check is incomplete (a timeout, a failed independent re-check).
    var problem: String? = nil

    /// The bound held: σ is a lower bound and the minimum is known.
    var confirmsBound: Bool {
        counterexample == nil && problem == nil && lowerBoundHolds == true && minimum != nil
            && (partitionedPlanSurvives ?? true)
    }

    /// The row of the crash table.
    var row: [String] {
        [
            "\(pair.n1)", "\(pair.n2)", "\(pair.f1)", "\(pair.f2)", "\(bound.q)", "\(bound.r)", "\(bound.sigma)",
            minimum.map(String.init) ?? "?", "\(pair.naiveMessages)", note,
        ]
    }

    static let columns = ["n1", "n2", "f1", "f2", "q", "r", "σ", "exact min", "naive", "check"]

    var note: String {
        if let counterexample { return "REFUTED: \(counterexample)" }
        if let problem { return "UNKNOWN: \(problem)" }
        if bound.fitsLargerCluster { return "σ−1 unsat; PBS(σ) survives" }
        return minimum == bound.sigma
            ? "σ > max(n1,n2), still exact" : "σ > max(n1,n2): not tight, min \(minimum.map(String.init) ?? "?")"
    }

    /// One sentence for the report.
    var sentence: String {
        var text = "\(pair): σ = \(bound.sigma) (q = \(bound.q), r = \(bound.r)\(bound.swapped ? ", clusters swapped" : ""))"
        if let minimum { text += ", exact minimum \(minimum)" }
        text += ", naive (f1 + 1)(f2 + 1) = \(pair.naiveMessages)"
        if confirmsBound {
            text +=
                bound.fitsLargerCluster
                ? "; no correct plan of \(bound.sigma - 1) messages (unsat), the partitioned bijective plan of \(bound.sigma) survives every crash choice (unsat)."
                : "; σ > max(n1, n2) = \(max(pair.n1, pair.n2)), so the formula is a lower bound only; "
                    + "plans of σ … \(minimum! - 1) messages are impossible (unsat), one of \(minimum!) exists and survives every crash choice."
        } else {
            text += ": " + note
        }
        return text
    }
}
