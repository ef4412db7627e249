import MessagePassing
import ModelChecking

/// The steps: which are enabled, and what they do (Castro & Liskov §4.2–4.4).
extension PBFT {
    /// The enabled steps of `state`: for each correct replica in ascending order, its normal-case
    /// steps, then checkpoint, timeout and view-change steps.
    public func actions(in state: PBFTState, into actions: inout [PBFTAction]) {
        forEachAction(in: state) { actions.append($0) }
    }

    /// Calls `visitor` with every enabled step of `state` in the order of `actions(in:into:)`, its
    /// ordinal in that list and its successor, without building the list: each step is taken as it is
    /// found, so no action is stored, copied or destroyed on the way (the checker's expansion).
    public func forEachSuccessor<Visitor: SuccessorVisitor<PBFTState, PBFTAction>>(
        of state: PBFTState, scratch: inout [PBFTAction], into visitor: inout Visitor
    ) {
        var ordinal = 0
        forEachAction(in: state) { action in
            // One copy of `state`, which `apply` changes in place.
            var next = state
            apply(action, to: &next)
            visitor.visit(ordinal: ordinal, action: action, successor: next)
            ordinal &+= 1
        }
    }

    /// Calls `emit` with the enabled steps of `state`, in the order `actions(in:into:)` lists them.
    @inline(__always)
    func forEachAction(in state: PBFTState, _ emit: (PBFTAction) -> Void) {
        let maxSlot = configuration.maxSequence.number
        var byzantineNewViews: [Int: [NewViewProposal]] = [:]
        for replica in correctReplicas {
            let row = state[replica]
            let view = row.view
            let h = row.stableCheckpoint.number
            let high = min(h + configuration.window, maxSlot)  // H, capped by the bound
            let primary = primary(of: view)

            if !row.isAwaitingNewView {
                // The primary orders a request at its next free slot (h < n ≤ H).
                if primary == replica {
                    var next = h + 1
                    // The digests this primary already proposed in `view`, as a set of codes (no
                    // array to allocate in every state).
                    var proposed: UInt32 = 0
                    for slot in slots(from: 1, through: maxSlot) {
                        if let digest = row.prepare(in: view, at: slot) {
                            next = max(next, slot.number + 1)
                            proposed |= 1 &<< UInt32(digest.code)
                        }
                    }
                    if next <= high {
                        for request in requests {
                            let digest = Digest.request(request)
                            if proposed & (1 &<< UInt32(digest.code)) != 0
                                || (1...maxSlot).contains(where: { row.ledger(at: SequenceNumber($0)) == digest })
                            {
                                continue
                            }
                            emit(.propose(primary: replica, view: view, slot: SequenceNumber(next), request: request))
                        }
                    }
                } else {
                    // A backup accepts the first PREPREPARE for (v, n) with h < n ≤ H.
                    for slot in slots(from: h + 1, through: high) where row.prepare(in: view, at: slot) == nil {
                        switch primaryKinds[Int(view.raw)] {
                        case .correct:
                            if let digest = state[primary].prepare(in: view, at: slot) {
                                emit(.acceptPrePrepare(replica: replica, view: view, slot: slot, digest: digest))
                            }
                        case .byzantine:
                            for request in requests {
                                emit(.acceptPrePrepare(replica: replica, view: view, slot: slot, digest: .request(request)))
                            }
                        case .crashed: break
                        }
                    }
                }
                // Prepared: the PREPREPARE and quorum − 1 matching PREPAREs; then COMMIT.
                for slot in slots(from: h + 1, through: maxSlot) {
                    guard let digest = row.prepare(in: view, at: slot), !row.hasSentCommit(in: view, at: slot) else { continue }
                    if prepareSupport(view, slot, digest, in: state) >= quorum - 1 {
                        emit(.prepare(replica: replica, view: view, slot: slot, digest: digest))
                    }
                }
                // Committed-local: prepared and a quorum of matching COMMITs.
                for slot in slots(from: h + 1, through: maxSlot) {
                    guard row.hasSentCommit(in: view, at: slot), let digest = row.prepare(in: view, at: slot),
                        row.ledger(at: slot) != digest
                    else { continue }
                    if commitSupport(view, slot, digest, in: state) >= quorum {
                        emit(.commit(replica: replica, view: view, slot: slot, digest: digest))
                    }
                }
            }

            // Checkpoints become stable in any mode.
            for slot in checkpointSlots where slot.number > h {
                for prefix in stableCheckpointStates(at: slot, in: state) where isConsistent(row, with: prefix, through: slot) {
                    emit(
                        .stabilizeCheckpoint(replica: replica, slot: slot, ledger: PackedDigests.unpack(prefix, count: slot.number)))
                }
            }

            // The timer expires: VIEWCHANGE for the next view.
            if view < configuration.maxView {
                emit(.timeout(replica: replica, view: view.next))
            }

            // The new primary, holding its own VIEWCHANGE, multicasts NEWVIEW.
            if row.isAwaitingNewView && primary == replica {
                for proposal in newViewProposals(for: view, in: state, builtBy: replica) {
                    emit(.sendNewView(primary: replica, view: view, proposal: proposal))
                }
            }

            // A backup accepts NEWVIEW for its view change or a later view.
            let firstView = row.isAwaitingNewView ? view.number : view.number + 1
            for number in stride(from: firstView, through: configuration.maxView.number, by: 1) where number > 0 {
                let target = View(number)
                let targetPrimary = self.primary(of: target)
                guard targetPrimary != replica else { continue }
                switch primaryKinds[number] {
                case .correct:
                    if let record = state.newViews[number] {
                        let proposal = NewViewProposal(
                            checkpoint: record.checkpoint, checkpointLedger: record.checkpointLedger,
                            proposals: slots(from: record.checkpoint.number + 1, through: record.lastSlot.number).map {
                                state[targetPrimary].prepare(in: target, at: $0) ?? .null
                            },
                            basis: nil)
                        emit(.acceptNewView(replica: replica, view: target, proposal: proposal))
                    }
                case .byzantine:
                    if byzantineNewViews[number] == nil {
                        byzantineNewViews[number] =
                            configuration.mutant == .newViewNotRecomputed
                            ? unrecomputedNewViewProposals(for: target, in: state)
                            : newViewProposals(for: target, in: state, builtBy: nil)
                    }
                    for proposal in byzantineNewViews[number]! {
                        emit(.acceptNewView(replica: replica, view: target, proposal: proposal))
                    }
                case .crashed: break
                }
            }
        }
    }

    /// The state after `action`. The action is assumed enabled (replay checks that first).
    public func successor(of state: PBFTState, taking action: PBFTAction) -> PBFTState? {
        var next = state
        apply(action, to: &next)
        return next
    }

    /// Turns `next` into the state after `action` (every step applies once enabled).
    ///
    /// Not inlined: inlined, each case works on its own copy of the state, which is then copied
    /// again to where the cases meet; called, it changes the one copy in place.
    @inline(never)
    func apply(_ action: PBFTAction, to next: inout PBFTState) {
        switch action {
        case .propose(let primary, let view, let slot, let request):
            next[primary].setPrepare(.request(request), in: view, at: slot)
        case .acceptPrePrepare(let replica, let view, let slot, let digest):
            next[replica].setPrepare(digest, in: view, at: slot)
        case .prepare(let replica, let view, let slot, _):
            next[replica].setCommitSent(in: view, at: slot)
        case .commit(let replica, _, let slot, let digest):
            if next[replica].ledger(at: slot) == nil {
                next[replica].setLedger(digest, at: slot)
            } else {
                next[replica].hasConflictingCommit = true
            }
        case .stabilizeCheckpoint(let replica, let slot, let ledger):
            next[replica].adoptCheckpoint(slot, state: PackedDigests.pack(ledger))
        case .timeout(let replica, let view):
            next[replica].view = view
            next[replica].isAwaitingNewView = true
            next[replica].setViewChange(for: view, checkpoint: next[replica].stableCheckpoint)
        case .sendNewView(let primary, let view, let proposal):
            next.newViews[view.number] = NewViewRecord(
                checkpoint: proposal.checkpoint, checkpointState: PackedDigests.pack(proposal.checkpointLedger),
                lastSlot: proposal.lastSlot)
            for offset in proposal.proposals.indices {
                next[primary].setPrepare(proposal.proposals[offset], in: view, at: SequenceNumber(proposal.checkpoint.number + 1 + offset))
            }
            next[primary].isAwaitingNewView = false
            next[primary].adoptCheckpoint(proposal.checkpoint, state: PackedDigests.pack(proposal.checkpointLedger))
        case .acceptNewView(let replica, let view, let proposal):
            next[replica].view = view
            next[replica].isAwaitingNewView = false
            next[replica].adoptCheckpoint(proposal.checkpoint, state: PackedDigests.pack(proposal.checkpointLedger))
            let h = next[replica].stableCheckpoint.number
            for offset in proposal.proposals.indices {
                let slot = proposal.checkpoint.number + 1 + offset
                if slot > h { next[replica].setPrepare(proposal.proposals[offset], in: view, at: SequenceNumber(slot)) }
            }
        }
    }
}
