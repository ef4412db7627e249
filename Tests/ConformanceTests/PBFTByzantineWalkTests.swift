import Conformance
import Foundation
import MessagePassing
import Testing

/// Long runs walked from the spec with an active Byzantine replica (`PBFTSpecWalk.Parameters.byzantine`):
/// r0, the primary of views 0, 4, 8, …, sends votes for any request, made-up checkpoints,
/// PRE-PREPAREs of which half equivocate, and VIEW-CHANGEs and NEW-VIEWs that start its views
/// (Castro & Liskov §2: a faulty replica sends any well-formed message under its own identity). The
/// correct replicas only take the judging spec's steps, so the validator must accept every run; a
/// correct replica that accepts an equivocating PRE-PREPARE is reported.
@Suite struct PBFTByzantineWalkTests {
    static func parameters(seed: UInt64) -> PBFTSpecWalk.Parameters {
        .init(
            checkpointInterval: 8, window: 16, byzantine: ReplicaSet([ReplicaID(0)]), byzantinePerMillion: 20_000,
            timeoutsPerMillion: 2_000, seed: seed)
    }

    static func validate(_ files: [(name: String, text: String)], codec: PBFTTraceCodec = PBFTTraceCodec()) throws -> ValidationReport {
        try TraceValidator(codec: codec).validate(texts: files, options: ValidationOptions(reportsAll: false))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func walksWithAByzantineReplicaConform(seed: UInt64) throws {
        let walk = PBFTSpecWalk(Self.parameters(seed: seed))
        let (files, summary) = walk.files(events: 12_000)
        #expect(files.map(\.name) == ["r1.ndjson", "r2.ndjson", "r3.ndjson"])
        #expect(files.allSatisfy { $0.text.hasPrefix("{") && $0.text.contains("\"byzantine\":[\"r0\"]") })
        let report = try Self.validate(files)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events == summary.events)
        #expect(try Self.validate(files, codec: PBFTTraceCodec(namesBeforeSweep: 16)).isConformant)
        #expect(summary.byzantineSends >= 100 && summary.equivocations > 0, "\(summary)")
        print("Byzantine walk, seed \(seed): \(summary)")
        let text = files.map(\.text).joined(separator: "\n")
        // Its messages reached the correct replicas, and some of its views started.
        #expect(text.contains("\"from\":\"r0\",\"message\":{\"type\":\"PRE-PREPARE\""))
        #expect(text.contains("\"from\":\"r0\",\"message\":{\"type\":\"NEW-VIEW\""), "\(summary)")
        #expect(summary.highestExecuted >= 100, "\(summary)")
        // The seed fixes the bytes.
        #expect(walk.files(events: 12_000).files.map(\.text) == files.map(\.text))
    }

    /// A correct backup that accepts a second, conflicting PRE-PREPARE for a view and sequence
    /// number (the Byzantine primary equivocated) is reported at that line (§4.2: a backup accepts
    /// one PRE-PREPARE per view and sequence number).
    @Test func acceptingAnEquivocationIsReported() throws {
        let (files, _) = PBFTSpecWalk(Self.parameters(seed: 2)).files(events: 12_000)
        for (position, file) in files.enumerated() {
            let lines = file.text.split(separator: "\n").map(String.init)
            var accepted: [String: String] = [:]  // "view,seq" to the digest accepted
            var view = 0
            for (index, line) in lines.enumerated() {
                if let entered = Self.integer("view", in: line), line.contains("\"event\":\"new-view\"") { view = entered }
                if line.contains("\"event\":\"pre-prepared\""), let v = Self.integer("view", in: line),
                    let n = Self.integer("seq", in: line)
                {
                    accepted["\(v),\(n)"] = Self.string("digest", in: line)
                }
                guard line.contains("\"event\":\"recv\""), line.contains("\"from\":\"r0\""), line.contains("\"type\":\"PRE-PREPARE\""),
                    let v = Self.integer("view", in: line), let n = Self.integer("seq", in: line), v == view,
                    let first = accepted["\(v),\(n)"], let digest = Self.string("digest", in: line), digest != first
                else { continue }
                // The replica accepts the conflicting one too, right after receiving it.
                let replica = file.name.replacingOccurrences(of: ".ndjson", with: "")
                var mutated = lines
                mutated.insert(
                    "{\"replica\":\"\(replica)\",\"lsn\":0,\"event\":\"pre-prepared\",\"view\":\(v),\"seq\":\(n),\"digest\":\"\(digest)\"}",
                    at: index + 1)
                var lsn = 0
                for at in mutated.indices where mutated[at].contains("\"lsn\":") {
                    lsn += 1
                    mutated[at] = mutated[at].replacing(/"lsn":\d+/, with: "\"lsn\":\(lsn)")
                }
                var altered = files
                altered[position].text = mutated.joined(separator: "\n") + "\n"
                let report = try Self.validate(altered)
                let divergence = try #require(report.divergences.first, "an equivocating PRE-PREPARE was accepted twice")
                #expect(divergence.location.file == file.name && divergence.location.line == index + 2, "\(report.text)")
                #expect(report.text.contains("already accepted"), "\(report.text)")
                return
            }
        }
        Issue.record("no backup received an equivocating PRE-PREPARE in the view it was in")
    }

    /// Every mutation kind is still reported at the line that has it when a Byzantine replica is active.
    static let mutationBase = PBFTSpecWalk(parameters(seed: 11)).files(events: 6_000).files

    @Test(arguments: PBFTSpecWalk.mutations)
    func eachMutationIsCaughtBesideAByzantineReplica(mutation: TraceMutation) throws {
        let mutant = try #require(PBFTSpecWalk.mutate(Self.mutationBase, by: mutation, seed: 5))
        let report = try Self.validate(mutant.files)
        let first = try #require(report.divergences.first, "\(mutant.summary): accepted")
        #expect(
            mutant.expected.contains { $0.file == first.location.file && $0.line == first.location.line },
            "\(mutant.summary); expected \(mutant.expected), got \(report.text)")
    }

    static func integer(_ key: String, in line: String) -> Int? {
        guard let range = line.range(of: "\"\(key)\":") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    static func string(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "\"\(key)\":\"") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != "\"" })
    }
}
