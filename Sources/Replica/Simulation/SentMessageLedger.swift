/// What each correct replica of a simulated run sent, to check that it never contradicts itself — above
/// all across a crash and restart (Castro & Liskov, TOCS 2002 §4.6): never two PRE-PREPAREs, PREPAREs or
/// COMMITs for one (view, sequence number) with different digests (OSDI '99 §4.2), never a VIEW-CHANGE for
/// a lower view than one it sent before, and never a normal-case message of a view it has left (§4.4).
struct SentMessageLedger: Sendable {
    /// A normal-case message's kind and slot.
    struct VoteSlot: Hashable, Sendable {
        let kind: String
        let view: ViewNumber
        let sequence: SequenceNumber
    }

    /// The digest each replica sent for each slot.
    var votes: [ReplicaID: [VoteSlot: Digest]] = [:]
    /// The highest view of a VIEW-CHANGE each replica sent: it left every lower view.
    var leftViews: [ReplicaID: ViewNumber] = [:]
    /// Messages checked.
    private(set) var checked = 0

    /// Notes that `replica` sent `message`.
    ///
    /// - Returns: the contradiction with what it sent before, if there is one.
    mutating func note(_ message: ProtocolMessage, from replica: ReplicaID) -> SimulationViolation? {
        checked += 1
        let left = leftViews[replica] ?? .initial
        switch message {
        case .prePrepare(let prePrepare):
            return noteVote("PRE-PREPARE", prePrepare.view, prePrepare.sequence, prePrepare.batch.digest, from: replica, left: left)
        case .prepare(let vote): return noteVote("PREPARE", vote.view, vote.sequence, vote.digest, from: replica, left: left)
        case .commit(let vote): return noteVote("COMMIT", vote.view, vote.sequence, vote.digest, from: replica, left: left)
        case .viewChange(let viewChange):
            guard viewChange.view >= left else {
                return SimulationViolation(.contradiction, "\(replica) sent VIEW-CHANGE for \(viewChange.view) after one for \(left)")
            }
            leftViews[replica] = viewChange.view
            return nil
        case .checkpoint, .newView, .fetchState, .state: return nil
        }
    }

    mutating func noteVote(
        _ kind: String, _ view: ViewNumber, _ sequence: SequenceNumber, _ digest: Digest, from replica: ReplicaID, left: ViewNumber
    ) -> SimulationViolation? {
        guard view >= left else {
            return SimulationViolation(.contradiction, "\(replica) sent \(kind) in \(view) after VIEW-CHANGE for \(left)")
        }
        let slot = VoteSlot(kind: kind, view: view, sequence: sequence)
        if let earlier = votes[replica]?[slot], earlier != digest {
            return SimulationViolation(
                .contradiction, "\(replica) sent \(kind) for (\(view), \(sequence)) with \(digest) after one with \(earlier)")
        }
        votes[replica, default: [:]][slot] = digest
        return nil
    }
}
