import MessagePassing
import ModelChecking

/// The safety properties (Castro & Liskov, OSDI '99 §4; PBFT-Ivy's `agreement` and `unique_prepare`;
/// heidihoward/pbft-tlaplus's `SafetyInv`). All quantify over correct replicas only, and over all of
/// them alike, so they are invariant under the model's symmetries.
extension PBFT {
    /// The invariants, then the reachability targets that show the bounds exercise the protocol.
    public var properties: [Property<PBFTState>] {
        [
            .always("Agreement", "no two correct replicas commit different requests at the same sequence number, in any views") {
                self.agreement($0)
            },
            .always("Validity", "correct replicas commit only client requests, or null requests that a NEWVIEW introduced") {
                self.validity($0)
            },
            .always("LedgerPrefixConsistency", "the executed ledgers of correct replicas are prefixes of one another") {
                self.ledgerPrefixConsistency($0)
            },
            .always("UniquePreparedCertificate", "correct replicas prepared at most one digest per view and sequence number") {
                self.uniquePreparedCertificate($0)
            },
            .always("CheckpointAgreement", "stable checkpoints of correct replicas certify the same state") {
                self.checkpointAgreement($0)
            },
            .always("ClientSafety", "no client accepts two different results (f + 1 matching replies) for one request") {
                self.clientSafety($0)
            },
            .sometimes("RequestExecuted", "some correct replica executed a client request") { state in
                self.correctReplicas.contains { replica in
                    let row = state[replica]
                    return (0..<row.executedCount).contains { row.ledgerCode(at: $0) >= 2 }
                }
            },
            .sometimes("ClientAccepted", "a client accepted a result for some request") { state in
                self.requests.contains { self.acceptedResultCount(for: $0, in: state) > 0 }
            },
            .sometimes("ViewChangeCompleted", "some correct replica entered a view above 0") { state in
                self.correctReplicas.contains { state[$0].view.number > 0 && !state[$0].isAwaitingNewView }
            },
            .sometimes("CheckpointStable", "some correct replica has a stable checkpoint above genesis") { state in
                self.correctReplicas.contains { state[$0].stableCheckpoint.number > 0 }
            },
        ]
    }

    /// Agreement: every two correct replicas' ledgers agree wherever both are filled, and no correct
    /// replica committed two digests at one slot (committed-local, in any views). Each pair of
    /// ledgers is compared at once: the slots both filled, masked onto where the two words differ.
    func agreement(_ state: PBFTState) -> Bool {
        let replicas = correctReplicas
        for position in replicas.indices {
            let a = state[replicas[position]]
            if a.hasConflictingCommit { return false }
            let x = a.ledgerWord
            let filled = PBFTReplica.filledNibbles(x)
            for other in (position + 1)..<replicas.count {
                let y = state[replicas[other]].ledgerWord
                if (x ^ y) & filled & PBFTReplica.filledNibbles(y) != 0 { return false }
            }
        }
        return true
    }

    /// Validity: every ledger entry is null or one of the clients' requests, and null only at a slot for
    /// which some NEWVIEW proposed null (null never originates in the normal case).
    func validity(_ state: PBFTState) -> Bool {
        let highestCode = UInt64(1 + requests.count)
        let slots = configuration.maxSequence.number
        let withinBounds: UInt64 = slots >= 16 ? .max : (1 << UInt64(4 * slots)) &- 1
        for replica in correctReplicas {
            var rest = state[replica].ledgerWord & withinBounds
            var index = 0
            while rest != 0 {
                let code = rest & 0xF
                if code > highestCode { return false }
                if code == UInt64(Digest.null.code) && !isNullProposed(at: SequenceNumber(index + 1), in: state) { return false }
                rest >>= 4
                index += 1
            }
        }
        return true
    }

    /// Whether some correct replica accepted (or, as primary, proposed) null at `slot` in a view above
    /// 0: only a NEWVIEW puts null into a view.
    private func isNullProposed(at slot: SequenceNumber, in state: PBFTState) -> Bool {
        for other in correctReplicas {
            for view in stride(from: 1, through: configuration.maxView.number, by: 1)
            where state[other].prepare(in: View(view), at: slot) == .null {
                return true
            }
        }
        return false
    }

    /// Ledger prefix consistency: of two correct replicas' executed ledgers, one extends the other.
    func ledgerPrefixConsistency(_ state: PBFTState) -> Bool {
        let replicas = correctReplicas
        for position in replicas.indices {
            let a = state[replicas[position]]
            for other in (position + 1)..<replicas.count {
                let b = state[replicas[other]]
                let common = min(a.executedCount, b.executedCount)
                if a.ledgerPrefix(common) != b.ledgerPrefix(common) { return false }
            }
        }
        return true
    }

    /// One prepared certificate per (view, sequence number): correct replicas that sent COMMIT in the
    /// same view and slot did so for the same digest (PBFT-Ivy `unique_prepare`). Checked pair by pair
    /// on the rows' words: at each (view, slot) within bounds where both sent COMMIT, their PREPARE
    /// digests, when both are set, are equal.
    func uniquePreparedCertificate(_ state: PBFTState) -> Bool {
        let replicas = correctReplicas
        for position in replicas.indices {
            let a = state[replicas[position]]
            let committed = a.commits & boundedKeys
            guard committed != 0 else { continue }
            for other in (position + 1)..<replicas.count {
                let b = state[replicas[other]]
                var common = committed & b.commits
                while common != 0 {
                    let key = common.trailingZeroBitCount
                    let (x, y) = (a.prepareCode(at: key), b.prepareCode(at: key))
                    if x != 0 && y != 0 && x != y { return false }
                    common &= common &- 1
                }
            }
        }
        return true
    }

    /// Checkpoint agreement: two correct replicas' stable checkpoints certify the same ledger up to
    /// the lower of the two.
    func checkpointAgreement(_ state: PBFTState) -> Bool {
        let replicas = correctReplicas
        for position in replicas.indices {
            let a = state[replicas[position]]
            for other in (position + 1)..<replicas.count {
                let b = state[replicas[other]]
                let common = min(a.stableCheckpoint.number, b.stableCheckpoint.number)
                if a.ledgerPrefix(common) != b.ledgerPrefix(common) { return false }
            }
        }
        return true
    }

    /// The number of results a client accepts for `request`: those with f + 1 matching replies. A
    /// correct replica replies once it has executed the request, with the state after it (its ledger
    /// prefix through the request's first slot); a Byzantine replica can reply anything. Counted
    /// without allocating, since the checker evaluates it in every state.
    func acceptedResultCount(for request: RequestID, in state: PBFTState) -> Int {
        // Correct replies needed besides the Byzantine replicas' (at least one: a result some
        // correct replica gave).
        let needed = max(1, configuration.faultThreshold + 1 - byzantineCount)
        let code = Digest.request(request).code
        var replies = InlineArray<10, UInt64>(repeating: 0)
        var replyCount = 0
        let codes = UInt64(code) &* 0x1111_1111_1111_1111
        for replica in correctReplicas {
            let row = state[replica]
            // The executed slots holding `code`: nibbles of the executed prefix equal to it (the
            // prefix's empty nibbles differ from `code`, which is never 0).
            let executed = row.executedCount
            guard executed != 0 else { continue }
            let matches = ~PBFTReplica.filledNibbles(row.ledgerPrefix(executed) ^ codes) & 0x1111_1111_1111_1111
            guard matches != 0 else { continue }
            replies[replyCount] = row.ledgerPrefix(matches.trailingZeroBitCount / 4 + 1)
            replyCount += 1
        }
        var accepted = 0
        for position in 0..<replyCount {
            let result = replies[position]
            // Count each distinct result once, at its first reply.
            if (0..<position).contains(where: { replies[$0] == result }) { continue }
            var matching = 1
            for later in (position + 1)..<max(position + 1, replyCount) where replies[later] == result { matching += 1 }
            if matching >= needed { accepted += 1 }
        }
        return accepted
    }

    /// Client safety (pbft.tla `OneReplyInv`): no request has two accepted results. With more than f
    /// Byzantine replicas it fails outright: f + 1 Byzantine replies alone make any result accepted.
    func clientSafety(_ state: PBFTState) -> Bool {
        if byzantineCount > configuration.faultThreshold { return false }
        return requests.allSatisfy { acceptedResultCount(for: $0, in: state) <= 1 }
    }
}
