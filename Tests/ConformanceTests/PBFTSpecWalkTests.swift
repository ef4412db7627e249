import Conformance
import Foundation
import MessagePassing
import Testing

/// Long runs walked from the spec (`PBFTSpecWalk`): random schedules of the judging spec's own
/// handlers, with messages in any order, lagging replicas, random view changes and crashed
/// replicas. The validator must accept every one whole; the same seed writes the same bytes.
@Suite struct PBFTSpecWalkTests {
    static func validate(_ files: [(name: String, text: String)], codec: PBFTTraceCodec = PBFTTraceCodec()) throws -> ValidationReport {
        try TraceValidator(codec: codec).validate(texts: files, options: ValidationOptions(reportsAll: false))
    }

    /// A codec that forgets unused names whenever 16 are bound: every walk and mutation is judged
    /// with it too, so that renumbering a digest seen again never changes a verdict.
    static let forgetful = PBFTTraceCodec(namesBeforeSweep: 16)

    @Test(arguments: [1, 2, 3] as [UInt64])
    func walksOfFourReplicasConform(seed: UInt64) throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 8, window: 16, timeoutsPerMillion: 2_000, seed: seed))
        let (files, summary) = walk.files(events: 12_000)
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == summary.events)
        let forgetful = try Self.validate(files, codec: Self.forgetful)
        #expect(forgetful.isConformant, "\(forgetful.text)")
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
        for codec in [PBFTTraceCodec(), Self.forgetful] {
            let report = try Self.validate(mutant.files, codec: codec)
            let first = try #require(report.divergences.first, "\(mutant.summary): accepted")
            #expect(
                mutant.expected.contains { $0.file == first.location.file && $0.line == first.location.line },
                "\(mutant.summary), sweeping after \(codec.namesBeforeSweep) names; expected \(mutant.expected), got \(report.text)")
        }
    }

    /// The names a run binds (its digests, numbered as they appear, and its checkpoint states) are
    /// forgotten once nothing live uses them: a long run keeps a bounded number, not one per request.
    @Test func namesStayBoundedOnLongRuns() throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 1, window: 2, timeoutsPerMillion: 2_000, seed: 9))
        let (files, summary) = walk.files(events: 20_000)
        let keeping = try Self.validate(files)
        let forgetting = try Self.validate(files, codec: Self.forgetful)
        #expect(keeping.isConformant, "\(keeping.text)")
        #expect(forgetting.isConformant, "\(forgetting.text)")
        // Every digest and checkpoint state of the run (339 requests, 666 names), against at most
        // twice what a sweep keeps (30).
        #expect(keeping.peakLiveNames >= summary.requests, "\(keeping.peakLiveNames) \(summary)")
        #expect(forgetting.peakLiveNames <= 64, "\(forgetting.peakLiveNames)")
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

    /// A replica may log a message delivered late, or again, after its stable checkpoint passed the
    /// message's sequence number (implementations discard such messages, Castro & Liskov §4.3, but
    /// their logs still show the receipt). Once every replica's checkpoint is past it the network no
    /// longer holds the send: the receipt is accepted and joins nothing. What can still be told is
    /// still checked: a receipt from a replica declared crashed is refused at its line.
    @Test func lateDeliveriesBelowTheStableCheckpointAreDiscarded() throws {
        let walk = PBFTSpecWalk(
            .init(checkpointInterval: 8, window: 16, crashed: ReplicaSet([ReplicaID(0)]), timeoutsPerMillion: 2_000, seed: 3))
        let (files, summary) = walk.files(events: 6_000)
        #expect(summary.highestStableCheckpoint >= 40, "\(summary)")
        let position = try #require(files.firstIndex { $0.name.hasSuffix("r1.ndjson") })
        let lines = files[position].text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        // The first PREPARE r1 logged receiving, from a correct replica: sequence number far below
        // every checkpoint at the end of the run.
        let early = try #require(lines.first { $0.contains(#""event":"recv""#) && $0.contains(#""type":"PREPARE""#) })
        let lastLSN = try #require(lines.last.flatMap { $0.firstMatch(of: /"lsn":(\d+)/) }.flatMap { Int($0.output.1) })
        func appending(_ line: String) -> [(name: String, text: String)] {
            var result = files
            let moved = line.replacing(/"lsn":\d+/, with: "\"lsn\":\(lastLSN + 1)")
            result[position].text = (lines + [moved]).joined(separator: "\n") + "\n"
            return result
        }
        let late = try Self.validate(appending(early))
        #expect(late.isConformant, "\(late.text)")
        #expect(late.events == summary.events + 1)

        let sender = try #require(early.firstMatch(of: /"from":"(r\d+)"/)).output.1
        let fromCrashed = try Self.validate(appending(early.replacing("\"from\":\"\(sender)\"", with: #""from":"r0""#)))
        let first = try #require(fromCrashed.divergences.first, "a receipt from the crashed r0 was accepted")
        #expect(first.location.line == lines.count + 1, "\(fromCrashed.text)")
        #expect(first.problem.contains("declared crashed"), "\(fromCrashed.text)")
    }

    /// VIEW-CHANGEs and NEW-VIEWs of views every replica has left are dropped at the next stable
    /// checkpoint, like the log below it: live state stays bounded by the window however many view
    /// changes a run has. A VIEW-CHANGE delivered after its view was dropped everywhere is a late
    /// delivery (accepted, joins nothing).
    @Test func viewChangesOfLeftViewsAreDropped() throws {
        let walk = PBFTSpecWalk(.init(checkpointInterval: 1, window: 2, timeoutsPerMillion: 5_000, seed: 7))
        let (short, shortSummary) = walk.files(events: 10_000)
        let (long, longSummary) = walk.files(events: 20_000)
        let (shortReport, longReport) = (try Self.validate(short), try Self.validate(long))
        #expect(shortReport.isConformant, "\(shortReport.text)")
        #expect(longReport.isConformant, "\(longReport.text)")
        // Twice the events, about twice the views (25 and 45), the same peak (247 messages; keeping
        // every VIEW-CHANGE and NEW-VIEW, it was 688 and 1,091).
        #expect(longSummary.highestView >= shortSummary.highestView * 3 / 2, "\(shortSummary) \(longSummary)")
        #expect(
            longReport.peakLiveMessages <= shortReport.peakLiveMessages, "\(shortReport.peakLiveMessages) \(longReport.peakLiveMessages)")
        #expect(longReport.peakLiveMessages < 400, "\(longReport.peakLiveMessages)")

        // r1 logs receiving again, at the end, the first VIEW-CHANGE it received: every replica has
        // left that view, so its send is gone from the network; the receipt is a late delivery.
        let position = try #require(long.firstIndex { $0.name.hasSuffix("r1.ndjson") })
        let lines = long[position].text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let early = try #require(lines.first { $0.contains(#""event":"recv""#) && $0.contains(#""type":"VIEW-CHANGE""#) })
        let lastLSN = try #require(lines.last.flatMap { $0.firstMatch(of: /"lsn":(\d+)/) }.flatMap { Int($0.output.1) })
        var late = long
        late[position].text = (lines + [early.replacing(/"lsn":\d+/, with: "\"lsn\":\(lastLSN + 1)")]).joined(separator: "\n") + "\n"
        let lateReport = try Self.validate(late)
        #expect(lateReport.isConformant, "\(lateReport.text)")
    }
}
