/// The result of `bftcheck mutate`: per mutant, which config and invariant killed it and how fast, or
/// that it survived (`bftcheck-mutate/1`, the `--json` form).
///
/// The score is the share of mutants killed among those not argued equivalent; a survivor not argued
/// equivalent is a gap in the configs or the invariants (exit status 1).
public struct MutationReport: Sendable, Codable {
    /// A judging config and its un-mutated run.
    public struct Judge: Sendable, Codable {
        /// The config's path.
        public var config: String
        /// Distinct states of its un-mutated run (configs are tried in this order, fewest first).
        public var states: Int
        /// Wall-clock seconds of that run.
        public var seconds: Double
    }

    /// How a mutant fared.
    public enum Verdict: String, Sendable, Codable {
        /// A config's invariant failed.
        case killed
        /// Every config holds, and nobody argued why that is fine: a gap.
        case survived
        /// Every config holds, as its argument (`note`) says it should.
        case equivalent
        /// Argued equivalent (`note`) and not run (`MutationRequest.checksArgued` runs it).
        case argued
        /// No config killed it, but a limit stopped at least one run (`note` says whether it is
        /// argued equivalent).
        case incomplete
    }

    /// What killed a mutant.
    public struct Kill: Sendable, Codable {
        /// The config.
        public var config: String
        /// The invariant that failed.
        public var property: String
        /// The counterexample's steps (the shortest, as BFS finds it).
        public var steps: Int?
        /// Wall-clock seconds of the killing run.
        public var seconds: Double
        /// The counterexample files, when kept.
        public var files: [String]
    }

    /// One mutant's result.
    public struct Mutant: Sendable, Codable {
        /// `site/operator`.
        public var name: String
        /// The site.
        public var site: String
        /// The operator.
        public var `operator`: String
        /// The verdict.
        public var verdict: Verdict
        /// What killed it.
        public var killedBy: Kill?
        /// Why it is expected to survive, when the protocol argues so (also set when such a mutant
        /// was killed: then the argument is wrong).
        public var note: String?
        /// Wall-clock seconds over all its runs.
        public var seconds: Double

        /// A mutant's result.
        public init(name: String, site: String, operator: String, verdict: Verdict, killedBy: Kill?, note: String?, seconds: Double) {
            self.name = name
            self.site = site
            self.operator = `operator`
            self.verdict = verdict
            self.killedBy = killedBy
            self.note = note
            self.seconds = seconds
        }
    }

    /// `bftcheck-mutate/1`.
    public var format = "bftcheck-mutate/1"
    /// The model whose rules were mutated.
    public var model: String
    /// The judging configs, in the order they were tried.
    public var configs: [Judge]
    /// The mutants, in catalogue order.
    public var mutants: [Mutant]

    /// Mutants killed.
    public var killed: Int { mutants.count { $0.verdict == .killed } }
    /// Mutants that survived without an argument.
    public var survived: Int { mutants.count { $0.verdict == .survived } }
    /// Mutants that survived as argued.
    public var equivalent: Int { mutants.count { $0.verdict == .equivalent } }
    /// Mutants argued equivalent and not run.
    public var unchecked: Int { mutants.count { $0.verdict == .argued } }
    /// Mutants a limit left undecided.
    public var incomplete: Int { mutants.count { $0.verdict == .incomplete } }
    /// Mutants the protocol argues equivalent, whatever their runs gave.
    public var argued: Int { mutants.count { $0.note != nil } }
    /// Killed mutants that were argued equivalent: each argument is wrong.
    public var wronglyArgued: [String] { mutants.filter { $0.verdict == .killed && $0.note != nil }.map(\.name) }

    /// 1 when a mutant survived unargued or an argued one was killed, else 3 when a limit left an
    /// unargued one undecided, else 0.
    public var exitCode: Int32 {
        if survived > 0 || !wronglyArgued.isEmpty { return 1 }
        return mutants.contains { $0.verdict == .incomplete && $0.note == nil } ? 3 : 0
    }

    private enum CodingKeys: String, CodingKey {
        case format, model, configs, mutants, killed, survived, equivalent, unchecked, incomplete, exitCode
    }

    /// The report with its counts and exit status, so that a JSON reader need not recount.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(model, forKey: .model)
        try container.encode(configs, forKey: .configs)
        try container.encode(mutants, forKey: .mutants)
        try container.encode(killed, forKey: .killed)
        try container.encode(survived, forKey: .survived)
        try container.encode(equivalent, forKey: .equivalent)
        try container.encode(unchecked, forKey: .unchecked)
        try container.encode(incomplete, forKey: .incomplete)
        try container.encode(exitCode, forKey: .exitCode)
    }

    /// A report (counts are derived).
    public init(model: String, configs: [Judge], mutants: [Mutant]) {
        self.model = model
        self.configs = configs
        self.mutants = mutants
    }

    /// Reads the fields written by `encode(to:)`; the counts are derived again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        model = try container.decode(String.self, forKey: .model)
        configs = try container.decode([Judge].self, forKey: .configs)
        mutants = try container.decode([Mutant].self, forKey: .mutants)
    }
}
