import BFTCheckTestSupport
import Foundation
import Testing

/// The mutant catalogue of `Benchmarks/replica/mutation-score.sh` (issue 14) stays in step with the
/// replica: every mutant's original text occurs exactly once in its file, so a change to the replica
/// that makes a mutant stale fails here rather than in the script an hour later.
@Suite struct MutationCatalogueTests {
    /// One line of the catalogue.
    struct Mutant {
        var line: Int
        var id: String
        var file: String
        var kind: String
        var original: String
        var replacement: String
        var description: String
    }

    /// The catalogue's mutants; comment lines, blank lines and the header are skipped.
    static func mutants() throws -> [Mutant] {
        let path = TestRepository.repo("Benchmarks/replica/mutants.tsv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [Mutant] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") || line.hasPrefix("id\t") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 6, "line \(index + 1): \(fields.count) tab-separated fields, expected 6")
            // U+23CE stands for a line break in the two texts.
            func decoded(_ field: String) -> String { field.replacingOccurrences(of: "\u{23CE}", with: "\n") }
            result.append(
                Mutant(
                    line: index + 1, id: fields[0], file: fields[1], kind: fields[2], original: decoded(fields[3]),
                    replacement: decoded(fields[4]), description: fields[5]))
        }
        return result
    }

    @Test func everyOriginalTextOccursExactlyOnceInItsFile() throws {
        let mutants = try Self.mutants()
        #expect(mutants.count >= 12)
        var sources: [String: String] = [:]
        for mutant in mutants {
            #expect(mutant.file.hasPrefix("Sources/Replica/") && !mutant.file.contains(".."), "line \(mutant.line): \(mutant.file)")
            if sources[mutant.file] == nil {
                sources[mutant.file] = try String(contentsOfFile: TestRepository.repo(mutant.file), encoding: .utf8)
            }
            let source = try #require(sources[mutant.file])
            let count = source.ranges(of: mutant.original).count
            #expect(count == 1, "mutant \(mutant.id) (line \(mutant.line)): its original text occurs \(count) times in \(mutant.file)")
            #expect(mutant.replacement != mutant.original, "mutant \(mutant.id) changes nothing")
        }
    }

    @Test func idsAreUniqueAndEveryMutantIsClassifiedAndDescribed() throws {
        let mutants = try Self.mutants()
        let ids = mutants.map(\.id)
        #expect(
            Set(ids).count == ids.count, "duplicate ids: \(Dictionary(grouping: ids) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
        for mutant in mutants {
            #expect(mutant.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && !mutant.id.isEmpty, "id '\(mutant.id)'")
            #expect(["safety", "liveness"].contains(mutant.kind), "mutant \(mutant.id): class '\(mutant.kind)'")
            #expect(mutant.description.contains("§"), "mutant \(mutant.id) cites no section of the paper")
        }
        #expect(mutants.contains { $0.kind == "safety" })
    }
}
