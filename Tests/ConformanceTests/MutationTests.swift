import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs
import Testing

@testable import Conformance

/// Every mutation kind is rejected at the event it broke, per replica and merged, with the report
/// saying why; every unmutated run it came from is accepted.
@Suite struct MutationTests {
    static let arguments: [(TraceMutation, Bool)] = TraceMutation.allCases.flatMap { [($0, false), ($0, true)] }

    @Test(arguments: arguments)
    func eachMutantIsRejectedAtTheRightEvent(_ mutation: TraceMutation, _ merged: Bool) throws {
        var applied = 0
        for (name, spec) in Fixture.models.prefix(3) {
            for seed in UInt64(1)...8 {
                let (_, run) = Fixture.run(spec, seed: seed, steps: 120)
                #expect(try Fixture.check(run, merged: merged).isConformant)
                guard let mutant = run.mutated(by: mutation, seed: seed, merged: merged) else { continue }
                applied += 1
                let report = try Fixture.check(mutant.run, merged: merged)
                let context = "\(name) seed \(seed): \(mutant.summary)\n\(report.text)"
                guard let divergence = report.divergence else {
                    Issue.record("accepted a mutant: \(context)")
                    continue
                }
                let expected = mutant.expected.compactMap { mutant.run.location(of: $0, directory: "run", merged: merged)?.description }
                #expect(!expected.isEmpty)
                if mutant.isExact {
                    #expect(expected.contains(divergence.location), "expected \(expected): \(context)")
                } else {
                    #expect(
                        expected.contains { divergence.location == $0 || divergence.related.contains($0) },
                        "expected \(expected): \(context)")
                }
                #expect(report.consumed < report.events)
                #expect(Self.explains(mutation, merged: merged, divergence), "\(context)")
            }
        }
        #expect(applied >= 6, "the runs must offer places for \(mutation.rawValue)")
    }

    /// Whether the report says what the mutation broke.
    static func explains(_ mutation: TraceMutation, merged: Bool, _ divergence: Divergence) -> Bool {
        let text = divergence.problem + " " + (divergence.nearestMiss ?? "")
        switch mutation {
        case .dropReceive:
            return text.contains("without receiving") || text.contains(" of the quorum ") || text.contains("quorum is")
                || text.contains("it needs")
        case .receiveBeforeSend: return merged ? text.contains("before") && text.contains("sent it at") : text.contains("causal cycle")
        case .changeDigest:
            return divergence.kind == "send" && (text.contains("pre-prepared") || text.contains("prepared") || text.contains("assigned"))
        case .tooFewPrepares: return divergence.kind == "prepared" && text.contains("matching PREPARE") && text.contains("of the quorum")
        case .executeOutOfOrder: return divergence.kind == "executed" && text.contains("out of order")
        case .forgedSender: return divergence.kind == "recv" && text.contains("never sent it")
        case .truncatedLog: return divergence.kind == "recv" && text.contains("never sent it") && text.contains("its log ends")
        case .trailingEvents: return !divergence.problem.isEmpty
        }
    }

    @Test func theNearestMissOfAShortCommitQuorum() throws {
        let report = try ConformanceOracle().check(paths: [Fixture.repo("Traces/examples/divergent-commit-quorum.ndjson")])
        let divergence = try #require(report.divergence)
        #expect(divergence.location == Fixture.repo("Traces/examples/divergent-commit-quorum.ndjson") + ":36")
        #expect(divergence.event == "r3 #8 committed v0 seq 1 req1")
        #expect(divergence.nearestMiss == "COMMIT at seq 1 (v0, req1) after 2 matching COMMITs (r0, r3 itself); quorum is 3")
        // The spec alone would allow it (three COMMITs exist); the received evidence does not.
        #expect(divergence.enabledSteps == ["committed v0 seq 1 req1"])
        #expect(divergence.replicaState?.prepared == ["v0.1"])
        #expect(report.consumed == 34 && report.events == 35)
    }

    @Test func mutantSpecsAreCaughtWhereTheirRuleDiffers() throws {
        // A walk of a mutant rule, judged with the true rules: the oracle rejects the mutant's step.
        var rejected = 0
        let spec = Fixture.pbft(firstFaulty: 1, maxView: 1, maxSequence: 1, mutant: .newViewNotRecomputed)
        for seed in UInt64(1)...20 {
            let (_, run) = Fixture.run(spec, seed: seed)
            guard let divergence = try Fixture.check(run, merged: false).divergence else { continue }
            rejected += 1
            #expect(divergence.kind == "new-view", "\(divergence)")
            #expect(divergence.nearestMiss?.contains("backups recompute O from V") == true, "\(divergence)")
        }
        #expect(rejected >= 10)
    }
}
