import Conformance
import Foundation
import MessagePassing
import Testing

/// Long runs walked from the spec (`PBFTSpecWalk`): random schedules of the judging spec's own
/// handlers, with messages in any order, lagging replicas, random view changes and crashed
/// replicas. The validator must accept every one whole; the same seed writes the same bytes.
@Suite struct PBFTSpecWalkTests {
    static func validate(_ files: [(name: String, text: String)]) throws -> ValidationReport {
        try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files, options: ValidationOptions(reportsAll: false))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func walksOfFourReplicasConform(seed: UInt64) throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 8, window: 16, timeoutsPerMillion: 2_000, seed: seed))
        let (files, summary) = walk.files(events: 12_000)
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == summary.events)
        // Far past the model checker's bounds: hundreds of sequence numbers, several view changes.
        #expect(summary.highestExecuted >= 150 && summary.highestView >= 5 && summary.newViews >= 3, "\(summary)")
        // The seed fixes the bytes.
        #expect(walk.files(events: 12_000).files.map(\.text) == files.map(\.text))
    }

    /// Every mutation a walk's files can carry is reported first at the line that has it, on a run
    /// far past the model checker's bounds.
    static let mutationBase = PBFTSpecWalk(.init(checkpointInterval: 8, window: 16, timeoutsPerMillion: 2_000, seed: 11)).files(
        events: 6_000
    ).files

    @Test(arguments: PBFTSpecWalk.mutations)
    func eachMutationIsCaughtWhereItWasPlanted(mutation: TraceMutation) throws {
        let mutant = try #require(PBFTSpecWalk.mutate(Self.mutationBase, by: mutation, seed: 5))
        let report = try Self.validate(mutant.files)
        let first = try #require(report.divergences.first, "\(mutant.summary): accepted")
        #expect(
            mutant.expected.contains { $0.file == first.location.file && $0.line == first.location.line },
            "\(mutant.summary); expected \(mutant.expected), got \(report.text)")
    }

    /// A receipt moved before its send in a merged file is reported at the receipt.
    @Test func aReceiptBeforeItsSendIsCaughtInAMergedFile() throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 8, window: 16, timeoutsPerMillion: 2_000, seed: 11))
        let (file, _) = walk.mergedFile(events: 6_000)
        #expect(try Self.validate([file]).isConformant)
        let mutant = try #require(PBFTSpecWalk.mutate([file], by: .receiveBeforeSend, seed: 5))
        let report = try Self.validate(mutant.files)
        let first = try #require(report.divergences.first, "\(mutant.summary): accepted")
        #expect(
            mutant.expected.contains { $0.file == first.location.file && $0.line == first.location.line },
            "\(mutant.summary); expected \(mutant.expected), got \(report.text)")
    }
}
