import Conformance
import Foundation
import Testing

/// Client replies in PBFT traces (`reply` events; Castro & Liskov §4.1–4.2): a replica replies
/// only to a request it executed, naming its view, with the result its execution logged; correct
/// replicas that execute a sequence number log one result for it (the service is deterministic).
/// Each test plants one deviation in a walk of the spec and expects it reported at its line.
@Suite struct PBFTReplyTests {
    /// A walk with checkpoints every 8 and a few view changes; its files and r1's lines.
    static let walk = PBFTSpecWalk(.init(checkpointInterval: 8, window: 16, timeoutsPerMillion: 2_000, seed: 4)).files(events: 4_000)

    static func validate(_ files: [(name: String, text: String)], codec: PBFTTraceCodec = PBFTTraceCodec()) throws -> ValidationReport {
        try TraceValidator(codec: codec).validate(texts: files, options: ValidationOptions(reportsAll: false))
    }

    /// The lines of the file of `replica`.
    static func lines(of replica: String, in files: [(name: String, text: String)]) throws -> (position: Int, lines: [String]) {
        let position = try #require(files.firstIndex { $0.name.hasSuffix("\(replica).ndjson") })
        return (position, files[position].text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init))
    }

    /// `files` with the lines of the file at `position` replaced by `lines`, their `lsn`s renumbered
    /// from 1 after the header.
    static func replacing(_ files: [(name: String, text: String)], at position: Int, with lines: [String]) -> [(name: String, text: String)]
    {
        var result = files
        var lsn = 0
        let renumbered = lines.map { line -> String in
            guard line.contains("\"lsn\":") else { return line }
            lsn += 1
            return line.replacing(/"lsn":\d+/, with: "\"lsn\":\(lsn)")
        }
        result[position].text = renumbered.joined(separator: "\n") + "\n"
        return result
    }

    /// The value of `key` (a string) in `line`.
    static func string(_ key: String, in line: String) throws -> String {
        let pattern = try Regex<(Substring, Substring)>("\"\(key)\":\"([^\"]*)\"")
        return String(try #require(line.firstMatch(of: pattern)).output.1)
    }

    @Test func aWalkWithRepliesConforms() throws {
        let (files, summary) = Self.walk
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == summary.events)
        let replies = files.map { $0.text.components(separatedBy: "\"event\":\"reply\"").count - 1 }.reduce(0, +)
        #expect(replies >= summary.requests, "\(replies) replies, \(summary)")
        #expect(try Self.validate(files, codec: PBFTTraceCodec(namesBeforeSweep: 16)).isConformant)
    }

    /// A reply to a request the replica has committed but not executed yet.
    @Test func aReplyBeforeTheExecutionIsReported() throws {
        let (position, lines) = try Self.lines(of: "r1", in: Self.walk.files)
        let executed = try #require(lines.firstIndex { $0.contains("\"event\":\"executed\"") && $0.contains("\"result\"") })
        let digest = try Self.string("digest", in: lines[executed])
        var mutated = lines
        mutated.insert("{\"replica\":\"r1\",\"lsn\":0,\"event\":\"reply\",\"digest\":\"\(digest)\"}", at: executed)
        let report = try Self.validate(Self.replacing(Self.walk.files, at: position, with: mutated))
        let first = try #require(report.divergences.first, "a reply before the execution was accepted")
        #expect(first.location.line == executed + 1, "\(report.text)")
        #expect(report.text.contains("not executed"), "\(report.text)")
    }

    /// `replica`'s first `reply` line altered by `alter`: the first divergence, at that line.
    static func divergenceAtFirstReply(of replica: String, _ alter: (String) -> String) throws -> (ValidatorDivergence, String) {
        let (position, lines) = try Self.lines(of: replica, in: Self.walk.files)
        let reply = try #require(lines.firstIndex { $0.contains("\"event\":\"reply\"") })
        var mutated = lines
        mutated[reply] = alter(lines[reply])
        let report = try Self.validate(Self.replacing(Self.walk.files, at: position, with: mutated))
        let first = try #require(report.divergences.first, "\(mutated[reply]) was accepted")
        #expect(first.location.line == reply + 1, "\(report.text)")
        return (first, report.text)
    }

    /// A reply whose result is not the one the replica's execution logged.
    @Test func aReplyWithAnotherResultIsReported() throws {
        let (first, text) = try Self.divergenceAtFirstReply(of: "r2") { $0.replacing(/"result":"[^"]*"/, with: "\"result\":\"tampered\"") }
        #expect(first.problem.contains("\"tampered\"") && first.problem.contains("executed"), "\(text)")
    }

    /// A reply naming a view the replica is not in.
    @Test func aReplyInAnotherViewIsReported() throws {
        let (_, text) = try Self.divergenceAtFirstReply(of: "r3") { $0.replacing(/"view":\d+/, with: "\"view\":1000") }
        #expect(text.contains("reply in v1000"), "\(text)")
    }

    /// Two correct replicas logging different results for one sequence number: the service is not
    /// deterministic (or one executed something else).
    @Test func differentResultsAtOneSequenceNumberAreReported() throws {
        let (position, lines) = try Self.lines(of: "r2", in: Self.walk.files)
        let executed = try #require(lines.firstIndex { $0.contains("\"event\":\"executed\"") && $0.contains("\"result\"") })
        var mutated = lines
        mutated[executed] = lines[executed].replacing(/"result":"[^"]*"/, with: "\"result\":\"nondeterministic\"")
        let report = try Self.validate(Self.replacing(Self.walk.files, at: position, with: mutated))
        let first = try #require(report.divergences.first, "different results for one sequence number were accepted")
        #expect(first.problem.contains("deterministic"), "\(report.text)")
        #expect(first.problem.contains("\"nondeterministic\""), "\(report.text)")
    }

    /// A reply resent (to a retransmitted request) long after the request's sequence number was
    /// discarded below a stable checkpoint is accepted; the same before any checkpoint, to a request
    /// never ordered, is not.
    @Test func aReplyResentAfterACheckpointIsAccepted() throws {
        let (position, lines) = try Self.lines(of: "r1", in: Self.walk.files)
        // Without its view: the replica has changed views since.
        let first = try #require(lines.first { $0.contains("\"event\":\"reply\"") }).replacing(/,"view":\d+/, with: "")
        let resent = try Self.validate(Self.replacing(Self.walk.files, at: position, with: lines + [first]))
        #expect(resent.isConformant, "\(resent.text)")

        var early = lines
        let header = 1
        early.insert("{\"replica\":\"r1\",\"lsn\":0,\"event\":\"reply\",\"digest\":\"never-ordered\"}", at: header)
        let report = try Self.validate(Self.replacing(Self.walk.files, at: position, with: early))
        let divergence = try #require(report.divergences.first, "a reply to a request never ordered was accepted")
        #expect(divergence.location.line == 2, "\(report.text)")
    }

    /// A reply to the null request, or with an unknown field, is malformed (exit 2 in the CLI).
    @Test func malformedRepliesAreRefused() throws {
        let (position, lines) = try Self.lines(of: "r1", in: Self.walk.files)
        for (line, field) in [
            ("{\"replica\":\"r1\",\"lsn\":0,\"event\":\"reply\",\"digest\":\"null\"}", "digest"),
            ("{\"replica\":\"r1\",\"lsn\":0,\"event\":\"reply\",\"digest\":\"req1\",\"seq\":3}", "seq"),
            ("{\"replica\":\"r1\",\"lsn\":0,\"event\":\"reply\",\"digest\":\"req1\",\"view\":-1}", "view"),
        ] {
            var mutated = lines
            mutated.insert(line, at: 1)
            #expect {
                try Self.validate(Self.replacing(Self.walk.files, at: position, with: mutated))
            } throws: { error in
                let text = "\(error)"
                return text.contains(":2:") && text.contains(field)
            }
        }
    }
}
