import MessagePassing

/// Checkpoints (Castro & Liskov §4.3; tutorial, "PBFT: Further dealing with failures"): a correct
/// replica multicasts CHECKPOINT(n, d) after executing n when n is a multiple of the interval k, with d
/// the digest of its state — here the ledger prefix itself. A checkpoint with a quorum of matching
/// CHECKPOINTs is stable; replicas then discard their log up to it and move the watermarks h and
/// H = h + L.
///
/// CHECKPOINT messages are not stored: a correct replica has sent CHECKPOINT(n, d) exactly when it has
/// executed n, and d is its ledger prefix, which never changes once executed.
extension PBFT {
    /// The distinct replicas from which matching CHECKPOINT(`slot`, `prefix`) can be received.
    func checkpointSupport(_ slot: SequenceNumber, _ prefix: UInt64, in state: PBFTState) -> Int {
        var count = 0
        for replica in correctReplicas {
            let row = state[replica]
            if row.executedCount >= slot.number && row.ledgerPrefix(slot.number) == prefix { count += 1 }
        }
        return count + byzantineCount
    }

    /// The checkpoint states at `slot` that are stable somewhere: the correct replicas' executed
    /// prefixes with quorum support, in replica order, without repeats. (A state no correct replica has
    /// can gather at most the Byzantine replicas' CHECKPOINTs.)
    func stableCheckpointStates(at slot: SequenceNumber, in state: PBFTState) -> [UInt64] {
        var result: [UInt64] = []
        for replica in correctReplicas {
            let row = state[replica]
            guard row.executedCount >= slot.number else { continue }
            let prefix = row.ledgerPrefix(slot.number)
            if !result.contains(prefix) && checkpointSupport(slot, prefix, in: state) >= quorum { result.append(prefix) }
        }
        if faults.byzantine.count >= quorum {
            // The vocabulary alone makes any state stable; enumerate the states of the finite domain.
            for prefix in allLedgerStates(count: slot.number) where !result.contains(prefix) { result.append(prefix) }
        }
        return result
    }

    /// Every packed ledger of `count` slots over null and the requests.
    private func allLedgerStates(count: Int) -> [UInt64] {
        var states: [UInt64] = [0]
        for slot in 0..<count {
            states = states.flatMap { base in
                (1...(1 + requests.count)).map { base | UInt64($0) << UInt64(4 * slot) }
            }
        }
        return states
    }

    /// Whether `prefix` agrees with every slot `row` has already filled up to `slot`.
    func isConsistent(_ row: PBFTReplica, with prefix: UInt64, through slot: SequenceNumber) -> Bool {
        for index in 0..<slot.number {
            let own = row.ledgerCode(at: index)
            if own != 0 && UInt64(own) != (prefix >> UInt64(4 * index)) & 0xF { return false }
        }
        return true
    }
}
