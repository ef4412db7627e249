import MessagePassing
import ModelChecking

/// A global state of the PBFT model: every replica's row, and the NEWVIEW messages correct primaries
/// have sent. Together with the Byzantine vocabulary (which is not state) this is the whole network.
public struct PBFTState: Hashable, Sendable, Codable, StateEncodable {
    /// One row per replica, by number; faulty replicas' rows stay initial.
    public internal(set) var replicas: [PBFTReplica]
    /// By view: the NEWVIEW its primary sent, when that primary is correct.
    public internal(set) var newViews: [NewViewRecord?]

    /// The initial state of `replicaCount` replicas and views up to `maxView`.
    init(replicaCount: Int, maxView: View) {
        replicas = Array(repeating: PBFTReplica(), count: replicaCount)
        newViews = Array(repeating: nil, count: maxView.number + 1)
    }

    /// The row of `replica`.
    public subscript(replica: ReplicaID) -> PBFTReplica {
        get { replicas[replica.index] }
        set { replicas[replica.index] = newValue }
    }

    /// Fixed-width fields, row by row, then the NEWVIEW records: a canonical bit-packed encoding.
    public func encode(into encoder: inout StateEncoder) {
        for row in replicas {
            encoder.append(UInt64(row.view.raw), bits: 2)
            encoder.append(row.isAwaitingNewView)
            encoder.append(UInt64(row.stableCheckpoint.raw), bits: 3)
            encoder.append(row.hasConflictingCommit)
            encoder.append(row.ledger.word & 0xFFFF, bits: 16)
            encoder.append(row.prepares.word, bits: 64)
            encoder.append(UInt64(row.commits), bits: 16)
            encoder.append(row.viewChanges.word & 0xFFFF, bits: 16)
        }
        for record in newViews {
            if let record {
                encoder.append(true)
                encoder.append(UInt64(record.checkpoint.raw), bits: 3)
                encoder.append(UInt64(record.lastSlot.raw), bits: 3)
                encoder.append(record.checkpointState & 0xFFFF, bits: 16)
            } else {
                encoder.append(false)
            }
        }
    }
}
