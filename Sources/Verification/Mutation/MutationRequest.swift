/// What `bftcheck mutate` should do: which configs judge the mutants, which mutants, and how each
/// check runs.
public struct MutationRequest: Sendable {
    /// The configs, all of one model (or of models whose mutants are one model's, see
    /// `ModelEntry.mutationModel`); each must hold un-mutated.
    public var configs: [ModelConfig]
    /// Substrings of mutant names (`site/operator`) to keep; empty: every mutant.
    public var selection: [String]
    /// Worker threads per check (`nil`: each config's own, else all cores).
    public var threads: Int?
    /// A bound on each check's distinct states (`nil`: none); a mutant no check killed within it is
    /// incomplete, not a survivor.
    public var maxStates: Int?
    /// A bound on each mutant's run relative to the un-mutated run of the same config: at most
    /// `maxGrowth` times its distinct states, and never less than `MutationAnalysis.growthFloor` (0:
    /// no bound). A mutant that only adds behaviour no rule acts
    /// on (e.g. messages every receiver refuses) can multiply the states; the bound keeps such a run
    /// from dominating, and reports it as incomplete.
    public var maxGrowth: Int
    /// Where the counterexamples that killed mutants are written (`nil`: not kept).
    public var outputDirectory: String?
    /// Whether mutants the protocol argues equivalent are run too, to test the arguments (a killed
    /// one fails the run); otherwise they are reported with their argument and not run, as
    /// mutation tools treat known equivalent mutants.
    public var checksArgued: Bool

    /// A request over `configs`.
    public init(
        configs: [ModelConfig], selection: [String] = [], threads: Int? = nil, maxStates: Int? = nil, maxGrowth: Int = 4,
        outputDirectory: String? = nil, checksArgued: Bool = false
    ) {
        self.checksArgued = checksArgued
        self.maxGrowth = maxGrowth
        self.configs = configs
        self.selection = selection
        self.threads = threads
        self.maxStates = maxStates
        self.outputDirectory = outputDirectory
    }
}
