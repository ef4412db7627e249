import Foundation
import MessagePassing
import ModelChecking
import Testing
import Verification

@testable import ProtocolSpecs

/// The layer port of PBFT (`pbft-layer`) against the hand-packed spec (`pbft`): every shipped config
/// under `Specs/pbft/`, with and without symmetry, gives the same verdict, the same number of distinct
/// states and counterexamples of the same length; and the derived encoding round-trips every
/// reachable state (issue 10).
@Suite(.serialized) struct PBFTLayerEquivalenceTests {
    /// The shipped configs small enough for a debug-build test run. The others — n4-f1-checkpoints-view-change,
    /// n7-f2-view-change, mutant-newview-lowest-view, mutant-prepares-across-views,
    /// mutant-newview-not-recomputed, n4-f1-new-primary-byzantine, n4-f1-two-view-changes and
    /// n4-f1-window-2 — are compared in release builds by `Benchmarks/pbft/compare-models.sh`
    /// (figures in Docs/pbft.md).
    /// Compared with and without symmetry.
    static let configs = [
        "n3-f1-unsafe", "n4-f1-checkpoints", "n4-f1-normal-case", "n6-f2-unsafe", "n7-f2-normal-case", "mutant-quorum-2f1-n5",
    ].map { SpecTestSupport.repo("Specs/pbft/\($0).cfg") }
    /// Compared with symmetry only: without it the port takes minutes in a debug build (the release
    /// comparison of all of them is in Docs/pbft.md).
    static let symmetricOnly = [
        "n4-f1-view-change", "mutant-viewchange-without-certificates", "mutant-newview-small-quorum",
    ].map { SpecTestSupport.repo("Specs/pbft/\($0).cfg") }
    static let runs: [(config: String, symmetry: Bool)] =
        configs.flatMap { config in [(config, true), (config, false)] } + symmetricOnly.map { ($0, true) }

    /// `bftcheck check` on `config` as model `model`, exploratory (no `[expect]`).
    static func check(_ config: String, model: String, symmetry: Bool) throws -> CheckReport {
        var loaded = try ModelConfig.load(config)
        loaded.model = model
        let output = SpecTestSupport.scratch("pbft-layer-\(model)")
        var request = try CheckRequest(config: loaded, outputDirectory: output)
        request.settings.options.threadCount = 2
        request.settings.options.usesSymmetry = symmetry
        request.settings.expectation = nil
        return try ModelCatalog.check(request)
    }

    @Test(arguments: runs.indices)
    func bothModelsAgree(index: Int) throws {
        let (config, symmetry) = Self.runs[index]
        let name = "\((config as NSString).lastPathComponent) \(symmetry ? "with" : "without") symmetry"
        let packed = try Self.check(config, model: "pbft", symmetry: symmetry)
        let layer = try Self.check(config, model: "pbft-layer", symmetry: symmetry)
        #expect(layer.outcome == packed.outcome, "\(name)")
        #expect(
            layer.violations.map { "\($0.property):\($0.depth ?? -1)" } == packed.violations.map { "\($0.property):\($0.depth ?? -1)" },
            "\(name)")
        #expect(layer.witnesses.map(\.property) == packed.witnesses.map(\.property), "\(name)")
        if packed.outcome == "holds" {
            #expect(layer.statistics.distinctStates == packed.statistics.distinctStates, "\(name)")
            // One edge per distinct successor step: a message received from several senders with
            // one effect is one transition, as in the packed spec.
            #expect(layer.statistics.transitions == packed.statistics.transitions, "\(name)")
        }
    }

    /// The layer port built directly from a config's parameters.
    static func system(_ config: String, symmetry: Bool = false) throws -> MessagePassingSystem<PBFTLayer> {
        let loaded = try ModelConfig.load(config)
        var values: [String: String] = [:]
        for parameter in PBFTLayer.parameters { values[parameter.name] = parameter.defaultValue }
        for entry in loaded.parameters { values[entry.key] = entry.value }
        let spec = try PBFTLayer(arguments: ProtocolArguments(values: values))
        return try MessagePassingSystem(spec, reducingReplicas: symmetry, reducingValues: symmetry)
    }

    @Test(arguments: ["n4-f1-normal-case", "n4-f1-checkpoints"])
    func theDerivedEncodingRoundTripsEveryReachableState(name: String) throws {
        let system = try Self.system(SpecTestSupport.repo("Specs/pbft/\(name).cfg"))
        let states = SpecTestSupport.reachable(system)
        #expect(states.count == (name == "n4-f1-normal-case" ? 21_025 : 8_203))
        var encodings = Set<[UInt64]>()
        for state in states {
            let words = system.encodedWords(of: state)
            #expect(system.decodedState(from: words) == state)
            encodings.insert(words)
        }
        #expect(encodings.count == states.count)
    }

    @Test func boundsBeyondTheDeclaredTypesAreRejectedAtStartUp() throws {
        // Four views fit View's capacity; the layout check reads the ranges the config sets.
        let system = try Self.system(SpecTestSupport.repo("Specs/pbft/n4-f1-view-change.cfg"))
        #expect(system.replicaLayout.problem == nil)
        #expect(PBFTLayer.parameter(boundingField: "message.view") == "max_view")
        #expect(PBFTLayer.parameter(boundingField: "ledger") == "max_seq")
    }

    @Test func refusalsGiveReasons() throws {
        let system = try Self.system(SpecTestSupport.repo("Specs/pbft/n4-f1-normal-case.cfg"))
        let initial = system.initialStates[0]
        // r1 is a backup of view 0: it cannot propose; nothing is prepared yet.
        let propose = system.reaction(to: .input(replica: ReplicaID(1), input: .propose(RequestID(1))), in: initial)
        #expect(propose?.refusal == .notPrimary(View(0)))
        let prepare = system.reaction(to: .input(replica: ReplicaID(1), input: .prepare(SequenceNumber(1))), in: initial)
        #expect(prepare?.refusal == .notPrePrepared(SequenceNumber(1)))
        // The Byzantine primary r0's PREPREPARE is in the vocabulary: r1 accepts it.
        let accept = system.reaction(
            to: .receive(
                replica: ReplicaID(1), message: .prePrepare(View(0), SequenceNumber(1), .request(RequestID(1))), from: ReplicaID(0)),
            in: initial)
        #expect(accept?.isFiring == true)
    }
}
