import ArgumentParser
import Foundation
import Verification

/// `bftcheck mutate CONFIG…`: how many of the spec's mutants the configs kill (`MutationAnalysis`).
struct MutateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mutate",
        abstract: "Check every mutant of a spec's rules against configs that hold; print which config kills each.",
        discussion: """
            Every operator (drop a guard, a quorum threshold ±1, relax a view or sequence-number \
            comparison, omit a sent message's content, skip a state update) at every site the spec \
            declares is one mutant. Each is checked against the CONFIGs, fewest states first, until an \
            invariant fails. A survivor that the spec does not argue equivalent is a gap. CONFIGs of \
            model pbft are judged on its port pbft-layer (the same states). Exit status: 0 every \
            mutant killed or argued equivalent, 1 a survivor (or an argued one killed), 2 bad input, \
            3 a limit left an unargued mutant undecided (by default a mutant's check stops at 4 times \
            the un-mutated run's states: --max-growth).
            """
    )

    @Argument(help: "Configs that hold (files, or names under Specs/), all of one model.")
    var configs: [String] = []

    @Option(name: .customLong("only"), help: "Keep mutants whose name (site/operator) contains this; repeatable.")
    var selection: [String] = []

    @Option(parsing: .unconditional, help: "Worker threads per check, 1...1024 (default: the config's, else all cores).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Stop each check after this many distinct states (a mutant not killed within is incomplete).")
    var maxStates: Int?

    @Option(
        parsing: .unconditional,
        help: "Stop a mutant's check at this many times the un-mutated run's states, 0...1000000 (0: no bound; default 4).")
    var maxGrowth: Int?

    @Option(help: "Keep the counterexamples that killed mutants in this directory (default: not kept).")
    var output: String?

    @Flag(help: "Also run the mutants argued equivalent, to test the arguments (a killed one fails the run).")
    var checkArgued = false

    @Flag(help: "Write the report as JSON to stdout (progress stays on stderr).")
    var json = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Flag(help: "List the mutants of the configs' model (name, kind, argued equivalence) and exit.")
    var list = false

    func run() throws {
        guard !configs.isEmpty else { throw InputError(nil, nil, key: "CONFIG", "mutate needs at least one config that holds") }
        let loaded = try configs.map { try ModelConfig.load(try ConfigLocator.resolve($0)) }
        let request = MutationRequest(
            configs: loaded, selection: selection, threads: try Inputs.threads.validate(threads),
            maxStates: try Inputs.maxStates.validate(maxStates), maxGrowth: try Inputs.maxGrowth.validate(maxGrowth) ?? 4,
            outputDirectory: output, checksArgued: checkArgued)
        if list {
            let (entry, _) = try MutationAnalysis.judgingConfigs(loaded)
            for name in entry.mutations {
                let note = entry.equivalentMutants[name].map { "  (argued equivalent: \($0))" } ?? ""
                print(name + note)
            }
            return
        }
        let report = try MutationAnalysis.run(request) { line in if !quiet { Terminal.note("mutate: " + line) } }
        if json { try Terminal.json(report) } else { print(report.table) }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
