/// A mutated run and where the oracle must reject it.
public struct Mutant: Sendable {
    /// The mutated run.
    public var run: SynthesizedRun
    /// The mutation applied.
    public var mutation: TraceMutation
    /// The identities of the events the first divergence may be at (usually one).
    public var expected: [Int]
    /// Whether the divergence must be at one of `expected` (true), or may be elsewhere as long as it
    /// names one of them among its related events (a causal cycle, whose members are symmetric).
    public var isExact: Bool
    /// What was done, in one line.
    public var summary: String
}
