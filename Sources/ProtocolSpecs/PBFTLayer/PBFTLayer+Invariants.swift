import MessagePassing
import ModelChecking

/// The safety properties, as `pbft` states them (Castro & Liskov, OSDI '99 §4; PBFT-Ivy's `agreement` and
/// `unique_prepare`; heidihoward/pbft-tlaplus's `OneReplyInv`), read off replicas' ledgers
/// and the messages correct replicas sent. All quantify over correct replicas alike and treat every
/// request alike, so they are invariant under the symmetries.
extension PBFTLayer {
    /// The invariants, then the reachability targets that show the bounds exercise the protocol.
    public var properties: [Property<MessagePassingState<PBFTLayer>>] {
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
            .always(
                "CheckpointEvidence",
                "a correct replica's stable checkpoint above genesis is certified by the CHECKPOINTs of at least quorum − f correct replicas"
            ) { self.checkpointEvidence($0) },
            .always(
                "ViewChangeCarriesPrepared",
                "a correct replica's VIEWCHANGE carries, for every slot above its checkpoint, its highest-view prepared certificate below the new view"
            ) { self.viewChangeCarriesPrepared($0) },
            .sometimes("RequestExecuted", "some correct replica executed a client request") { state in
                self.correctReplicas.contains { replica in
                    let row = state[replica]
                    return (0..<row.executedCount).contains { row.ledger[SequenceNumber($0 + 1)]!.isRequest }
                }
            },
            .sometimes("ClientAccepted", "a client accepted a result for some request") { state in
                self.requests.contains { !self.acceptedResults(for: $0, in: state).isEmpty }
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
    /// replica committed two digests at one slot.
    func agreement(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        for (position, first) in correctReplicas.enumerated() {
            let a = state[first]
            if a.hasConflictingCommit { return false }
            for second in correctReplicas[(position + 1)...] {
                let b = state[second]
                for (slot, digest) in a.ledger {
                    if let other = b.ledger[slot], other != digest { return false }
                }
            }
        }
        return true
    }

    /// Validity: null is committed only at a slot for which some correct replica accepted (or, as
    /// primary, proposed) null in a view above 0 — only a NEWVIEW puts null into a view.
    func validity(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        for replica in correctReplicas {
            for (slot, digest) in state[replica].ledger where digest == .null {
                let proposed = state.sent.contains { envelope in
                    let message = envelope.message
                    return (message.kind == .prePrepare || message.kind == .prepare) && message.view.number > 0 && message.slot == slot
                        && message.digest == .null
                }
                if !proposed { return false }
            }
        }
        return true
    }

    /// Of two correct replicas' executed ledgers, one extends the other.
    func ledgerPrefixConsistency(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        for (position, first) in correctReplicas.enumerated() {
            let a = state[first]
            for second in correctReplicas[(position + 1)...] {
                let b = state[second]
                let common = min(a.executedCount, b.executedCount)
                if a.ledgerPrefix(common) != b.ledgerPrefix(common) { return false }
            }
        }
        return true
    }

    /// Correct replicas that sent COMMIT in the same view and slot did so for the same digest.
    func uniquePreparedCertificate(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        let slots = configuration.maxSequence.number + 1
        var seen = [Digest?](repeating: nil, count: (configuration.maxView.number + 1) * slots)
        for envelope in state.sent where envelope.message.kind == .commit {
            let message = envelope.message
            let key = message.view.number * slots + message.slot.number
            if let earlier = seen[key], earlier != message.digest { return false }
            seen[key] = message.digest
        }
        return true
    }

    /// Two correct replicas' stable checkpoints certify the same ledger up to the lower one.
    func checkpointAgreement(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        for (position, first) in correctReplicas.enumerated() {
            let a = state[first]
            for second in correctReplicas[(position + 1)...] {
                let b = state[second]
                let common = min(a.stableCheckpoint.number, b.stableCheckpoint.number)
                if a.ledgerPrefix(common) != b.ledgerPrefix(common) { return false }
            }
        }
        return true
    }

    /// Checkpoint evidence (Castro & Liskov, OSDI '99 §4.3: a checkpoint with a proof of 2f + 1
    /// CHECKPOINTs is stable): every correct replica's stable checkpoint h > 0 — however it got
    /// there, by a CHECKPOINT quorum or by adopting a NEWVIEW's min-s — is the ledger through h of at
    /// least quorum − f correct replicas, each of which sent CHECKPOINT(h, that state). Fails at
    /// once for a rule that makes a checkpoint stable on weaker evidence.
    func checkpointEvidence(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        let needed = quorum - configuration.faultThreshold
        for replica in correctReplicas {
            let row = state[replica]
            let h = row.stableCheckpoint
            guard h.number > 0 else { continue }
            let message = PBFTMessage.checkpoint(h, state: self.state(of: row, through: h.number))
            var certifying = 0
            for sender in correctReplicas where state.hasSent(message, by: sender) { certifying += 1 }
            if certifying < needed { return false }
        }
        return true
    }

    /// VIEWCHANGE content (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5: P holds, for every sequence
    /// number above the sender's stable checkpoint, the prepared certificate of the highest view): a
    /// correct replica's VIEWCHANGE(v, h, P) carries exactly, for each slot above h at which it was
    /// prepared in a view below v (it sent COMMIT there), the certificate of the highest such view.
    /// The COMMITs below v are fixed once it sent VIEWCHANGE(v) (views only grow), so the check holds
    /// in every later state too. Fails at once for a rule that drops or weakens a certificate.
    func viewChangeCarriesPrepared(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        for envelope in state.sent where envelope.message.kind == .viewChange {
            let viewChange = envelope.message
            var expected = DenseMap<SequenceNumber, PreparedCertificate>()
            for other in state.sent where other.from == envelope.from && other.message.kind == .commit {
                let commit = other.message
                guard commit.slot > viewChange.slot, commit.view < viewChange.view, let digest = commit.digest else { continue }
                if let held = expected[commit.slot], held.view >= commit.view { continue }
                expected[commit.slot] = PreparedCertificate(view: commit.view, digest: digest)
            }
            if viewChange.certificates != expected { return false }
        }
        return true
    }

    /// The results a client accepts for `request`: those with f + 1 matching replies. A correct replica
    /// replies once it executed the request, with its ledger through the request's first slot; a
    /// Byzantine replica can reply anything.
    func acceptedResults(for request: RequestID, in state: MessagePassingState<PBFTLayer>) -> [DenseMap<SequenceNumber, Digest>] {
        let needed = configuration.faultThreshold + 1
        let byzantine = faults.byzantine.count
        var results: [(result: DenseMap<SequenceNumber, Digest>, count: Int)] = []
        for replica in correctReplicas {
            let row = state[replica]
            guard let index = (0..<row.executedCount).first(where: { row.ledger[SequenceNumber($0 + 1)] == .request(request) }) else {
                continue
            }
            let result = row.ledgerPrefix(index + 1)
            if let position = results.firstIndex(where: { $0.result == result }) {
                results[position].count += 1
            } else {
                results.append((result, 1))
            }
        }
        return results.filter { $0.count + byzantine >= needed }.map { $0.result }
    }

    /// No request has two accepted results; with more than f Byzantine replicas it fails outright.
    func clientSafety(_ state: MessagePassingState<PBFTLayer>) -> Bool {
        if faults.byzantine.count > configuration.faultThreshold { return false }
        return requests.allSatisfy { acceptedResults(for: $0, in: state).count <= 1 }
    }
}
