import Foundation
import Testing

@testable import Lemmas

/// Counterexample files are byte-identical across runs, with or without SMT-LIB capture, and equal to
/// the committed ones under Counterexamples/lemmas/.
@Suite struct DeterminismTests {
    static let withWitnesses = [
        "quorum-intersection-below-3f", "quorum-sets", "quorum-2f-plus-1-trap", "view-change", "cluster-sending-unsigned",
    ]

    static func files(capturing: Bool) throws -> [GeneratedFile] {
        try LemmaSuite.standard().selecting(withWitnesses)
            .run(options: LemmaRunOptions(capturesSMTLIB: capturing)).runs.compactMap(\.counterexampleFile)
    }

    @Test func counterexampleFilesAreByteIdentical() throws {
        let first = try Self.files(capturing: false)
        let second = try Self.files(capturing: true)
        #expect(first.map(\.relativePath) == Self.withWitnesses.map { "\($0).txt" })
        #expect(first == second)
    }

    @Test func committedCounterexamplesAreReproduced() throws {
        for file in try Self.files(capturing: false) {
            let path = LemmasTestPaths.packageRoot + "/Counterexamples/lemmas/" + file.relativePath
            let committed = try String(contentsOfFile: path, encoding: .utf8)
            #expect(committed == file.contents, "\(path) differs from a fresh run; regenerate with bftcheck lemmas")
        }
    }
}
