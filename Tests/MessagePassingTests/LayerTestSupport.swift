import MessagePassing
import ModelChecking

@testable import ProtocolSpecs

/// Models and a brute-force explorer for the layer's tests.
enum LayerTestSupport {
    /// Bracha's broadcast with n replicas sized for f, `byzantine` Byzantine replicas from
    /// `firstFaulty` (0: the sender).
    static func broadcast(
        n: Int = 4, f: Int = 1, byzantine: Int = 1, crashed: Int = 0, firstFaulty: Int = 0, values: Int = 2,
        thresholds: ReliableBroadcast.Thresholds = .bracha, variant: ReliableBroadcast.Variant = .asSpecified
    ) -> ReliableBroadcast {
        ReliableBroadcast(
            replicaCount: n, faultThreshold: f,
            faults: FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty), valueCount: values,
            thresholds: thresholds, variant: variant)
    }

    /// The system of `spec`.
    static func system<P: ReplicaProtocol>(_ spec: P, symmetric: Bool = true) -> MessagePassingSystem<P> {
        try! MessagePassingSystem(spec, reducingReplicas: symmetric, reducingValues: symmetric)
    }

    /// Options that check every invariant and no reachability target.
    static func invariantsOnly<System: TransitionSystem>(_ system: System, _ options: CheckerOptions = .init().threads(2)) -> CheckerOptions
    {
        var options = options
        options.selectedProperties = Set(system.properties.filter { $0.expectation == .always }.map(\.name))
        return options
    }

    /// Every reachable state within bounds, by a plain sequential search that shares no code with the
    /// checker.
    static func reachable<System: TransitionSystem>(_ system: System) -> Set<System.State> {
        var seen = Set(system.initialStates.filter(system.isWithinBounds))
        var frontier = Array(seen)
        var actions: [System.Action] = []
        while let state = frontier.popLast() {
            actions.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &actions)
            for action in actions {
                guard let next = system.successor(of: state, taking: action), system.isWithinBounds(next) else { continue }
                if seen.insert(next).inserted { frontier.append(next) }
            }
        }
        return seen
    }
}
