import ArgumentParser
import Foundation
import Lemmas
import Verification

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
            min(n1, n2) ≤ 10 and max(n1, n2) ≤ 100. Every query has a deterministic budget of Z3 resource \
            units (--rlimit; the same answer on every machine) and a wall-clock guard (--timeout, \
            default 600 s, enforced by interrupting Z3 from outside, never through Z3's own timer); a \
            query that exhausts either is unknown and makes the verdict unknown (exit 1).
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

    @Option(parsing: .unconditional, help: "Replicas in the sending cluster C1.") var n1: Int?
    @Option(parsing: .unconditional, help: "Replicas in the receiving cluster C2.") var n2: Int?
    @Option(parsing: .unconditional, help: "Faulty replicas tolerated in C1.") var f1: Int?
    @Option(parsing: .unconditional, help: "Faulty replicas tolerated in C2.") var f2: Int?

    @Flag(help: "Write the reports as JSON to stdout.")
    var json = false

    @Option(help: "Write every query as an SMT-LIB2 file under this directory.")
    var smtlib: String?

    @Option(help: "Directory for counterexample and witness files.")
    var output = "Counterexamples/lemmas"

    @Option(
        parsing: .unconditional,
        help: "Z3 resource units allowed for each query (deterministic; default \(Z3Budget.defaultRLimit)).")
    var rlimit: Int?

    @Option(
        parsing: .unconditional,
        help: "Also a wall-clock limit in seconds for each query, enforced by interrupting Z3 (default: 600, a last-resort guard).")
    var timeout: Double?

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
        let options = try runOptions()
        // Bad output directories are reported before the suite runs, not after it.
        try OutputFile.createDirectory(output, key: "--output")
        if let smtlib { try OutputFile.createDirectory(smtlib, key: "--smtlib") }
        var done = 0
        let result = suite.run(options: options) { run in
            done += 1
            guard !json && !summary else {
                let report = run.report
                Terminal.note(
                    "lemmas: \(done)/\(suite.lemmas.count) \(report.name): \(report.verdict.rawValue), "
                        + "\(report.queries.count) quer\(report.queries.count == 1 ? "y" : "ies"), "
                        + "\(LemmasText.seconds(report.seconds)) s")
                return
            }
            print(LemmasText.details(run.report, counterexampleDirectory: output))
            fflush(nil)
        }
        try write(result)
        if json {
            try Terminal.json(
                LemmasDocument(result, budget: options.budget, counterexampleDirectory: output, smtlibDirectory: smtlib))
        } else {
            print(LemmasText.summary(result))
        }
        if !result.isAsExpected { throw ExitCode(1) }
    }

    /// The per-query budget the flags give.
    func runOptions() throws -> LemmaRunOptions {
        var budget = Z3Budget(wallClockLimit: Z3Budget.safetyWallClockLimit)
        if let rlimit = try Inputs.rlimit.validate(rlimit) { budget.rlimit = UInt32(rlimit) }
        if let seconds = try Inputs.solverSeconds.validate(timeout) {
            budget.wallClockLimit = .nanoseconds(Int64(seconds * 1e9))
        }
        return LemmaRunOptions(capturesSMTLIB: smtlib != nil, budget: budget)
    }

    /// The suite the arguments select, with the cluster sizes applied.
    func selectedSuite() throws -> LemmaSuite {
        let sizes = [("--n1", n1), ("--n2", n2), ("--f1", f1), ("--f2", f2)]
        var pair: ClusterPair? = nil
        if sizes.contains(where: { $0.1 != nil }) {
            if let missing = sizes.first(where: { $0.1 == nil }) {
                throw InputError(nil, nil, key: missing.0, "missing: --n1, --n2, --f1 and --f2 go together")
            }
            let given = ClusterPair(
                n1: try Inputs.clusterReplicas1.validate(n1!), n2: try Inputs.clusterReplicas2.validate(n2!),
                f1: try Inputs.clusterFaults1.validate(f1!), f2: try Inputs.clusterFaults2.validate(f2!))
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
        try LemmasFiles.write(result.runs.compactMap(\.counterexampleFile), under: output, key: "--output")
        if let smtlib { try LemmasFiles.write(result.runs.flatMap(\.smtlibFiles), under: smtlib, key: "--smtlib") }
    }
}
