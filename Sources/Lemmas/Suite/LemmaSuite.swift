/// The lemmas `bftcheck lemmas` checks, in a fixed order.
public struct LemmaSuite: Sendable {
    /// The lemmas, in the order they run and are reported.
    public var lemmas: [Lemma]

    /// A suite of `lemmas`.
    public init(lemmas: [Lemma]) {
        self.lemmas = lemmas
    }

    /// The standard suite: quorum intersection (parametric, tutorial form, the false n ≤ 3f variant,
    /// over sets), the 2f + 1 trap, the view change, cluster-sending (crash, certified, unsigned,
    /// probabilistic), dispersal, Merkle checksums, the learner's bounds and the storage theorem.
    ///
    /// - Parameter clusterPairs: cluster sizes for the lemmas that accept them
    ///   (`Lemma.acceptsClusterSizes`); `nil` uses each lemma's defaults.
    public static func standard(clusterPairs: [ClusterPair]? = nil) -> LemmaSuite {
        LemmaSuite(lemmas: [
            .quorumIntersection,
            .quorumIntersectionTutorialForm,
            .quorumIntersectionBelow3f,
            .quorumSets,
            .quorumTrap,
            .viewChange,
            .clusterSending(pairs: clusterPairs),
            .clusterSendingCertified(pairs: clusterPairs),
            .clusterSendingUnsigned(pairs: clusterPairs),
            .clusterSendingProbabilistic(pairs: clusterPairs),
            .dispersalPieceSize,
            .merkleChecksum,
            .learnerBounds,
            .storageTheorem,
        ])
    }

    /// The lemma names, in order.
    public var names: [String] { lemmas.map(\.name) }

    /// The sub-suite of the lemmas named in `names`, in suite order.
    ///
    /// - Throws: `LemmaSelectionError` naming the first unknown name.
    public func selecting(_ names: [String]) throws(LemmaSelectionError) -> LemmaSuite {
        if let unknown = names.first(where: { !self.names.contains($0) }) {
            throw LemmaSelectionError(unknownName: unknown, knownNames: self.names)
        }
        return LemmaSuite(lemmas: lemmas.filter { names.contains($0.name) })
    }

    /// Runs every lemma in order on the calling thread.
    ///
    /// - Parameters:
    ///   - options: SMT-LIB2 capture and the per-query limit.
    ///   - progress: called after each lemma, e.g. to print as the suite goes.
    public func run(options: LemmaRunOptions = LemmaRunOptions(), progress: (LemmaRun) -> Void = { _ in }) -> SuiteRun {
        let started = ContinuousClock.now
        var runs: [LemmaRun] = []
        for lemma in lemmas {
            let run = lemma.run(options: options)
            progress(run)
            runs.append(run)
        }
        return SuiteRun(runs: runs, seconds: (ContinuousClock.now - started) / .seconds(1))
    }
}
