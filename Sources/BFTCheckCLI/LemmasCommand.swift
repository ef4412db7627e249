import ArgumentParser
import Foundation
import Lemmas

/// `bftcheck lemmas [NAME…]`: checks the tutorial's lemmas with Z3 and exact arithmetic.
struct LemmasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lemmas",
        abstract: "Check the tutorial's quorum, view-change, cluster-sending and dispersal lemmas with Z3.",
        discussion: """
            Each lemma has a statement, a formula, its source (tutorial slide or paper), an expected verdict, \
            and a result: proved, refuted with a counterexample, or unknown with the reason. Parametric lemmas \
            are proved for all n and f at once; cluster-sending is checked exactly for given sizes, e.g.
              bftcheck lemmas cluster-sending --n1 15 --n2 5 --f1 7 --f2 2
            Sizes apply to the lemmas that take them (cluster-sending, cluster-sending-certified, \
            cluster-sending-unsigned, cluster-sending-probabilistic); they need n > 2f in both clusters and \
            min(n1, n2) ≤ 10. A query Z3 cannot decide within --timeout makes the verdict unknown (exit 1).
            Concrete counterexamples and witnesses are written under --output (one file per lemma); \
            --smtlib DIR writes every query as DIR/<lemma>/<query>.smt2 for any SMT-LIB2 solver.
            Exit status: 0 every verdict as expected, 1 some verdict differs from its expectation, \
            2 bad usage.
            """
    )

    @Argument(help: "Lemmas to check (like --only); all when none is given.")
    var names: [String] = []

    @Option(help: "Check only this lemma (repeatable); see --list.")
    var only: [String] = []

    @Option(help: "Replicas in the sending cluster C1.") var n1: Int?
    @Option(help: "Replicas in the receiving cluster C2.") var n2: Int?
    @Option(help: "Faulty replicas tolerated in C1.") var f1: Int?
    @Option(help: "Faulty replicas tolerated in C2.") var f2: Int?

    @Flag(help: "Write the reports as JSON to stdout.")
    var json = false

    @Option(help: "Write every query as an SMT-LIB2 file under this directory.")
    var smtlib: String?

    @Option(help: "Directory for counterexample and witness files.")
    var output = "Counterexamples/lemmas"

    @Option(help: "Seconds allowed for each solver query.")
    var timeout: Double = 60

    @Flag(help: "Print only the summary table.")
    var summary = false

    @Flag(help: "List the lemmas and exit.")
    var list = false

    func run() throws {
        if list {
            for lemma in LemmaSuite.standard().lemmas {
                let sizes = lemma.acceptsClusterSizes ? " [takes --n1 --n2 --f1 --f2]" : ""
                print("\(lemma.name) (\(lemma.provenance.rawValue)): \(lemma.title)\(sizes)")
            }
            return
        }
        let suite = try selectedSuite()
        guard timeout > 0 else { throw InputError(nil, nil, key: "--timeout", "must be positive, got \(timeout)") }
        let options = LemmaRunOptions(capturesSMTLIB: smtlib != nil, queryTimeout: .milliseconds(Int(timeout * 1000)))
        let result = suite.run(options: options) { run in
            guard !json && !summary else { return }
            print(LemmasText.details(run.report, counterexampleDirectory: output))
            fflush(nil)
        }
        try write(result)
        if json {
            try Terminal.json(LemmasDocument(result, counterexampleDirectory: output, smtlibDirectory: smtlib))
        } else {
            print(LemmasText.summary(result))
        }
        if !result.isAsExpected { throw ExitCode(1) }
    }

    /// The suite the arguments select, with the cluster sizes applied.
    func selectedSuite() throws -> LemmaSuite {
        let sizes = [("--n1", n1), ("--n2", n2), ("--f1", f1), ("--f2", f2)]
        var pair: ClusterPair? = nil
        if sizes.contains(where: { $0.1 != nil }) {
            if let missing = sizes.first(where: { $0.1 == nil }) {
                throw InputError(nil, nil, key: missing.0, "missing: --n1, --n2, --f1 and --f2 go together")
            }
            let given = ClusterPair(n1: n1!, n2: n2!, f1: f1!, f2: f2!)
            if let problem = given.validationProblem() { throw InputError(nil, nil, problem) }
            pair = given
        }
        var suite = LemmaSuite.standard(clusterPairs: pair.map { [$0] })
        let requested = names + only
        if !requested.isEmpty {
            do {
                suite = try suite.selecting(requested)
            } catch {
                throw InputError(nil, nil, key: names.contains(error.unknownName) ? "NAME" : "--only", error.description)
            }
        }
        if pair != nil {
            if requested.isEmpty {
                suite.lemmas = suite.lemmas.filter(\.acceptsClusterSizes)
            } else if let other = suite.lemmas.first(where: { !$0.acceptsClusterSizes }) {
                throw InputError(
                    nil, nil, key: "--n1",
                    "lemma '\(other.name)' takes no cluster sizes; they apply to \(LemmaSuite.standard().lemmas.filter(\.acceptsClusterSizes).map(\.name).joined(separator: ", "))"
                )
            }
        }
        return suite
    }

    /// Writes counterexample files and, when asked, the SMT-LIB2 queries.
    func write(_ result: SuiteRun) throws {
        try LemmasFiles.write(result.runs.compactMap(\.counterexampleFile), under: output)
        if let smtlib { try LemmasFiles.write(result.runs.flatMap(\.smtlibFiles), under: smtlib) }
    }
}
