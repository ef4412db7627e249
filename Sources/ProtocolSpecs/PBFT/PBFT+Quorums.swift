import MessagePassing

/// The quorum rules: how many distinct senders a correct replica can receive a matching message from,
/// counting correct replicas' sent messages and the Byzantine vocabulary (Castro & Liskov §4.2;
/// tutorial: "If n − f identical PREPARE(m) messages: COMMIT(m)").
extension PBFT {
    /// Whether PREPREPARE(`view`, `slot`, `digest`) exists: sent by a correct primary, or in a
    /// Byzantine primary's vocabulary (any request; null too from view 1 on, through a NEWVIEW).
    func prePrepareExists(_ view: View, _ slot: SequenceNumber, _ digest: Digest, in state: PBFTState) -> Bool {
        let primary = primary(of: view)
        switch primaryKinds[Int(view.raw)] {
        case .byzantine: return digest.isRequest || view.number > 0
        case .crashed: return false
        case .correct: return state[primary].prepare(in: view, at: slot) == digest
        }
    }

    /// The distinct backups of `view` from which matching PREPARE(`view`, `slot`, `digest`) can be
    /// received: the correct backups that sent it plus every Byzantine backup (`FaultModel.support`,
    /// counted here with precomputed sizes). Under the mutant `preparesAcrossViews`, a PREPARE for the
    /// same slot and digest from any view counts.
    func prepareSupport(_ view: View, _ slot: SequenceNumber, _ digest: Digest, in state: PBFTState) -> Int {
        var count = 0
        let code = digest.code
        let primary = primaries[Int(view.raw)]
        for replica in correctReplicas where replica != primary {
            let row = state[replica]
            if configuration.mutant == .preparesAcrossViews {
                for other in 0...configuration.maxView.number where primaries[other] != replica {
                    if row.prepareCode(at: PBFTReplica.key(View(other), slot)) == code {
                        count += 1
                        break
                    }
                }
            } else if row.prepareCode(at: PBFTReplica.key(view, slot)) == code {
                count += 1
            }
        }
        return count + byzantineBackupCounts[Int(view.raw)]
    }

    /// The distinct replicas from which matching COMMIT(`view`, `slot`, `digest`) can be received: the
    /// correct replicas that sent it plus every Byzantine replica.
    func commitSupport(_ view: View, _ slot: SequenceNumber, _ digest: Digest, in state: PBFTState) -> Int {
        var count = 0
        for replica in correctReplicas {
            let row = state[replica]
            if row.hasSentCommit(in: view, at: slot) && row.prepare(in: view, at: slot) == digest { count += 1 }
        }
        return count + byzantineCount
    }

    /// Whether (`view`, `slot`, `digest`) has a valid prepared certificate that any replica could
    /// assemble from messages that exist: the PREPREPARE and quorum − 1 matching PREPAREs from distinct
    /// backups. This bounds what a Byzantine VIEWCHANGE may carry; under the mutant
    /// `viewChangeWithoutCertificates` any claim passes.
    func isValidCertificate(_ view: View, _ slot: SequenceNumber, _ digest: Digest, in state: PBFTState) -> Bool {
        if configuration.mutant == .viewChangeWithoutCertificates { return digest.isRequest || view.number > 0 }
        return prePrepareExists(view, slot, digest, in: state) && prepareSupport(view, slot, digest, in: state) >= quorum - 1
    }
}
