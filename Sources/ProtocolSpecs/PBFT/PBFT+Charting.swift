import MessagePassing
import ModelChecking

/// Message sequence charts of counterexamples: each step shows the messages the replica received
/// (arrows from their senders, Byzantine ones included — that is where equivocation shows) and what
/// it multicast (a note), with replies to the client when it executes requests.
extension PBFT: MessageSequenceCharting {
    /// `client`, then every replica, faulty ones labelled.
    public func chartParticipants(of state: PBFTState) -> [String] {
        ["client"]
            + faults.all.map { replica in
                switch faults.kind(of: replica) {
                case .correct: replica.description
                case .byzantine: "\(replica) as \(replica) (Byzantine)"
                case .crashed: "\(replica) as \(replica) (crashed)"
                }
            }
    }

    /// The arrows and notes of one step.
    public func chartEvents(of action: PBFTAction, from before: PBFTState, to after: PBFTState) -> [ChartEvent] {
        var events: [ChartEvent] = []
        let me = action.replica
        func received(_ label: String, from senders: [ReplicaID]) {
            for sender in senders where sender != me {
                events.append(.message(from: sender.description, to: me.description, label: label))
            }
        }
        switch action {
        case .propose(_, let view, let slot, let request):
            events.append(.note(over: me.description, text: "PREPREPARE(\(view), \(slot.number), \(request)) to all"))
        case .acceptPrePrepare(_, let view, let slot, let digest):
            received("PREPREPARE(\(view), \(slot.number), \(digest))", from: [primary(of: view)])
            events.append(.note(over: me.description, text: "PREPARE(\(view), \(slot.number), \(digest)) to all"))
        case .prepare(_, let view, let slot, let digest):
            let eligible = backups[view.number]
            let correct = correctReplicas.filter { eligible.contains($0) && before[$0].prepare(in: view, at: slot) == digest }
            let senders = prioritizing(me, in: correct + Array(faults.byzantine.intersection(eligible)), count: quorum - 1)
            received("PREPARE(\(view), \(slot.number), \(digest))", from: senders)
            events.append(.note(over: me.description, text: "prepared, COMMIT(\(view), \(slot.number), \(digest)) to all"))
        case .commit(_, let view, let slot, let digest):
            let correct = correctReplicas.filter {
                before[$0].hasSentCommit(in: view, at: slot) && before[$0].prepare(in: view, at: slot) == digest
            }
            received(
                "COMMIT(\(view), \(slot.number), \(digest))", from: prioritizing(me, in: correct + Array(faults.byzantine), count: quorum))
            events.append(.note(over: me.description, text: "committed \(digest) at \(slot.number)"))
        case .stabilizeCheckpoint(_, let slot, let ledger):
            let prefix = PackedDigests.pack(ledger)
            let correct = correctReplicas.filter {
                before[$0].executedCount >= slot.number && before[$0].ledgerPrefix(slot.number) == prefix
            }
            let label = "CHECKPOINT(\(slot.number), [\(ledger.map(\.description).joined(separator: " "))])"
            received(label, from: prioritizing(me, in: correct + Array(faults.byzantine), count: quorum))
            events.append(.note(over: me.description, text: "checkpoint \(slot.number) stable, log up to \(slot.number) discarded"))
        case .timeout(_, let view):
            let row = after[me]
            let certificates = slots(from: row.stableCheckpoint.number + 1, through: configuration.maxSequence.number).compactMap { slot in
                row.certificate(at: slot, before: view).map { "\(slot.number)=\($0.digest)@\($0.view)" }
            }
            events.append(
                .note(
                    over: me.description,
                    text:
                        "timeout, VIEWCHANGE(\(view), h=\(row.stableCheckpoint.number), P=[\(certificates.joined(separator: " "))]) to all")
            )
        case .sendNewView(_, let view, let proposal):
            if let basis = proposal.basis {
                received("VIEWCHANGE(\(view))", from: Array(basis.correct))
                // Byzantine VIEWCHANGEs carry whatever valid checkpoint and certificates the outcome needs.
                received(
                    "VIEWCHANGE(\(view)), Byzantine: valid checkpoint and certificates of its choice",
                    from: Array(faults.byzantine.prefix(basis.byzantine)))
            }
            events.append(.note(over: me.description, text: "NEWVIEW(\(view), \(chartText(proposal))) to all"))
        case .acceptNewView(_, let view, let proposal):
            var label = "NEWVIEW(\(view), \(chartText(proposal)))"
            if let basis = proposal.basis {
                let parts = basis.correct.map(\.description) + (basis.byzantine > 0 ? ["\(basis.byzantine) Byzantine"] : [])
                label += " from VIEWCHANGEs of \(parts.joined(separator: " "))"
            }
            received(label, from: [primary(of: view)])
            events.append(.note(over: me.description, text: "enters \(view), PREPAREs for O to all"))
        }
        // Replies for the requests this step executed.
        let (old, new) = (before[me], after[me])
        for index in old.executedCount..<max(old.executedCount, new.executedCount) {
            if let digest = Digest(code: new.ledger[index]), case .request(let request) = digest {
                events.append(.message(from: me.description, to: "client", label: "REPLY(\(request), executed at \(index + 1))"))
            }
        }
        return events
    }

    /// The first `count` of `senders`, with `replica` itself first when it is one of them (its own
    /// message needs no arrow).
    private func prioritizing(_ replica: ReplicaID, in senders: [ReplicaID], count: Int) -> [ReplicaID] {
        var ordered = senders.contains(replica) ? [replica] : []
        ordered += senders.filter { $0 != replica }
        return Array(ordered.prefix(count))
    }

    private func chartText(_ proposal: NewViewProposal) -> String {
        let entries = proposal.proposals.enumerated().map { "\(proposal.checkpoint.number + $0.offset + 1)=\($0.element)" }
        return "h=\(proposal.checkpoint.number), O=[\(entries.joined(separator: " "))]"
    }
}
