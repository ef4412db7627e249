import MessagePassing

/// Reading a config's PBFT parameters (`PBFTLayer.parameters(within:)`), once for both PBFT models.
extension PBFTConfiguration {
    /// The configuration the parameters describe, cross-checked (f < n, a correct replica left, the
    /// first faulty replica among the n) and within `limits`.
    ///
    /// - Throws: `ParameterProblem` naming the parameter at fault.
    public init(arguments: ProtocolArguments, within limits: Limits) throws(ParameterProblem) {
        let n = arguments.int("replicas")
        let f = arguments.int("f")
        let byzantine = arguments.int("byzantine")
        let crashed = arguments.int("crashed")
        let firstFaulty = arguments.int("first_faulty")
        guard f < n else { throw ParameterProblem("f", "f must be below n = \(n), got \(f)") }
        guard byzantine + crashed < n else {
            throw ParameterProblem("byzantine", "byzantine + crashed must leave a correct replica: \(byzantine) + \(crashed) ≥ n = \(n)")
        }
        guard firstFaulty < n else { throw ParameterProblem("first_faulty", "must be below n = \(n), got \(firstFaulty)") }
        let quorum = arguments.int("quorum")
        let newViewQuorum = arguments.int("newview_quorum")
        let window = arguments.int("window")
        self.init(
            replicaCount: n, faultThreshold: f,
            faults: FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty),
            quorum: quorum == 0 ? nil : quorum, newViewQuorum: newViewQuorum == 0 ? nil : newViewQuorum,
            maxView: arguments.int("max_view"), maxSequence: arguments.int("max_seq"), requestCount: arguments.int("requests"),
            checkpointInterval: arguments.int("checkpoint_interval"), window: window == 0 ? nil : window,
            mutant: PBFTMutant(rawValue: arguments.string("mutant"))!)
        if let problem = problems(within: limits).first { throw ParameterProblem(problem.parameter, problem.problem) }
    }
}
