import Foundation
import ModelChecking
import Testing
import Verification

@testable import ProtocolSpecs

/// Message-passing specs spill their frontier under a memory budget in their derived encoding
/// (`MessagePassingSystem.compactForm(of:)`): a run under a tiny budget writes a few words a state,
/// not the JSON of its readable form, and finds exactly what the run in memory finds (issues 10
/// and 13).
@Suite(.serialized) struct LayerSpillTests {
    /// `bftcheck check CONFIG` on `model`, in memory or under a 4 KiB budget.
    static func check(_ config: String, model: String, spilling: Bool) throws -> CheckReport {
        var loaded = try ModelConfig.load(SpecTestSupport.repo(config))
        loaded.model = model
        var request = try CheckRequest(config: loaded, outputDirectory: SpecTestSupport.scratch("layer-spill-output"))
        request.settings.options.threadCount = 2
        request.settings.expectation = nil
        if spilling {
            request.settings.options.storage.memoryBudgetBytes = 4096
            request.settings.options.storage.scratchDirectory = SpecTestSupport.scratch("layer-spill")
        }
        return try ModelCatalog.check(request)
    }

    @Test(arguments: [
        ("Specs/pbft/n4-f1-view-change.cfg", "pbft-layer"), ("Specs/pbft/mutant-viewchange-without-certificates.cfg", "pbft-layer"),
        ("Specs/broadcast/n4-f1-byzantine-sender.cfg", "reliable-broadcast"),
    ])
    func aTinyBudgetSpillsDerivedEncodingsAndChangesNothing(config: String, model: String) throws {
        let plain = try Self.check(config, model: model, spilling: false)
        let spilled = try Self.check(config, model: model, spilling: true)
        #expect(spilled.outcome == plain.outcome)
        #expect(spilled.statistics.distinctStates == plain.statistics.distinctStates)
        #expect(spilled.statistics.transitions == plain.statistics.transitions)
        #expect(spilled.statistics.maxDepth == plain.statistics.maxDepth)
        #expect(
            spilled.violations.map { "\($0.property):\($0.depth ?? -1)" } == plain.violations.map { "\($0.property):\($0.depth ?? -1)" })
        #expect(spilled.witnesses.map { "\($0.property):\($0.depth)" } == plain.witnesses.map { "\($0.property):\($0.depth)" })
        let bytes = spilled.statistics.storage?.spilledBytes ?? 0
        #expect(bytes > 0)
        // A word count and a few words a state: JSON would take hundreds of bytes.
        #expect(bytes <= 64 * spilled.statistics.distinctStates, "\(bytes) bytes spilled for \(spilled.statistics.distinctStates) states")
    }
}
