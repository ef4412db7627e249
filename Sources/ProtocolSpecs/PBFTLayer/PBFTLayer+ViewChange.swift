import MessagePassing

/// NEWVIEW construction (Castro & Liskov §4.4; tutorial, "PBFT: A view-change in view v" and "PBFT: A
/// property of view-changes when n > 3f").
///
/// NEWVIEW(v, V, O) is built from V, at least `newViewQuorum` VIEWCHANGE(v)s: min-s is the latest
/// stable checkpoint in V, max-s the highest slot of a certificate in V, and O gives each slot
/// min-s < n ≤ max-s the digest of the certificate of the highest view in V, or null. Correct
/// replicas' VIEWCHANGEs are read from the network. A Byzantine replica's VIEWCHANGE may report any
/// checkpoint that is stable (a quorum of CHECKPOINTs exists) and any prepared certificate that could
/// be assembled from messages that exist (the PREPREPARE and quorum − 1 matching PREPAREs), or omit
/// them — it cannot forge the signatures they consist of — so its possible contents are enumerated
/// here rather than stored.
extension PBFTLayer {
    /// Whether PREPREPARE(`view`, `slot`, `digest`) exists: on the network from a correct primary, or
    /// from a Byzantine primary (any request; null too from view 1 on, through a NEWVIEW's O).
    func prePrepareExists(_ view: View, _ slot: SequenceNumber, _ digest: Digest, inbox: Inbox<PBFTLayer>) -> Bool {
        let primary = primary(of: view)
        switch faults.kind(of: primary) {
        case .byzantine: return digest.isRequest || view.number > 0
        case .crashed: return false
        case .correct: return inbox.canReceive(.prePrepare(view, slot, digest), from: primary)
        }
    }

    /// The distinct backups of `view` from which PREPARE(`view`, `slot`, `digest`) can be received
    /// (Castro & Liskov §4.2: "2f matching PREPAREs from different backups").
    func specifiedPrepareSupport(_ view: View, _ slot: SequenceNumber, _ digest: Digest, inbox: Inbox<PBFTLayer>) -> Int {
        inbox.support(of: .prepare(view, slot, digest), among: backups(of: view))
    }

    /// Whether a valid prepared certificate for (`view`, `slot`, `digest`) can be assembled from
    /// messages that exist: the PREPREPARE and quorum − 1 matching PREPAREs (Castro & Liskov §4.4).
    func specifiedIsValidCertificate(_ view: View, _ slot: SequenceNumber, _ digest: Digest, inbox: Inbox<PBFTLayer>) -> Bool {
        mutation.holds(.certificatePrePrepare, prePrepareExists(view, slot, digest, inbox: inbox))
            && variant.prepareSupport(view, slot, digest, inbox: inbox, base: self) >= mutation.threshold(.certificateQuorum, quorum - 1)
    }

    /// The states at `slot` that are stable: a quorum of matching CHECKPOINTs can be received, in the
    /// network's order; every state of the finite domain when the Byzantine replicas alone are a quorum.
    func stableCheckpointStates(at slot: SequenceNumber, inbox: Inbox<PBFTLayer>) -> [LedgerState] {
        var result: [LedgerState] = []
        let need = mutation.threshold(.stableCheckpointQuorum, quorum)
        if faults.byzantine.count >= need { return allStates(through: slot.number) }
        inbox.forEachCorrectMessage { _, message in
            guard message.kind == .checkpoint, message.slot == slot, !result.contains(message.state) else { return }
            if inbox.support(of: message) >= need { result.append(message.state) }
        }
        return result
    }

    /// `newViews(for:inbox:builtBy:)`, computed once per state while the system lists its steps
    /// (every Byzantine NEWVIEW of the vocabulary and every backup's acceptance asks it).
    func allowedNewViews(for view: View, inbox: Inbox<PBFTLayer>, builtBy builder: ReplicaID?) -> [PBFTMessage] {
        // Every PBFT message is multicast, so what the network allows is the same for each receiver.
        inbox.memoized(view.number &* (ReplicaSet.capacity + 1) &+ (builder.map { $0.index + 1 } ?? 0)) {
            newViews(for: view, inbox: inbox, builtBy: builder)
        }
    }

    /// Every NEWVIEW(`view`) whose V is a valid set of VIEWCHANGEs that exist, with O as the rule
    /// computes it from V; distinct contents only, in a fixed order.
    ///
    /// - Parameters:
    ///   - builder: the correct primary building it, whose own VIEWCHANGE must be in V; `nil` for the
    ///     NEWVIEWs a Byzantine primary can send that backups accept (any V).
    /// - Complexity: exponential in the correct replicas that sent VIEWCHANGE(`view`) and in the
    ///   slots above the checkpoint; small for the bounded models this is meant for.
    func newViews(for view: View, inbox: Inbox<PBFTLayer>, builtBy builder: ReplicaID?) -> [PBFTMessage] {
        var changes: [(sender: ReplicaID, message: PBFTMessage)] = []
        inbox.forEachCorrectMessage { sender, message in
            if message.kind == .viewChange && message.view == view { changes.append((sender, message)) }
        }
        var senders = ReplicaSet()
        for change in changes { senders.insert(change.sender) }
        // A judging spec accepting a NEWVIEW counts the declared Byzantine replicas whose VIEWCHANGE
        // it has not seen (the NEWVIEW carries it inside V, and the trace names only V's members):
        // each may report what a Byzantine VIEWCHANGE can, below. A correct builder logs receiving
        // every VIEWCHANGE it builds from.
        let byzantineCount =
            isJudging ? (builder == nil ? judgedByzantine.subtracting(senders).count : 0) : faults.byzantine.count
        let needed = mutation.threshold(.newViewQuorum, configuration.newViewQuorum)
        // Certificates lie at most at the highest slot a member reports, or, with Byzantine
        // members, anywhere within the bounds (a judging spec: wherever a valid certificate can be
        // assembled from the messages that exist).
        var maxSlot = 0
        var validCertificates: [Int: [PreparedCertificate]] = [:]
        if byzantineCount > 0 && !isJudging {
            maxSlot = configuration.maxSequence.number
        } else {
            for change in changes { if let last = change.message.certificates.lastKey { maxSlot = max(maxSlot, last.number) } }
        }
        if byzantineCount > 0 && isJudging {
            validCertificates = assemblableCertificates(below: view, inbox: inbox)
            maxSlot = max(maxSlot, validCertificates.keys.max() ?? 0)
        }
        var result: [PBFTMessage] = []
        var validCheckpoints: [(slot: SequenceNumber, state: LedgerState)]? = nil

        for chosen in senders.subsets {
            if let builder, !mutation.holds(.newViewIncludesBuilder, chosen.contains(builder)) { continue }
            guard chosen.count + byzantineCount >= needed else { continue }
            let members = changes.filter { chosen.contains($0.sender) }.map { $0.message }

            // min-s from the correct VIEWCHANGEs, and what Byzantine ones may raise it to.
            var base: (slot: SequenceNumber, state: LedgerState) = (.genesis, isJudging ? .hashedGenesis : .genesis)
            for member in members where member.slot > base.slot { base = (member.slot, member.state) }
            var checkpoints = [base]
            if byzantineCount > 0 {
                if validCheckpoints == nil {
                    var slots = checkpointSlots
                    if isJudging {
                        inbox.forEachCorrectMessage { _, message in if message.kind == .checkpoint { slots.append(message.slot) } }
                        slots = Array(Set(slots)).sorted()
                    }
                    validCheckpoints = slots.flatMap { slot in stableCheckpointStates(at: slot, inbox: inbox).map { (slot, $0) } }
                }
                checkpoints += validCheckpoints!.filter { $0.slot > base.slot }
            }

            for checkpoint in checkpoints {
                var options: [[PreparedCertificate?]] = []
                for slotNumber in stride(from: checkpoint.slot.number + 1, through: maxSlot, by: 1) {
                    let slot = SequenceNumber(slotNumber)
                    var best: [PreparedCertificate] = []
                    for member in members {
                        guard slot > member.slot, let certificate = member.certificates[slot] else { continue }
                        if best.isEmpty || prefers(certificate.view, over: best[0].view) {
                            best = [certificate]
                        } else if certificate.view == best[0].view && !best.contains(certificate) {
                            best.append(certificate)
                        }
                    }
                    var slotOptions: [PreparedCertificate?] = best.isEmpty ? [nil] : best
                    if byzantineCount > 0 {
                        if validCertificates[slotNumber] == nil {
                            validCertificates[slotNumber] =
                                isJudging
                                ? []
                                : (0..<view.number).flatMap { number in
                                    let earlier = View(number)
                                    return digests.filter { ($0.isRequest || number > 0) }
                                        .filter { variant.isValidCertificate(earlier, slot, $0, inbox: inbox, base: self) }
                                        .map { PreparedCertificate(view: earlier, digest: $0) }
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
                Self.forEachCombination(of: options) { combination in
                    var proposals = DenseMap<SequenceNumber, Digest>()
                    if let last = combination.lastIndex(where: { $0 != nil }) {
                        for offset in 0...last {
                            proposals[SequenceNumber(checkpoint.slot.number + 1 + offset)] = combination[offset]?.digest ?? .null
                        }
                    }
                    let message = PBFTMessage.newView(view, checkpoint: checkpoint.slot, state: checkpoint.state, proposals: proposals)
                    if !result.contains(message) { result.append(message) }
                }
            }
        }
        return result
    }

    /// By slot: the prepared certificates of views below `view` that can be assembled from the
    /// messages that exist (a PREPREPARE or PREPARE names the candidate; `isValidCertificate`
    /// decides), what a Byzantine VIEWCHANGE may report in a judging spec, whose digests are not a
    /// finite domain. Sorted by view, then digest.
    func assemblableCertificates(below view: View, inbox: Inbox<PBFTLayer>) -> [Int: [PreparedCertificate]] {
        var candidates: [Int: [PreparedCertificate]] = [:]
        inbox.forEachCorrectMessage { _, message in
            guard message.kind == .prePrepare || message.kind == .prepare, message.view < view, let digest = message.digest else { return }
            let certificate = PreparedCertificate(view: message.view, digest: digest)
            if candidates[message.slot.number]?.contains(certificate) != true {
                candidates[message.slot.number, default: []].append(certificate)
            }
        }
        var result: [Int: [PreparedCertificate]] = [:]
        for (slot, certificates) in candidates {
            let valid = certificates.filter {
                variant.isValidCertificate($0.view, SequenceNumber(slot), $0.digest, inbox: inbox, base: self)
            }
            if !valid.isEmpty { result[slot] = valid.sorted { ($0.view, "\($0.digest)") < ($1.view, "\($1.digest)") } }
        }
        return result
    }

    /// Whether O's rule picks a certificate of view `a` over one of view `b` (the variant's rule;
    /// any under the mutant that drops it).
    func prefers(_ a: View, over b: View) -> Bool { mutation.holds(.newViewHighestView, variant.prefers(a, over: b)) }

    /// Calls `body` with every choice of one element per row, the first row varying slowest.
    static func forEachCombination<Element>(of rows: [[Element]], _ body: ([Element]) -> Void) {
        if rows.contains(where: { $0.isEmpty }) { return }
        var indices = Array(repeating: 0, count: rows.count)
        while true {
            body(rows.indices.map { rows[$0][indices[$0]] })
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
