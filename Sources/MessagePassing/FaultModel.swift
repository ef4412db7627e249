/// Which replicas of a cluster are faulty and how: the configuration of the adversary.
///
/// The tutorial's setting ("Dealing with f malicious failures requires n > 3f") and Castro & Liskov
/// §2: n replicas, of which at most f are faulty. The fault model is fixed for a whole run; the
/// protocol's threshold f is a separate parameter of each spec, so a config may deliberately give the
/// adversary more faulty replicas than the protocol tolerates.
public struct FaultModel: Hashable, Sendable, CustomStringConvertible {
    /// The behaviour of each replica, by number.
    public let kinds: [FaultKind]

    /// All replicas.
    public let all: ReplicaSet
    /// The correct replicas: the only ones with state, steps and invariants.
    public let correct: ReplicaSet
    /// The Byzantine replicas: their messages form the always-available vocabulary.
    public let byzantine: ReplicaSet
    /// The replicas that crashed before sending anything.
    public let crashed: ReplicaSet

    /// A fault model with the given behaviour for each replica.
    ///
    /// - Precondition: 1 ≤ `kinds.count` ≤ `ReplicaSet.capacity`.
    public init(kinds: [FaultKind]) {
        precondition(!kinds.isEmpty && kinds.count <= ReplicaSet.capacity, "FaultModel: 1...\(ReplicaSet.capacity) replicas")
        self.kinds = kinds
        let ids = kinds.indices.map(ReplicaID.init)
        all = ReplicaSet(ids)
        correct = ReplicaSet(ids.filter { kinds[$0.index] == .correct })
        byzantine = ReplicaSet(ids.filter { kinds[$0.index] == .byzantine })
        crashed = ReplicaSet(ids.filter { kinds[$0.index] == .crashed })
    }

    /// `replicaCount` replicas of which `byzantine` consecutive ones, starting at `firstFaulty` and
    /// wrapping around, are Byzantine, and the next `crashed` ones have crashed.
    ///
    /// With `firstFaulty = 0` the primary of view 0 (replica 0) is Byzantine — the tutorial's
    /// "Byzantine primary" example.
    ///
    /// - Precondition: `byzantine + crashed ≤ replicaCount` and `0 ≤ firstFaulty < replicaCount`.
    public init(replicaCount: Int, byzantine: Int, crashed: Int = 0, firstFaulty: Int = 0) {
        precondition(byzantine >= 0 && crashed >= 0 && byzantine + crashed <= replicaCount, "FaultModel: too many faulty replicas")
        precondition(firstFaulty >= 0 && firstFaulty < replicaCount, "FaultModel: firstFaulty out of range")
        var kinds = Array(repeating: FaultKind.correct, count: replicaCount)
        for offset in 0..<(byzantine + crashed) {
            kinds[(firstFaulty + offset) % replicaCount] = offset < byzantine ? .byzantine : .crashed
        }
        self.init(kinds: kinds)
    }

    /// The number of replicas.
    public var replicaCount: Int { kinds.count }

    /// The behaviour of `replica`.
    public func kind(of replica: ReplicaID) -> FaultKind { kinds[replica.index] }

    /// Whether `replica` follows the protocol.
    public func isCorrect(_ replica: ReplicaID) -> Bool { correct.contains(replica) }

    /// Whether `replica` is Byzantine.
    public func isByzantine(_ replica: ReplicaID) -> Bool { byzantine.contains(replica) }

    /// E.g. `r0 byzantine, r1 r2 r3 correct`.
    public var description: String {
        var parts: [String] = []
        for kind in FaultKind.allCases {
            let members = all.filter { self.kind(of: $0) == kind }
            if !members.isEmpty { parts.append(members.map(\.description).joined(separator: " ") + " \(kind.rawValue)") }
        }
        return parts.joined(separator: ", ")
    }
}
