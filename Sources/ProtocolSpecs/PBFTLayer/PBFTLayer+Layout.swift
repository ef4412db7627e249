import MessagePassing

/// The field declarations the derived encoding, its decoding, the state constraint and the start-up
/// width check are built from; the Byzantine vocabulary; and the symmetry declarations (Ip & Dill's
/// scalarsets): the correct replicas that are the primary of no view within bounds are
/// interchangeable, and so are the requests (Castro & Liskov §4: the primary of v is v mod n).
extension PBFTLayer {
    @usableFromInline var viewCodes: ClosedRange<Int> { 0...configuration.maxView.number }
    @usableFromInline var slotCodes: ClosedRange<Int> { 0...configuration.maxSequence.number }
    @usableFromInline var filledSlotCodes: ClosedRange<Int> { 1...configuration.maxSequence.number }
    @usableFromInline var digestCodes: ClosedRange<Int> { 0...configuration.requestCount }
    /// Exact states of up to max_seq slots, in radix requests + 1.
    @usableFromInline var stateCodes: ClosedRange<Int> {
        var count = 1
        for _ in 0..<configuration.maxSequence.number { count = count.multipliedReportingOverflow(by: certificateRadix).partialValue }
        return 0...(count - 1)
    }
    /// A certificate packs as view · (requests + 1) + digest: the bounds' own radix.
    @usableFromInline var certificateRadix: Int { configuration.requestCount + 1 }
    @usableFromInline var certificateCodes: ClosedRange<Int> { 0...((configuration.maxView.number + 1) * certificateRadix - 1) }

    /// A replica: its view and stable checkpoint within the bounds, its ledger slot by slot.
    @inlinable
    public func visitFields<Visitor: FieldVisitor>(of replica: inout PBFTReplicaState, with visitor: inout Visitor) {
        visitor.visit("view", &replica.view, in: viewCodes)
        visitor.visit("isAwaitingNewView", &replica.isAwaitingNewView, in: 0...1)
        visitor.visit("stableCheckpoint", &replica.stableCheckpoint, in: slotCodes)
        visitor.visit("hasConflictingCommit", &replica.hasConflictingCommit, in: 0...1)
        visitor.visit("ledger", &replica.ledger, keys: filledSlotCodes, values: digestCodes)
    }

    /// A message: its kind, view, slot, digest and maps, each within the bounds.
    @inlinable
    public func visitFields<Visitor: FieldVisitor>(of message: inout PBFTMessage, with visitor: inout Visitor) {
        visitor.visit("kind", &message.kind, in: 0...5)
        visitor.visit("view", &message.view, in: viewCodes)
        visitor.visit("slot", &message.slot, in: slotCodes)
        visitor.visit("digest", &message.digest, in: digestCodes)
        // The state as its tight code through the message's slot (an unpacker has read the slot),
        // O, and P as codes in the bounds' radix, read in place from the payload.
        var stateCode = tightCode(of: message.state, through: message.slot.number)
        visitor.visit("state", &stateCode, in: stateCodes)
        var proposals = message.payload?.proposals ?? DenseMap()
        visitor.visit("proposals", &proposals, keys: filledSlotCodes, values: digestCodes)
        var codes = certificateCodeMap(of: message.payload?.certificates ?? DenseMap())
        visitor.visit("certificates", &codes, keys: filledSlotCodes, values: certificateCodes)
        // A packer or a range check leaves the message as it is; an unpacker stores what it read.
        guard Visitor.writesFields else { return }
        var certificates = DenseMap<SequenceNumber, PreparedCertificate>()
        for (slot, code) in codes {
            certificates[slot] = PreparedCertificate(view: View(code / certificateRadix), digest: .withDenseCode(code % certificateRadix))
        }
        message.setPayload(
            state: exactState(tight: stateCode, through: message.slot.number), proposals: proposals, certificates: certificates)
    }

    /// P as codes in the bounds' radix: view · (requests + 1) + digest.
    @usableFromInline
    func certificateCodeMap(of certificates: DenseMap<SequenceNumber, PreparedCertificate>) -> DenseMap<SequenceNumber, Int> {
        var codes = DenseMap<SequenceNumber, Int>()
        for (slot, certificate) in certificates {
            codes[slot] = certificate.view.number * certificateRadix + certificate.digest.denseCode
        }
        return codes
    }

    /// PREPARE(v0, 1, null).
    public var messageTemplate: PBFTMessage { .prepare(View(0), SequenceNumber(1), .null) }

    // MARK: The Byzantine vocabulary

    /// Every well-formed message `sender` can sign (Castro & Liskov §2; tutorial, "Primary failure
    /// versus malicious replicas"): PREPREPAREs of any request in the views it leads; PREPAREs in the
    /// others and COMMITs in all, for any digest; CHECKPOINTs of any state; NEWVIEWs, in the views it
    /// leads, with any stable checkpoint and any O — backups accept only those whose V exists
    /// (`isAvailable`) and whose O they recompute. Its VIEWCHANGEs are not listed: correct replicas
    /// read them only inside a NEWVIEW's V, where their possible contents are enumerated
    /// (`newViews(for:inbox:builtBy:)`).
    ///
    /// PREPREPAREs and NEWVIEWs of views the sender does not lead are left out because backups refuse
    /// them (`acceptPrePrepare.fromPrimary`, `acceptNewView.fromPrimary`); under a mutant that drops
    /// one of those guards they are listed, so that the adversary exercises the mutated rule.
    public func vocabulary(of sender: ReplicaID) -> [PBFTMessage] {
        var result: [PBFTMessage] = []
        let slots = (1...configuration.maxSequence.number).map(SequenceNumber.init)
        let anyPrePrepare = mutation.drops(.acceptPrePrepareFromPrimary)
        let anyNewView = mutation.drops(.acceptNewViewFromPrimary)
        for number in viewCodes {
            let view = View(number)
            for slot in slots {
                if primary(of: view) == sender || anyPrePrepare {
                    for request in requests { result.append(.prePrepare(view, slot, .request(request))) }
                }
                if primary(of: view) != sender {
                    for digest in digests { result.append(.prepare(view, slot, digest)) }
                }
                for digest in digests { result.append(.commit(view, slot, digest)) }
            }
        }
        for slot in checkpointSlots {
            for state in allStates(through: slot.number) { result.append(.checkpoint(slot, state: state)) }
        }
        for number in viewCodes where number > 0 && (primary(of: View(number)) == sender || anyNewView) {
            for checkpoint in [SequenceNumber.genesis] + checkpointSlots {
                for state in allStates(through: checkpoint.number) {
                    for last in checkpoint.number...configuration.maxSequence.number {
                        for proposals in allLedgers(from: checkpoint.number + 1, through: last) {
                            result.append(.newView(View(number), checkpoint: checkpoint, state: state, proposals: proposals))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Every map of slots `first … last` to digests.
    func allLedgers(from first: Int = 1, through last: Int) -> [DenseMap<SequenceNumber, Digest>] {
        var states = [DenseMap<SequenceNumber, Digest>()]
        for number in stride(from: first, through: last, by: 1) {
            states = states.flatMap { base in
                digests.map { digest in
                    var extended = base
                    extended[SequenceNumber(number)] = digest
                    return extended
                }
            }
        }
        return states
    }

    /// A Byzantine NEWVIEW is available when some valid V yields its min-s and that checkpoint's
    /// state (O is the backups' to check); every other vocabulary message always is.
    public func isAvailable(_ message: PBFTMessage, fromByzantine sender: ReplicaID, inbox: Inbox<PBFTLayer>) -> Bool {
        guard message.kind == .newView else { return true }
        return allowedNewViews(for: message.view, inbox: inbox, builtBy: nil).contains {
            $0.slot == message.slot && $0.state == message.state
        }
    }

    // MARK: Symmetry

    /// The correct replicas that lead no view within bounds.
    public var interchangeableGroups: [ReplicaSet] { [faults.correct.subtracting(ReplicaSet(primaries))] }

    /// Every permutation of the requests: all are issued at the start and no rule or property names
    /// one.
    public var valuePermutationCount: Int { requestPermutationTables.count }

    /// `digest` with request r renamed by permutation `permutation`.
    @inline(__always)
    func renaming(_ digest: Digest, by permutation: Int) -> Digest {
        .withDenseCode(requestPermutationTables[permutation][digest.denseCode])
    }

    /// Every map value renamed.
    func renaming(_ map: DenseMap<SequenceNumber, Digest>, by permutation: Int) -> DenseMap<SequenceNumber, Digest> {
        var result = DenseMap<SequenceNumber, Digest>()
        for (slot, digest) in map { result[slot] = renaming(digest, by: permutation) }
        return result
    }

    /// The ledger renamed.
    public func permuting(_ state: PBFTReplicaState, by permutation: Int) -> PBFTReplicaState {
        var result = state
        result.ledger = renaming(state.ledger, by: permutation)
        return result
    }

    /// Every digest of the message renamed.
    public func permuting(_ message: PBFTMessage, by permutation: Int) -> PBFTMessage {
        var result = message
        result.digest = message.digest.map { renaming($0, by: permutation) }
        guard message.payload != nil else { return result }
        var certificates = DenseMap<SequenceNumber, PreparedCertificate>()
        for (slot, certificate) in message.certificates {
            certificates[slot] = PreparedCertificate(view: certificate.view, digest: renaming(certificate.digest, by: permutation))
        }
        result.setPayload(
            state: renaming(message.state, through: message.slot.number, by: permutation),
            proposals: renaming(message.proposals, by: permutation), certificates: certificates)
        return result
    }
}
