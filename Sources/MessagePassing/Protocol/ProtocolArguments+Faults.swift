/// The cluster every message-passing spec's config describes with the same keys: `replicas`, `f`,
/// `byzantine`, `crashed` and `first_faulty` (Castro & Liskov §2's n replicas of which at most f are
/// faulty; which ones, and how, is the fault model's).
extension ProtocolArguments {
    /// n, f and the fault model the keys describe, cross-checked: f < n, a correct replica left, the
    /// first faulty replica among the n.
    ///
    /// - Throws: `ParameterProblem` naming the key at fault.
    public func cluster() throws(ParameterProblem) -> (replicaCount: Int, faultThreshold: Int, faults: FaultModel) {
        let n = int("replicas")
        let f = int("f")
        let byzantine = int("byzantine")
        let crashed = int("crashed")
        let firstFaulty = int("first_faulty")
        guard f < n else { throw ParameterProblem("f", "f must be below n = \(n), got \(f)") }
        guard byzantine + crashed < n else {
            throw ParameterProblem("byzantine", "byzantine + crashed must leave a correct replica: \(byzantine) + \(crashed) ≥ n = \(n)")
        }
        guard firstFaulty < n else { throw ParameterProblem("first_faulty", "must be below n = \(n), got \(firstFaulty)") }
        return (n, f, FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty))
    }
}
