import BFTCheckTestSupport
import Foundation
import MessagePassing
import ModelChecking

@testable import ProtocolSpecs

/// Paths, configurations and a brute-force explorer for the spec tests.
enum SpecTestSupport {
    /// A path under the package root.
    static func repo(_ relative: String) -> String { TestRepository.repo(relative) }

    /// A fresh, empty scratch directory.
    static func scratch(_ name: String) -> String { TestRepository.scratch(name) }

    /// The files in `directory` (relative to the package root) ending in `suffix`, sorted.
    static func files(in directory: String, endingIn suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repo(directory))) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { repo("\(directory)/\($0)") }
    }

    /// A PBFT model with n replicas, threshold f, `byzantine` Byzantine replicas from `firstFaulty`.
    static func pbft(
        n: Int = 4, f: Int = 1, byzantine: Int = 1, crashed: Int = 0, firstFaulty: Int = 0, quorum: Int? = nil,
        newViewQuorum: Int? = nil, maxView: Int = 0, maxSequence: Int = 1, requests: Int = 2, checkpointInterval: Int = 0,
        window: Int? = nil, mutant: PBFTMutant = .none
    ) -> PBFT {
        PBFT(
            PBFTConfiguration(
                replicaCount: n, faultThreshold: f,
                faults: FaultModel(replicaCount: n, byzantine: byzantine, crashed: crashed, firstFaulty: firstFaulty),
                quorum: quorum, newViewQuorum: newViewQuorum, maxView: maxView, maxSequence: maxSequence, requestCount: requests,
                checkpointInterval: checkpointInterval, window: window, mutant: mutant))
    }

    /// Every reachable state, by a plain sequential search that shares no code with the checker.
    static func reachable<System: TransitionSystem>(_ system: System) -> Set<System.State> {
        var seen = Set(system.initialStates)
        var frontier = system.initialStates
        var actions: [System.Action] = []
        while let state = frontier.popLast() {
            actions.removeAll(keepingCapacity: true)
            system.actions(in: state, into: &actions)
            for action in actions {
                if let next = system.successor(of: state, taking: action), seen.insert(next).inserted { frontier.append(next) }
            }
        }
        return seen
    }

    /// `state` with the interchangeable replicas permuted by `replicaPermutation` (position i of the
    /// group goes to position `replicaPermutation[i]`) and requests renamed by `requestPermutation`.
    static func permuted(
        _ state: PBFTState, in system: PBFT, replicas replicaPermutation: [Int], requests requestPermutation: [Int]
    ) -> PBFTState {
        var table = Array(0..<UInt8(16))
        for (from, to) in requestPermutation.enumerated() { table[from + 2] = UInt8(to + 2) }
        var result = system.mappingDigests(of: state, table)
        let group = system.interchangeable
        let rows = group.map { result.replicas[$0] }
        for (position, target) in replicaPermutation.enumerated() { result.replicas[group[target]] = rows[position] }
        return result
    }
}
