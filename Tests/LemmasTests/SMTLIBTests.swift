import Foundation
import Testing

@testable import Lemmas

/// The SMT-LIB2 files `bftcheck lemmas --smtlib` writes: well formed, and re-checked from the text alone.
@Suite struct SMTLIBTests {
    static let capturedRun = LemmaSuite.standard(clusterPairs: [ClusterPair(n1: 7, n2: 4, f1: 3, f2: 1)])
        .run(options: LemmaRunOptions(capturesSMTLIB: true))

    @Test func everyQueryHasOneFile() {
        for run in Self.capturedRun.runs {
            #expect(run.smtlibFiles.count == run.report.queries.count, "\(run.report.name)")
            #expect(run.smtlibFiles.map(\.relativePath) == run.report.queries.map { "\(run.report.name)/\($0.id).smt2" })
        }
    }

    @Test func everyFileParsesAndGivesTheRecordedAnswerAgain() throws {
        var rechecked = 0
        for run in Self.capturedRun.runs {
            for (file, query) in zip(run.smtlibFiles, run.report.queries) {
                #expect(file.contents.contains("(set-info :status \(query.outcome.rawValue))"), "\(file.relativePath)")
                #expect(file.contents.contains("(set-logic \(query.logic))"), "\(file.relativePath)")
                #expect(file.contents.hasSuffix("(check-sat)\n"), "\(file.relativePath)")
                let context = Z3Context()
                let assertions = try context.parseSMTLIB2(file.contents)
                #expect(!assertions.isEmpty, "\(file.relativePath)")
                let solver = Z3Solver(context: context)
                solver.assert(assertions)
                #expect(solver.check().outcome == query.outcome, "\(file.relativePath)")
                rechecked += 1
            }
        }
        #expect(rechecked >= 200)
    }

    @Test func aFileRunsAsAScript() throws {
        let file = try #require(Self.capturedRun.runs.first { $0.report.name == "quorum-intersection" }?.smtlibFiles.first)
        #expect(try Z3Context().evaluateSMTLIB2(file.contents) == "unsat\n")
    }

    @Test func filesOnlyUseStandardSyntax() {
        for file in Self.capturedRun.runs.flatMap(\.smtlibFiles) {
            #expect(!file.contents.contains("at-most") && !file.contents.contains("pble"), "\(file.relativePath)")
        }
    }
}
