import MessagePassing
import ModelChecking

/// The properties of reliable broadcast (Bracha 1987, §2; tutorial, "Variations on consensus:
/// Byzantine Broadcast (Generals)": non-divergence and dependence). All quantify over correct
/// replicas and treat every value alike, so they are invariant under the model's symmetries.
extension ReliableBroadcast {
    /// Agreement, validity, at-most-once; then reachability targets that show the bounds exercise
    /// the protocol.
    public var properties: [Property<MessagePassingState<ReliableBroadcast>>] {
        [
            .always("Agreement", "no two correct replicas deliver different values (consistency, non-divergence)") { self.agreement($0) },
            .always("Validity", "if the sender is correct, correct replicas deliver only the value it broadcast (integrity, dependence)") {
                self.validity($0)
            },
            .always("AtMostOnce", "every correct replica delivers at most one value") { self.atMostOnce($0) },
            .sometimes("SomeoneDelivered", "some correct replica delivered a value") { state in
                self.faults.correct.contains { !state[$0].delivered.isEmpty }
            },
            .sometimes("EveryoneDelivered", "every correct replica delivered a value (totality, within the bounds)") { state in
                self.faults.correct.allSatisfy { !state[$0].delivered.isEmpty }
            },
        ]
    }

    /// Agreement: for every two distinct correct replicas, every value one delivered equals every
    /// value the other delivered.
    func agreement(_ state: MessagePassingState<ReliableBroadcast>) -> Bool {
        for (position, first) in correctReplicas.enumerated() {
            for second in correctReplicas[(position + 1)...] {
                for x in state[first].delivered {
                    for y in state[second].delivered where x != y { return false }
                }
            }
        }
        return true
    }

    /// Validity: when the sender is correct, every value a correct replica delivered is the one the
    /// sender broadcast (so nothing is delivered before it broadcasts).
    func validity(_ state: MessagePassingState<ReliableBroadcast>) -> Bool {
        guard faults.isCorrect(sender) else { return true }
        let broadcast = state[sender].broadcast
        return correctReplicas.allSatisfy { replica in state[replica].delivered.allSatisfy { $0 == broadcast } }
    }

    /// At most once: no correct replica delivered two values.
    func atMostOnce(_ state: MessagePassingState<ReliableBroadcast>) -> Bool {
        correctReplicas.allSatisfy { state[$0].delivered.count <= 1 }
    }
}
