import MessagePassing

/// View changes (Castro & Liskov §4.4; tutorial, "PBFT: A view-change in view v" and "PBFT: A property
/// of view-changes when n > 3f").
///
/// A correct replica's VIEWCHANGE(v) carries its stable checkpoint and, for every slot above it, its
/// prepared certificate of the highest view below v. A Byzantine replica's VIEWCHANGE may carry any
/// stable checkpoint that exists and any prepared certificates that could be assembled from messages
/// that exist (a PREPREPARE and quorum − 1 matching PREPAREs), or omit them: it cannot forge the
/// signatures a certificate consists of. NEWVIEW(v, V, O) is built from V, a set of at least
/// `newViewQuorum` VIEWCHANGEs: min-s is the latest stable checkpoint in V, max-s the highest slot of
/// a certificate in V, and O gives each slot min-s < n ≤ max-s the digest of the certificate of the
/// highest view in V, or null when V has none. Backups recompute O from V before they accept it.
extension PBFT {
    /// A prepared certificate as a NEWVIEW sees it.
    struct Certificate: Equatable {
        var view: View
        var digest: Digest
    }

    /// Whether O's rule picks a certificate of view `a` over one of view `b`: the highest view, or
    /// under the mutant `newViewLowestView` the lowest.
    func prefers(_ a: View, over b: View) -> Bool {
        configuration.mutant == .newViewLowestView ? a < b : a > b
    }

    /// The digests a certificate of `view` can carry: requests, and null from view 1 on.
    func certificateDigests(in view: View) -> [Digest] {
        (view.number > 0 ? [Digest.null] : []) + requests.map(Digest.request)
    }

    /// Every NEWVIEW(`view`) whose V is a valid set of VIEWCHANGEs that exist, with O as the rule
    /// computes it from V; distinct contents only, in a fixed order.
    ///
    /// - Parameters:
    ///   - builder: the correct primary building the message, whose own VIEWCHANGE must be in V; `nil`
    ///     for the messages a Byzantine primary may send (any V).
    /// - Complexity: exponential in the number of correct replicas that sent VIEWCHANGE(`view`) and in
    ///   the slots above the checkpoint; small for the bounded models this is meant for.
    func newViewProposals(for view: View, in state: PBFTState, builtBy builder: ReplicaID?) -> [NewViewProposal] {
        var senders = ReplicaSet()
        for replica in correctReplicas where state[replica].viewChangeCheckpoint(for: view) != nil { senders.insert(replica) }
        let byzantineCount = faults.byzantine.count
        let needed = configuration.newViewQuorum
        let maxSlot = configuration.maxSequence.number
        var result: [NewViewProposal] = []
        var validCheckpoints: [(SequenceNumber, UInt64)]? = nil
        var validCertificates: [Int: [Certificate]] = [:]

        for chosen in senders.subsets {
            if let builder, !chosen.contains(builder) { continue }
            guard chosen.count + byzantineCount >= needed else { continue }
            let byzantine = byzantineCount > 0
            let basis = NewViewProposal.Basis(correct: chosen, byzantine: max(0, needed - chosen.count))

            // min-s from the correct VIEWCHANGEs, and what Byzantine ones may raise it to.
            var base: (slot: SequenceNumber, state: UInt64) = (.genesis, 0)
            for replica in chosen {
                let row = state[replica]
                let reported = row.viewChangeCheckpoint(for: view)!
                if reported > base.slot { base = (reported, row.ledgerPrefix(reported.number)) }
            }
            var checkpoints = [base]
            if byzantine {
                if validCheckpoints == nil {
                    validCheckpoints = checkpointSlots.flatMap { slot in
                        stableCheckpointStates(at: slot, in: state).map { (slot, $0) }
                    }
                }
                checkpoints += validCheckpoints!.filter { $0.0 > base.slot }.map { (slot: $0.0, state: $0.1) }
            }

            for (checkpointIndex, checkpoint) in zip(checkpoints.indices, checkpoints) {
                // For each slot above min-s: the certificates O may be computed from; the first
                // `baseCounts[k]` options of slot k come from the correct VIEWCHANGEs alone.
                var options: [[Certificate?]] = []
                var baseCounts: [Int] = []
                for slotNumber in stride(from: checkpoint.slot.number + 1, through: maxSlot, by: 1) {
                    let slot = SequenceNumber(slotNumber)
                    var best: [Certificate] = []
                    for replica in chosen {
                        let row = state[replica]
                        guard slot > row.viewChangeCheckpoint(for: view)!, let found = row.certificate(at: slot, before: view) else {
                            continue
                        }
                        let certificate = Certificate(view: found.view, digest: found.digest)
                        if best.isEmpty || prefers(certificate.view, over: best[0].view) {
                            best = [certificate]
                        } else if certificate.view == best[0].view && !best.contains(certificate) {
                            best.append(certificate)
                        }
                    }
                    var slotOptions: [Certificate?] = best.isEmpty ? [nil] : best
                    baseCounts.append(slotOptions.count)
                    if byzantine {
                        if validCertificates[slotNumber] == nil {
                            validCertificates[slotNumber] = (0..<view.number).flatMap { number in
                                let earlier = View(number)
                                return certificateDigests(in: earlier).filter { isValidCertificate(earlier, slot, $0, in: state) }
                                    .map { Certificate(view: earlier, digest: $0) }
                            }
                        }
                        for certificate in validCertificates[slotNumber]! where !slotOptions.contains(certificate) {
                            if best.isEmpty || prefers(certificate.view, over: best[0].view) || certificate.view == best[0].view {
                                slotOptions.append(certificate)
                            }
                        }
                    }
                    options.append(slotOptions)
                }
                let ledger = PackedDigests.unpack(checkpoint.state, count: checkpoint.slot.number)
                forEachCombination(of: options) { combination, indices in
                    // Whether a Byzantine VIEWCHANGE's content shaped this outcome.
                    let shaped = checkpointIndex > 0 || indices.indices.contains { indices[$0] >= baseCounts[$0] }
                    var used = basis
                    if shaped { used.byzantine = max(used.byzantine, 1) }
                    let last = combination.lastIndex { $0 != nil }
                    let proposals = last.map { combination[...$0].map { $0?.digest ?? .null } } ?? []
                    append(
                        NewViewProposal(checkpoint: checkpoint.slot, checkpointLedger: ledger, proposals: proposals, basis: used),
                        to: &result)
                }
            }
        }
        return result
    }

    /// Every NEWVIEW(`view`) a Byzantine primary can make backups that do not recompute O accept (mutant
    /// `newViewNotRecomputed`): any valid min-s, and any O over null and the requests.
    func unrecomputedNewViewProposals(for view: View, in state: PBFTState) -> [NewViewProposal] {
        var result: [NewViewProposal] = []
        let digests = [Digest.null] + requests.map(Digest.request)
        for valid in newViewProposals(for: view, in: state, builtBy: nil) {
            let first = valid.checkpoint.number + 1
            for last in (first - 1)...configuration.maxSequence.number {
                let options = Array(repeating: digests.map { Optional($0) }, count: last - first + 1)
                forEachCombination(of: options) { combination, _ in
                    let proposal = NewViewProposal(
                        checkpoint: valid.checkpoint, checkpointLedger: valid.checkpointLedger, proposals: combination.map { $0! },
                        basis: valid.basis)
                    append(proposal, to: &result)
                }
            }
        }
        return result
    }

    /// Appends `proposal` unless one with the same content is there; of two with the same content the
    /// one whose V has fewer Byzantine VIEWCHANGEs is kept (the readable explanation), first on ties.
    private func append(_ proposal: NewViewProposal, to result: inout [NewViewProposal]) {
        guard let index = result.firstIndex(where: { $0.hasSameContent(as: proposal) }) else {
            result.append(proposal)
            return
        }
        if let old = result[index].basis?.byzantine, let new = proposal.basis?.byzantine, new < old { result[index] = proposal }
    }

    /// Calls `body` with every choice of one element per row, and the chosen indices, the first row
    /// varying slowest.
    private func forEachCombination<Element>(of rows: [[Element]], _ body: ([Element], [Int]) -> Void) {
        var indices = Array(repeating: 0, count: rows.count)
        // A closure, not the key path `\.isEmpty`: a key path in a generic function is instantiated
        // at run time on every call, and this runs for every state that may build a NEWVIEW.
        if rows.contains(where: { $0.isEmpty }) { return }
        while true {
            body(rows.indices.map { rows[$0][indices[$0]] }, indices)
            var position = rows.count - 1
            while position >= 0 {
                indices[position] += 1
                if indices[position] < rows[position].count { break }
                indices[position] = 0
                position -= 1
            }
            if position < 0 { return }
        }
    }
}
