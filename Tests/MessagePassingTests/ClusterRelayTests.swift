import MessagePassing
import ModelChecking
import Testing

/// The layer with two clusters of different sizes and fault bounds: quorums counted within one
/// cluster, messages addressed to the other, one symmetry group per cluster.
@Suite struct ClusterRelayTests {
    @Test func fOnePlusOneMatchingMessagesFromTheSendingClusterAreSafe() throws {
        // C1: 4 replicas, r0 Byzantine; C2: 3 replicas, r4 Byzantine.
        let spec = ClusterRelay(n1: 4, f1: 1, n2: 3, f2: 1, threshold: 2)
        // No symmetry: C1's correct senders 2^3 ways; C2's two correct replicas accept 0 or not once
        // someone sent: 1 + 7 × 4.
        let plain = Checker(try MessagePassingSystem(spec, reducingReplicas: false), options: .init().threads(2)).run()
        #expect(plain.outcome == .holds)
        #expect(plain.statistics.distinctStates == 29)
        // One group per cluster: how many of C1 sent (0…3) and of C2 accepted (0…2): 1 + 3 × 3.
        // (C1's group alone would give 13, C2's alone 22; a group spanning both clusters is unsound.)
        let reduced = Checker(try MessagePassingSystem(spec), options: .init().threads(2).symmetry()).run()
        #expect(reduced.outcome == .holds)
        #expect(reduced.statistics.distinctStates == 10)
    }

    @Test func fMatchingMessagesLetOneByzantineReplicaDecide() throws {
        let spec = ClusterRelay(n1: 4, f1: 1, n2: 3, f2: 1, threshold: 1)
        let system = try MessagePassingSystem(spec)
        var options = CheckerOptions().threads(2).symmetry()
        options.selectedProperties = ["AcceptOnlyAgreed"]
        let result = Checker(system, options: options).run()
        let trace = try #require(result.violations.first?.trace)
        #expect(trace.steps.map(\.action.description) == ["r5: accept(1)"])
        // Only C1's Byzantine r0 can send VALUE(1), and only to C2.
        let inbox = system.inbox(of: ReplicaID(5), in: system.initialStates[0])
        #expect(inbox.senders(of: ClusterRelay.Message(value: 1)) == ReplicaSet([ReplicaID(0)]))
        #expect(system.inbox(of: ReplicaID(1), in: system.initialStates[0]).senders(of: ClusterRelay.Message(value: 1)).isEmpty)
        // The refusal names the cluster the quorum is counted in.
        let safe = try MessagePassingSystem(ClusterRelay(n1: 4, f1: 1, n2: 3, f2: 1, threshold: 2))
        let reasons = safe.refusals(in: safe.initialStates[0]).map { "\($0.step): \($0.reason)" }
        #expect(
            reasons == [
                "r5: accept(0): 1 of 2 VALUE(0) from C1", "r5: accept(1): 1 of 2 VALUE(1) from C1",
                "r6: accept(0): 1 of 2 VALUE(0) from C1", "r6: accept(1): 1 of 2 VALUE(1) from C1",
            ])
    }
}
