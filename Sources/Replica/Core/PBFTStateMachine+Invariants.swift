/// The state machine's own invariants, checked after every input when compiled with
/// `-DBFT_INTERNAL_CHECKS` (Castro & Liskov, OSDI '99 §4.2–4.4: the log holds only h < n ≤ h + 2L,
/// execution never passes a gap, the primary's next number is above h, its own certificates carry
/// their proofs).
extension PBFTStateMachine {
    /// Traps with the replica and the broken invariant if one fails.
    func checkInvariants() {
        #if BFT_INTERNAL_CHECKS
            let h = stableCheckpoint
            precondition(slots.keys.allSatisfy { $0.sequence > h && $0.view >= view }, "\(id): a slot at or below h=\(h) or below \(view)")
            precondition(committedBatches.keys.allSatisfy { $0 > h }, "\(id): a committed batch at or below h=\(h)")
            precondition(certificates.keys.allSatisfy { $0 > h }, "\(id): a prepared certificate at or below h=\(h)")
            precondition(certificates.values.allSatisfy(isProven), "\(id): a prepared certificate of its own without its proof (§4.4)")
            precondition(lastExecuted >= h || fetching != nil, "\(id): executed \(lastExecuted) below h=\(h) without fetching the state")
            precondition(nextSequence > h, "\(id): next sequence number \(nextSequence) at or below h=\(h)")
            precondition(snapshots.keys.allSatisfy { $0 >= h }, "\(id): a snapshot below h=\(h)")
            precondition(pendingHead <= pendingOrder.count, "\(id): pending head past the queue")
        #endif
    }
}
