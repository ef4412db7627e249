import MessagePassing
import ModelChecking

/// Symmetry reduction (Ip & Dill's scalarsets; TLC's SYMMETRY). Two groups act on states:
///
/// - **Replicas**: the correct replicas that are the primary of no view within bounds. The primary
///   of view v is replica v mod n, so primaries are distinguished; faulty replicas differ by their
///   fault kind and have no state. Two interchangeable replicas differ only by their rows.
/// - **Requests**: the client requests, all issued at the start.
///
/// Soundness (why a property holds in every state iff it holds in every representative): every
/// permutation π of these groups is an automorphism of the transition system. (1) The initial state
/// is fixed by π. (2) Every enabling condition and effect treats replicas of the group alike: the
/// quorum rules count senders (`FaultModel.support`) and the eligible sets (all replicas, the backups
/// of a view) are unions of whole groups plus fixed replicas; no rule names an interchangeable
/// replica or a particular request; no field of the state refers to another replica's number, so
/// permuting rows is the whole action of π on the state; requests appear only as digests, and every
/// rule compares digests for equality or enumerates all of them. So s → t is a step iff
/// π(s) → π(t) is one. (3) Every property quantifies over all correct replicas and all requests alike
/// (none names one), so it has the same value in s and π(s). Hence the reachable states are closed
/// under π, and checking one state per orbit decides the invariants. The representative is canonical:
/// for each request permutation the interchangeable rows are sorted, and the least result is kept, so
/// two states in one orbit get the same representative. (Symmetry is used for safety only.)
extension PBFT {
    /// The canonical representative of `state`'s orbit under the replica and request groups.
    ///
    /// - Complexity: O(r! · k log k) for r requests and k interchangeable replicas.
    public func canonicalRepresentative(of state: PBFTState) -> PBFTState {
        var best = sortingInterchangeableRows(of: state)
        for table in requestPermutationTables {
            let candidate = sortingInterchangeableRows(of: mappingDigests(of: state, table))
            if isOrdered(candidate, before: best) { best = candidate }
        }
        return best
    }

    /// `state` with its interchangeable rows in increasing order.
    func sortingInterchangeableRows(of state: PBFTState) -> PBFTState {
        guard interchangeable.count > 1 else { return state }
        var result = state
        // Insertion sort in place: the groups are a handful of rows.
        let indices = interchangeable
        for position in 1..<indices.count {
            let row = result.replicas[indices[position]]
            let key = row.sortKey
            var hole = position
            while hole > 0 && key < result.replicas[indices[hole - 1]].sortKey {
                result.replicas[indices[hole]] = result.replicas[indices[hole - 1]]
                hole -= 1
            }
            if hole != position { result.replicas[indices[hole]] = row }
        }
        return result
    }

    /// `state` with every digest code c replaced by `table[c]`.
    func mappingDigests(of state: PBFTState, _ table: [UInt8]) -> PBFTState {
        var result = state
        for index in result.replicas.indices { result.replicas[index] = state.replicas[index].mappingDigests(table) }
        for view in state.newViews.indices {
            guard var record = state.newViews[view] else { continue }
            record.checkpointState = MessageLog(word: record.checkpointState).mapped(table).word
            result.newViews[view] = record
        }
        return result
    }

    /// A total order on states: row by row, then the NEWVIEW records.
    func isOrdered(_ a: PBFTState, before b: PBFTState) -> Bool {
        for index in a.replicas.indices {
            let (x, y) = (a.replicas[index].sortKey, b.replicas[index].sortKey)
            if x != y { return x < y }
        }
        for view in a.newViews.indices {
            let (x, y) = (Self.recordKey(a.newViews[view]), Self.recordKey(b.newViews[view]))
            if x != y { return x < y }
        }
        return false
    }

    private static func recordKey(_ record: NewViewRecord?) -> UInt64 {
        guard let record else { return 0 }
        return 1 << 63 | UInt64(record.checkpoint.raw) << 56 | UInt64(record.lastSlot.raw) << 48 | (record.checkpointState & 0xFFFF)
    }
}
