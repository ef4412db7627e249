import MessagePassing
import ModelChecking
import Testing

@testable import ProtocolSpecs

/// The layer port's invariants on checkpoint evidence and VIEWCHANGE content (issue 11): they hold in
/// every reachable state of small configs, and each fails on a reachable state with the evidence or
/// a certificate taken away — what a rule that made a checkpoint stable too early, or dropped a
/// prepared certificate, would leave.
@Suite struct PBFTLayerInvariantTests {
    typealias State = MessagePassingState<PBFTLayer>

    /// Whether `state` satisfies the invariant named `name` of `system`.
    static func satisfies(_ name: String, _ state: State, in system: MessagePassingSystem<PBFTLayer>) throws -> Bool {
        try #require(system.properties.first { $0.name == name && $0.expectation == .always }).condition(state)
    }

    /// The reachable state of `system` meeting `condition` with the least encoding (a fixed choice).
    static func firstReachable(
        _ system: MessagePassingSystem<PBFTLayer>, where condition: (State) -> Bool
    ) -> (state: State, reachable: Set<State>)? {
        let reachable = SpecTestSupport.reachable(system)
        let chosen = reachable.filter(condition).min { system.encodedWords(of: $0).lexicographicallyPrecedes(system.encodedWords(of: $1)) }
        return chosen.map { ($0, reachable) }
    }

    @Test func aViewChangeWithoutItsCertificateIsCaught() throws {
        let system = try PBFTLayerEquivalenceTests.system(SpecTestSupport.repo("Specs/pbft/n4-f1-view-change.cfg"))
        let name = "ViewChangeCarriesPrepared"
        let (state, reachable) = try #require(
            Self.firstReachable(system) { state in
                state.sent.contains { $0.message.kind == .viewChange && !$0.message.certificates.isEmpty }
            })
        #expect(reachable.count == 25_768)
        for other in reachable { #expect(try Self.satisfies(name, other, in: system)) }
        // The same state with that VIEWCHANGE's P emptied.
        var tampered = state
        let index = try #require(tampered.sent.firstIndex { $0.message.kind == .viewChange && !$0.message.certificates.isEmpty })
        tampered.sent[index].message.certificates = DenseMap()
        tampered.sent.sort()
        #expect(try !Self.satisfies(name, tampered, in: system))
    }

    @Test func aStableCheckpointWithoutEvidenceIsCaught() throws {
        let system = try PBFTLayerEquivalenceTests.system(SpecTestSupport.repo("Specs/pbft/n4-f1-checkpoints.cfg"))
        let name = "CheckpointEvidence"
        let correct = system.spec.correctReplicas
        let (state, reachable) = try #require(
            Self.firstReachable(system) { state in correct.contains { state[$0].stableCheckpoint.number > 0 } })
        #expect(reachable.count == 8_203)
        for other in reachable { #expect(try Self.satisfies(name, other, in: system)) }
        // The same state without the CHECKPOINTs that certify the stable checkpoint.
        let replica = try #require(correct.first { state[$0].stableCheckpoint.number > 0 })
        let h = state[replica].stableCheckpoint
        var tampered = state
        tampered.sent.removeAll { $0.message.kind == .checkpoint && $0.message.slot == h }
        #expect(try !Self.satisfies(name, tampered, in: system))
    }
}
