extension RunSettings.Expectation {
    /// Compares `report` with what is expected: the outcome, the first violated property, the length
    /// of its counterexample and the distinct-state count.
    ///
    /// - Returns: whether everything expected was seen, and one line per difference.
    public func compared(with report: CheckReport) -> CheckReport.ExpectationReport {
        var mismatches: [String] = []
        if let outcome, outcome != report.outcome {
            mismatches.append("expected outcome \(outcome), got \(report.outcome)")
        }
        if let property, report.violations.first?.property != property {
            mismatches.append("expected \(property) to be violated, got \(report.violations.first?.property ?? "no violation")")
        }
        if let depth, report.violations.first?.depth != depth {
            mismatches.append(
                "expected a counterexample of \(depth) steps, got \(report.violations.first?.depth.map(String.init) ?? "none")")
        }
        if let states, states != report.statistics.distinctStates {
            mismatches.append("expected \(states) distinct states, got \(report.statistics.distinctStates)")
        }
        return CheckReport.ExpectationReport(met: mismatches.isEmpty, mismatches: mismatches)
    }
}
