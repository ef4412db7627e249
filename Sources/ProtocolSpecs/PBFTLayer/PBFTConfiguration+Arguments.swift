import MessagePassing

/// Reading a config's PBFT parameters (`PBFTLayer.parameters(within:)`), once for both PBFT models.
extension PBFTConfiguration {
    /// The configuration the parameters describe, cross-checked (`ProtocolArguments.cluster()`) and
    /// within `limits`.
    ///
    /// - Throws: `ParameterProblem` naming the parameter at fault.
    public init(arguments: ProtocolArguments, within limits: Limits) throws(ParameterProblem) {
        let (n, f, faults) = try arguments.cluster()
        let quorum = arguments.int("quorum")
        let newViewQuorum = arguments.int("newview_quorum")
        let window = arguments.int("window")
        self.init(
            replicaCount: n, faultThreshold: f, faults: faults,
            quorum: quorum == 0 ? nil : quorum, newViewQuorum: newViewQuorum == 0 ? nil : newViewQuorum,
            maxView: arguments.int("max_view"), maxSequence: arguments.int("max_seq"), requestCount: arguments.int("requests"),
            checkpointInterval: arguments.int("checkpoint_interval"), window: window == 0 ? nil : window,
            mutant: PBFTMutant(rawValue: arguments.string("mutant"))!)
        if let problem = problems(within: limits).first { throw ParameterProblem(problem.parameter, problem.problem) }
    }
}
