import Foundation
import Testing
import Verification

/// `bftcheck mutate` through its library service: mutants are killed by the invariant and at the
/// depth the spec's rules predict, survivors argued equivalent are reported as such (and reach the
/// same states as the unmutated spec where the mutation is a no-op), every mutant of PBFT runs to a
/// verdict on a small config, and bad requests are one-line input errors.
@Suite(.serialized) struct MutationAnalysisTests {
    static func config(_ relative: String) throws -> ModelConfig { try ModelConfig.load(SpecTestSupport.repo(relative)) }

    static func run(_ configs: [String], only: [String] = [], maxStates: Int? = nil, checksArgued: Bool = true) throws -> MutationReport {
        try MutationAnalysis.run(
            MutationRequest(
                configs: try configs.map(config), selection: only, threads: 2, maxStates: maxStates, checksArgued: checksArgued))
    }

    /// (mutant, config that kills it, invariant, steps): each the shortest counterexample BFS finds.
    static let kills: [(String, String, String, Int)] = [
        ("prepare.quorum/threshold-1", "n4-f1-checkpoints", "UniquePreparedCertificate", 4),
        ("commit.quorum/threshold-1", "n4-f1-view-change", "Agreement", 12),
        ("checkpoint.state/omit-content", "n4-f1-checkpoints", "Agreement", 7),
        ("stabilizeCheckpoint.quorum/threshold-1", "n4-f1-checkpoints", "CheckpointEvidence", 6),
        ("viewChange.certificates/omit-content", "n4-f1-view-change", "ViewChangeCarriesPrepared", 4),
    ]

    @Test func pbftMutantsAreKilledWhereTheRulesPredict() throws {
        let report = try Self.run(
            ["Specs/pbft/n4-f1-checkpoints.cfg", "Specs/pbft/n4-f1-view-change.cfg"], only: Self.kills.map(\.0) + ["prepare.once/"])
        #expect(report.model == "pbft-layer")
        #expect(report.configs.map(\.states) == [839, 6578])
        for (name, config, property, steps) in Self.kills {
            let mutant = try #require(report.mutants.first { $0.name == name })
            #expect(mutant.verdict == .killed, "\(name)")
            #expect(mutant.killedBy?.config.hasSuffix("\(config).cfg") == true, "\(name): \(mutant.killedBy?.config ?? "-")")
            #expect(mutant.killedBy?.property == property, "\(name)")
            #expect(mutant.killedBy?.steps == steps, "\(name)")
        }
        // A second COMMIT for the same slot is the message already sent: argued equivalent, it survives.
        let equivalent = try #require(report.mutants.first { $0.name == "prepare.once/drop-guard" })
        #expect(equivalent.verdict == .equivalent)
        #expect(equivalent.note != nil)
        #expect(report.exitCode == 0)
    }

    /// By default a mutant argued equivalent is reported with its argument and not run; it does not
    /// count against the score, and the run exits 0.
    @Test func arguedMutantsAreNotRunByDefault() throws {
        let report = try Self.run(["Specs/pbft/n4-f1-checkpoints.cfg"], only: ["prepare.once/", "prepare.quorum/"], checksArgued: false)
        #expect(report.mutants.map(\.name) == ["prepare.once/drop-guard", "prepare.quorum/threshold-1", "prepare.quorum/threshold+1"])
        #expect(report.mutants.map(\.verdict) == [.argued, .killed, .argued])
        #expect(report.mutants.filter { $0.verdict == .argued }.allSatisfy { $0.seconds == 0 && $0.note != nil })
        #expect(report.unchecked == 2)
        #expect(report.exitCode == 0)
        #expect(
            report.score
                == "score: 1 of 1 non-equivalent mutants killed (100.0 %); 2 argued equivalent (2 not run); 0 survived; 0 incomplete")
        #expect(report.table.contains("prepare.once/drop-guard     argued      equivalent, not run (--check-argued runs it)"))
    }

    /// A no-op mutant reaches exactly the unmutated states: the site is wired in, and its argument holds.
    @Test func noOpMutantReachesTheSameStates() throws {
        var config = try Self.config("Specs/pbft/n4-f1-view-change.cfg")
        config.parameters.append(.init(key: "mutation", value: "commit.once/drop-guard", line: 0))
        config.model = "pbft-layer"
        var request = try CheckRequest(config: config, outputDirectory: SpecTestSupport.scratch("mutation-noop"))
        request.settings.options.threadCount = 2
        let report = try ModelCatalog.check(request)
        #expect(report.outcome == "holds")
        #expect(report.statistics.distinctStates == 6578)
    }

    /// Every PBFT mutant on the smallest config, each run bounded to 1,000 states: none traps, and the
    /// set this config kills is pinned (the others are survivors or cut short by the bound).
    @Test func everyPBFTMutantRunsToAVerdict() throws {
        let report = try Self.run(["Specs/pbft/n4-f1-checkpoints.cfg"], maxStates: 1_000)
        #expect(report.mutants.count == 50)
        let killed = report.mutants.filter { $0.verdict == .killed }.map(\.name)
        #expect(
            killed == [
                "acceptPrePrepare.once/drop-guard", "prepare.quorum/threshold-1", "checkpoint.state/omit-content",
                "stabilizeCheckpoint.quorum/threshold-1",
            ])
    }

    /// Bracha's broadcast: every mutant that breaks safety is killed by the shipped n = 3 and n = 4
    /// configs, every other one is argued equivalent, so the run exits 0. (The n = 7 configs give the
    /// same table: README, "Mutation adequacy".)
    @Test func broadcastCatalogueIsFullyAccountedFor() throws {
        let report = try Self.run(
            [
                "Specs/broadcast/n4-f1-byzantine-sender.cfg", "Specs/broadcast/n4-f1-byzantine-replica.cfg",
                "Specs/broadcast/n3-f1-bracha-thresholds.cfg",
            ])
        #expect(report.mutants.count == 18)
        #expect(
            report.mutants.filter { $0.verdict == .killed }.map(\.name) == [
                "broadcast.once/drop-guard", "broadcast.record/skip-update", "echo.fromSender/drop-guard",
                "readyOnReadies.quorum/threshold-1",
            ])
        #expect(report.survived == 0)
        #expect(report.equivalent == 14)
        #expect(report.wronglyArgued.isEmpty)
        #expect(report.exitCode == 0)
        #expect(report.score.hasPrefix("score: 4 of 4 non-equivalent mutants killed (100.0 %)"))
    }

    /// A survivor nobody argued for is exit 1; an argued mutant that is killed is exit 1 too.
    @Test func exitStatusFollowsTheVerdicts() {
        func mutant(_ name: String, _ verdict: MutationReport.Verdict, note: String? = nil) -> MutationReport.Mutant {
            .init(name: name, site: "s", operator: "o", verdict: verdict, killedBy: nil, note: note, seconds: 0)
        }
        #expect(
            MutationReport(model: "m", configs: [], mutants: [mutant("a", .killed), mutant("b", .equivalent, note: "x")]).exitCode == 0)
        #expect(MutationReport(model: "m", configs: [], mutants: [mutant("a", .survived)]).exitCode == 1)
        #expect(MutationReport(model: "m", configs: [], mutants: [mutant("a", .killed, note: "x")]).exitCode == 1)
        #expect(MutationReport(model: "m", configs: [], mutants: [mutant("a", .incomplete)]).exitCode == 3)
    }

    @Test func badRequestsAreInputErrors() throws {
        #expect(throws: InputError.self) { try MutationAnalysis.run(MutationRequest(configs: [])) }
        // A violated config cannot judge mutants.
        let unsafe = try Self.config("Specs/pbft/n3-f1-unsafe.cfg")
        do {
            _ = try MutationAnalysis.run(MutationRequest(configs: [unsafe], selection: ["prepare.quorum/"]))
            Issue.record("a violated config was accepted")
        } catch let error as InputError {
            #expect(error.description.contains("n3-f1-unsafe.cfg"))
            #expect(error.description.contains("violated un-mutated"))
        }
        // Two models at once, a model without sites, and a selection that matches nothing.
        let pbft = try Self.config("Specs/pbft/n4-f1-checkpoints.cfg")
        let broadcast = try Self.config("Specs/broadcast/n4-f1-byzantine-sender.cfg")
        #expect(throws: InputError.self) { try MutationAnalysis.run(MutationRequest(configs: [pbft, broadcast])) }
        #expect(throws: InputError.self) {
            try MutationAnalysis.run(MutationRequest(configs: [try Self.config("Specs/fixtures/lock-mutex.cfg")]))
        }
        #expect(throws: InputError.self) { try MutationAnalysis.run(MutationRequest(configs: [pbft], selection: ["no-such-site"])) }
    }
}
