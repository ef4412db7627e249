import MessagePassing
import ProtocolSpecs

/// The received-message side of every step: a step is explained only if the replica received the
/// messages its rule reads (Castro & Liskov §4.2: "prepared … 2f PREPAREs from different backups";
/// the tutorial's "n − f identical PREPARE(m) messages").
extension Replay {
    /// What the replica lacks to take `action`, as a sentence, or `nil` when its evidence suffices.
    func evidenceShortfall(_ action: PBFTAction) -> String? {
        let quorum = spec.configuration.quorum
        switch action {
        case .propose, .timeout:
            return nil
        case .acceptPrePrepare(let replica, let view, let seq, let digest):
            let item = binding.digestIndex[binding.name(of: digest)] ?? 0
            let received = evidence[replica.index]
            let leader = primary(view)
            if received.senders(of: Evidence.key(.prePrepare, view: view.number, seq: seq.number, item: item)).contains(leader) {
                return nil
            }
            for entry in received.newViews where entry.sender == leader && entry.content.view == view {
                let offset = seq.number - entry.content.checkpoint.number - 1
                if offset >= 0 && offset < entry.content.proposals.count && binding.digest(entry.content.proposals[offset]) == digest {
                    return nil
                }
            }
            let others = otherDigests(.prePrepare, replica, view, seq, except: item, from: ReplicaSet([leader]))
            return
                "\(name(replica)) accepted PRE-PREPARE(\(view), \(seq.number), \(binding.name(of: digest))) without receiving it from the primary \(name(leader))"
                + (others.isEmpty ? "" : " (from \(name(leader)) it received \(others))")
        case .prepare(let replica, let view, let seq, let digest):
            let item = binding.digestIndex[binding.name(of: digest)] ?? 0
            let leader = primary(view)
            var senders = evidence[replica.index].senders(of: Evidence.key(.prepare, view: view.number, seq: seq.number, item: item))
            senders.remove(leader)
            if replica != leader && state[replica].prepare(in: view, at: seq) == digest { senders.insert(replica) }
            guard senders.count < quorum - 1 else { return nil }
            let backups = spec.configuration.faults.all.subtracting(ReplicaSet([leader]))
            let others = otherDigests(.prepare, replica, view, seq, except: item, from: backups)
            return
                "PREPARED at seq \(seq.number) (\(view), \(binding.name(of: digest))) after \(count(senders.count, "matching PREPARE")) from distinct backups\(list(senders, counting: replica)) plus the PRE-PREPARE: \(senders.count + 1) of the quorum \(quorum)"
                + (others.isEmpty ? "" : "; PREPAREs for other digests: \(others)")
        case .commit(let replica, let view, let seq, let digest):
            let item = binding.digestIndex[binding.name(of: digest)] ?? 0
            var senders = evidence[replica.index].senders(of: Evidence.key(.commit, view: view.number, seq: seq.number, item: item))
            let row = state[replica]
            if row.hasSentCommit(in: view, at: seq) && row.prepare(in: view, at: seq) == digest { senders.insert(replica) }
            guard senders.count < quorum else { return nil }
            let others = otherDigests(.commit, replica, view, seq, except: item, from: spec.configuration.faults.all)
            return
                "COMMIT at seq \(seq.number) (\(view), \(binding.name(of: digest))) after \(count(senders.count, "matching COMMIT"))\(list(senders, counting: replica)); quorum is \(quorum)"
                + (others.isEmpty ? "" : "; COMMITs for other digests: \(others)")
        case .stabilizeCheckpoint(let replica, let seq, let ledger):
            let history = History(count: seq.number, prefix: Self.pack(ledger))
            var senders = ReplicaSet()
            if let stateIndex = historyState[history] {
                senders = evidence[replica.index].senders(of: Evidence.key(.checkpoint, seq: seq.number, item: stateIndex))
            }
            let row = state[replica]
            if row.executedCount >= seq.number && row.ledgerPrefix(seq.number) == history.prefix { senders.insert(replica) }
            guard senders.count < quorum else { return nil }
            return
                "checkpoint \(seq.number) stable after \(count(senders.count, "matching CHECKPOINT"))\(list(senders, counting: replica)); quorum is \(quorum)"
        case .sendNewView(let replica, let view, _):
            return viewChangeShortfall(replica, view)
        case .acceptNewView(let replica, let view, let proposal):
            let leader = primary(view)
            for entry in evidence[replica.index].newViews where entry.sender == leader && entry.content.view == view {
                if matches(proposal, entry.content) { return nil }
            }
            return
                "\(name(replica)) entered \(view) without receiving NEW-VIEW(\(view), \(describe(proposal))) from the primary \(name(leader))"
        }
    }

    /// What the new primary lacks in VIEW-CHANGE(`view`) messages, or `nil`.
    func viewChangeShortfall(_ replica: ReplicaID, _ view: View) -> String? {
        var senders = evidence[replica.index].senders(of: Evidence.key(.viewChange, view: view.number))
        if state[replica].viewChangeCheckpoint(for: view) != nil { senders.insert(replica) }
        let needed = spec.configuration.newViewQuorum
        guard senders.count < needed else { return nil }
        return "NEW-VIEW(\(view)) after \(count(senders.count, "VIEW-CHANGE"))\(list(senders, counting: replica)); it needs \(needed)"
    }

    /// E.g. `req2 from r3` for the other digests of a type the replica received at (view, seq).
    private func otherDigests(
        _ type: TraceFormat.MessageType, _ replica: ReplicaID, _ view: View, _ seq: SequenceNumber, except item: Int,
        from eligible: ReplicaSet
    ) -> String {
        var parts: [String] = []
        for (index, text) in binding.digestNames.sorted(by: { $0.key < $1.key }) where index != item {
            let senders = evidence[replica.index].senders(of: Evidence.key(type, view: view.number, seq: seq.number, item: index))
                .intersection(eligible)
            if !senders.isEmpty { parts.append("\(text) from \(senders.map(name).joined(separator: " "))") }
        }
        return parts.joined(separator: ", ")
    }

    private func count(_ number: Int, _ noun: String) -> String { number == 1 ? "1 \(noun)" : "\(number) \(noun)s" }

    private func list(_ senders: ReplicaSet, counting replica: ReplicaID) -> String {
        senders.isEmpty ? "" : " (\(senders.map { $0 == replica ? "\(name($0)) itself" : name($0) }.joined(separator: ", ")))"
    }
}
