import MessagePassing
import ModelChecking

/// Castro & Liskov's Practical Byzantine Fault Tolerance as a checkable transition system: the normal
/// case, view changes with prepared certificates and NEWVIEW recomputation of O, and checkpoints with
/// watermarks and garbage collection (Castro & Liskov, OSDI'99 §4.1–4.4, TOCS 2002; tutorial slides
/// "PBFT: Normal-case protocol in view v" through "PBFT: Further dealing with failures").
///
/// The model is built for exhaustive checking of small clusters:
/// - the state holds only correct replicas' local state and sent messages; faulty replicas are a
///   `FaultModel` whose Byzantine members contribute an always-available vocabulary of well-formed
///   messages under their own identity (see `FaultModel`'s vocabulary notes), so the adversary adds no
///   steps and no state;
/// - every step is a correct replica receiving messages and reacting; a step that needs a quorum reads
///   the matching messages from the state and the vocabulary when it fires. The network is the set of
///   sent messages: unordered, lossy (a message need never be read), duplicating (reading again changes
///   nothing);
/// - views, sequence numbers and requests are bounded by the configuration.
///
/// Only safety is checked; the properties are in `PBFT+Invariants.swift`.
public struct PBFT: TransitionSystem, Sendable {
    /// The model's constants and bounds.
    public let configuration: PBFTConfiguration

    let replicaCount: Int
    let faults: FaultModel
    let correctReplicas: [ReplicaID]
    let requests: [RequestID]
    let quorum: Int
    /// By view: the replicas other than that view's primary.
    let backups: [ReplicaSet]
    /// By view: that view's primary.
    let primaries: [ReplicaID]
    /// The number of Byzantine replicas: the support their vocabulary adds to every COMMIT and
    /// CHECKPOINT (`FaultModel.support`, precomputed for the quorum rules).
    let byzantineCount: Int
    /// By view: the number of Byzantine backups, the support their vocabulary adds to every PREPARE.
    let byzantineBackupCounts: [Int]
    /// By view: how that view's primary fails, if it does.
    let primaryKinds: [FaultKind]
    /// The (view, slot) keys within bounds (`PBFTReplica.key`) as a bit mask.
    let boundedKeys: UInt16
    /// The correct replicas that are the primary of no view within bounds: interchangeable. Ascending.
    let interchangeable: [Int]
    /// The request permutations other than the identity (symmetry), each as a byte table of 256
    /// entries, one after the other: entry b renames the two 4-bit digest codes of byte b at once
    /// (code c becomes c's image; 0, "none", and 1, null, stay). One flat array, so that the search
    /// reads the tables without retaining an array per table.
    let requestByteTables: [UInt8]
    /// `configuration.checkpointSlots`, kept: the steps read it in every state.
    let checkpointSlots: [SequenceNumber]

    /// The model of `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: sizes, faults, quorums, bounds and mutant.
    ///   - reducingReplicas: whether symmetry reduction may permute interchangeable replicas.
    ///   - reducingRequests: whether symmetry reduction may permute requests.
    /// - Precondition: `configuration.problems` is empty.
    public init(_ configuration: PBFTConfiguration, reducingReplicas: Bool = true, reducingRequests: Bool = true) {
        precondition(configuration.problems.isEmpty, "PBFT: \(configuration.problems.map(\.problem).joined(separator: "; "))")
        self.configuration = configuration
        replicaCount = configuration.replicaCount
        faults = configuration.faults
        correctReplicas = Array(configuration.faults.correct)
        requests = (1...configuration.requestCount).map(RequestID.init)
        quorum = configuration.quorum
        let views = (0...configuration.maxView.number).map(View.init)
        primaries = views.map { $0.primary(among: configuration.replicaCount) }
        backups = primaries.map { configuration.faults.all.subtracting(ReplicaSet([$0])) }
        byzantineCount = configuration.faults.byzantine.count
        byzantineBackupCounts = backups.map { configuration.faults.byzantine.intersection($0).count }
        primaryKinds = primaries.map { configuration.faults.kind(of: $0) }
        var keys: UInt16 = 0
        for view in views {
            for slot in stride(from: 1, through: configuration.maxSequence.number, by: 1) {
                keys |= 1 << UInt16(PBFTReplica.key(view, SequenceNumber(slot)))
            }
        }
        boundedKeys = keys
        let primarySet = ReplicaSet(primaries)
        interchangeable = reducingReplicas ? configuration.faults.correct.subtracting(primarySet).map(\.index) : []
        requestByteTables =
            !reducingRequests
            ? []
            : Permutations.all(of: configuration.requestCount).dropFirst().flatMap { permutation in
                var table = Array(0..<UInt8(16))
                for (from, to) in permutation.enumerated() { table[from + 2] = UInt8(to + 2) }
                return (0...255).map { byte in table[byte & 0xF] | table[byte >> 4] << 4 }
            }
        checkpointSlots = configuration.checkpointSlots
    }

    /// `pbft`.
    public var name: String { "pbft" }

    /// Every replica in view 0 at genesis; nothing sent.
    public var initialStates: [PBFTState] { [PBFTState(replicaCount: replicaCount, maxView: configuration.maxView)] }

    /// The primary of `view`.
    @inline(__always)
    func primary(of view: View) -> ReplicaID { primaries[Int(view.raw)] }

    /// The slots `first...last` (empty when `first > last`), without allocating.
    @inline(__always)
    func slots(from first: Int, through last: Int) -> LazyMapSequence<Range<Int>, SequenceNumber> {
        (first..<max(first, last + 1)).lazy.map(SequenceNumber.init)
    }

    /// The kinds of step.
    public var actionKindNames: [String] { PBFTAction.kindNames }

    /// The index of `action`'s kind.
    public func actionKind(of action: PBFTAction) -> Int { action.kind }
}
