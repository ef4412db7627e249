import MessagePassing
import ProtocolSpecs

/// Why the spec does not enable a step: the first condition of its rule that fails in the replica's
/// state, in words (the nearest miss when the evidence is not the problem).
extension Replay {
    /// The first failing condition of `action`'s rule on the replica's own state, or `nil`.
    func specObstacle(_ action: PBFTAction) -> String? {
        let replica = action.replica
        let me = name(replica)
        let row = state[replica]
        let h = row.stableCheckpoint.number
        let configuration = spec.configuration
        let high = min(h + configuration.window, configuration.maxSequence.number)
        func mode(_ view: View) -> String? {
            if row.isAwaitingNewView {
                return "\(me) is changing to \(row.view) and waits for its NEW-VIEW: it takes no normal-case step meanwhile"
            }
            if row.view != view { return "\(me) is in \(row.view), not \(view)" }
            return nil
        }
        func watermarks(_ seq: SequenceNumber) -> String? {
            guard seq.number <= h || seq.number > high else { return nil }
            return "sequence number \(seq.number) is outside \(me)'s watermarks h = \(h) < n ≤ H = \(high)"
        }
        switch action {
        case .propose(_, let view, let seq, let request):
            if let problem = mode(view) { return problem }
            var next = h + 1
            for number in 1...configuration.maxSequence.number where row.prepare(in: view, at: SequenceNumber(number)) != nil {
                next = max(next, number + 1)
            }
            let digest = Digest.request(request)
            for number in 1...configuration.maxSequence.number {
                let slot = SequenceNumber(number)
                if row.prepare(in: view, at: slot) == digest {
                    return "\(me) already assigned \(binding.name(of: digest)) to (\(view), \(number))"
                }
                if row.ledger(at: slot) == digest { return "\(binding.name(of: digest)) is already committed at seq \(number)" }
            }
            if seq.number != next { return "the primary assigns the next free sequence number, \(next), not \(seq.number)" }
            if next > high { return "sequence number \(next) is above \(me)'s high watermark H = \(high)" }
            return nil
        case .acceptPrePrepare(_, let view, let seq, let digest):
            if let problem = mode(view) ?? watermarks(seq) { return problem }
            if let existing = row.prepare(in: view, at: seq) {
                return existing == digest
                    ? "\(me) already pre-prepared \(binding.name(of: digest)) at (\(view), \(seq.number))"
                    : "\(me) already accepted \(binding.name(of: existing)) at (\(view), \(seq.number)); a backup accepts one PRE-PREPARE per view and sequence number"
            }
            let leader = primary(view)
            switch configuration.faults.kind(of: leader) {
            case .crashed: return "the primary \(name(leader)) of \(view) is crashed"
            case .byzantine where !digest.isRequest: return "a PRE-PREPARE carries a client request; null enters only through NEW-VIEW"
            case .correct where state[leader].prepare(in: view, at: seq) != digest:
                return "the primary \(name(leader)) never assigned \(binding.name(of: digest)) to (\(view), \(seq.number))"
            default: return nil
            }
        case .prepare(_, let view, let seq, let digest):
            if let problem = mode(view) { return problem }
            if seq.number <= h {
                return "(\(view), \(seq.number)) is at or below \(me)'s stable checkpoint h = \(h): that log is discarded"
            }
            guard let own = row.prepare(in: view, at: seq) else { return "\(me) has not pre-prepared (\(view), \(seq.number))" }
            if own != digest {
                return "\(me) pre-prepared \(binding.name(of: own)) at (\(view), \(seq.number)), not \(binding.name(of: digest))"
            }
            if row.hasSentCommit(in: view, at: seq) { return "\(me) was already prepared at (\(view), \(seq.number))" }
            return nil
        case .commit(_, let view, let seq, let digest):
            if let problem = mode(view) { return problem }
            if seq.number <= h {
                return "(\(view), \(seq.number)) is at or below \(me)'s stable checkpoint h = \(h): that log is discarded"
            }
            guard row.hasSentCommit(in: view, at: seq), let own = row.prepare(in: view, at: seq) else {
                return "\(me) is not prepared at (\(view), \(seq.number)); it commits only after preparing"
            }
            if own != digest {
                return "\(me) prepared \(binding.name(of: own)) at (\(view), \(seq.number)), not \(binding.name(of: digest))"
            }
            if row.ledger(at: seq) == digest { return "\(me) already committed \(binding.name(of: digest)) at seq \(seq.number)" }
            return nil
        case .stabilizeCheckpoint(_, let seq, let ledger):
            if seq.number <= h { return "checkpoint \(seq.number) is not above \(me)'s stable checkpoint h = \(h)" }
            for (index, digest) in ledger.enumerated() {
                if let own = row.ledger(at: SequenceNumber(index + 1)), own != digest {
                    return
                        "\(me) committed \(binding.name(of: own)) at seq \(index + 1), but that checkpoint's state has \(binding.name(of: digest))"
                }
            }
            return nil
        case .timeout(_, let view):
            if view != row.view.next { return "\(me) is in \(row.view); a view change goes to \(row.view.next), not \(view)" }
            return nil
        case .sendNewView(_, let view, _), .acceptNewView(_, let view, _):
            return row.view > view ? "\(me) is already in \(row.view)" : nil
        }
    }

    /// The replica's spec state, for reports.
    func snapshot(of replica: ReplicaID) -> ReplicaSnapshot {
        let row = state[replica]
        let configuration = spec.configuration
        var ledger: [String] = []
        var prePrepared: [String] = []
        var prepared: [String] = []
        var viewChanges: [String] = []
        for number in 1...configuration.maxSequence.number {
            if let digest = row.ledger(at: SequenceNumber(number)) { ledger.append("\(number)=\(binding.name(of: digest))") }
        }
        for view in 0...configuration.maxView.number {
            for number in 1...configuration.maxSequence.number {
                let seq = SequenceNumber(number)
                if let digest = row.prepare(in: View(view), at: seq) {
                    prePrepared.append("v\(view).\(number)=\(binding.name(of: digest))")
                }
                if row.hasSentCommit(in: View(view), at: seq) { prepared.append("v\(view).\(number)") }
            }
            if view > 0, let checkpoint = row.viewChangeCheckpoint(for: View(view)) {
                viewChanges.append("v\(view)(h=\(checkpoint.number))")
            }
        }
        return ReplicaSnapshot(
            view: row.view.number, awaitingNewView: row.isAwaitingNewView, stableCheckpoint: row.stableCheckpoint.number,
            executedThrough: executedThrough[replica.index], ledger: ledger, prePrepared: prePrepared, prepared: prepared,
            viewChanges: viewChanges)
    }
}

extension Replay {
    /// A spec step in the trace's vocabulary: the event the replica would log for it.
    func describe(_ action: PBFTAction) -> String {
        switch action {
        case .propose(_, let view, let seq, let request):
            "pre-prepared \(view) seq \(seq.number) \(binding.name(of: .request(request))) (as primary)"
        case .acceptPrePrepare(_, let view, let seq, let digest): "pre-prepared \(view) seq \(seq.number) \(binding.name(of: digest))"
        case .prepare(_, let view, let seq, let digest): "prepared \(view) seq \(seq.number) \(binding.name(of: digest))"
        case .commit(_, let view, let seq, let digest): "committed \(view) seq \(seq.number) \(binding.name(of: digest))"
        case .stabilizeCheckpoint(_, let seq, let ledger):
            "checkpoint-stable seq \(seq.number) state "
                + stateName(History(count: seq.number, prefix: Self.pack(ledger)))
        case .timeout(_, let view): "view-change to \(view)"
        case .sendNewView(_, let view, let proposal): "new-view \(view) \(describe(proposal)) (as primary)"
        case .acceptNewView(_, let view, let proposal): "new-view \(view) \(describe(proposal))"
        }
    }

    /// The trace's name for the state after `history`, or the history itself when no replica named it.
    func stateName(_ history: History) -> String {
        if let index = historyState[history], let name = binding.stateIndex.first(where: { $0.value == index })?.key {
            return "\"\(name)\""
        }
        return "(after \(describe(history)))"
    }
}
