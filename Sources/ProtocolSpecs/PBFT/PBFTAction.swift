import MessagePassing

/// A step of the PBFT model: a correct replica receives messages and reacts (Castro & Liskov §4.2–4.4;
/// tutorial, "PBFT: Normal-case protocol in view v" and "PBFT: A view-change in view v").
///
/// Every step is a delivery: the messages it reads come from correct replicas' sent messages in the
/// state or from the Byzantine vocabulary. Faulty replicas have no steps of their own.
public enum PBFTAction: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The primary of `view` receives client request `request` and multicasts PREPREPARE(view, slot,
    /// request) at the next free slot within its watermarks.
    case propose(primary: ReplicaID, view: View, slot: SequenceNumber, request: RequestID)
    /// A backup accepts PREPREPARE(view, slot, digest) from the primary and multicasts PREPARE.
    case acceptPrePrepare(replica: ReplicaID, view: View, slot: SequenceNumber, digest: Digest)
    /// A replica holding the PREPREPARE receives matching PREPAREs from quorum − 1 distinct backups:
    /// it is prepared and multicasts COMMIT.
    case prepare(replica: ReplicaID, view: View, slot: SequenceNumber, digest: Digest)
    /// A prepared replica receives a quorum of matching COMMITs: it commits locally, executes in
    /// sequence-number order and replies to the client.
    case commit(replica: ReplicaID, view: View, slot: SequenceNumber, digest: Digest)
    /// A replica receives a quorum of matching CHECKPOINT(slot, state): the checkpoint becomes stable,
    /// the log below it is discarded and the watermarks move; a replica that is behind fetches the
    /// state.
    case stabilizeCheckpoint(replica: ReplicaID, slot: SequenceNumber, ledger: [Digest])
    /// A replica's timer expires: it moves to view `view` and multicasts VIEWCHANGE(view) carrying its
    /// stable checkpoint and its prepared certificates.
    case timeout(replica: ReplicaID, view: View)
    /// The primary of `view` receives enough VIEWCHANGEs and multicasts NEWVIEW(view, V, O).
    case sendNewView(primary: ReplicaID, view: View, proposal: NewViewProposal)
    /// A backup receives a NEWVIEW whose O it recomputes from V, accepts it, enters `view` and
    /// multicasts PREPAREs for O.
    case acceptNewView(replica: ReplicaID, view: View, proposal: NewViewProposal)

    /// The replica taking the step.
    public var replica: ReplicaID {
        switch self {
        case .propose(let replica, _, _, _), .acceptPrePrepare(let replica, _, _, _), .prepare(let replica, _, _, _),
            .commit(let replica, _, _, _), .stabilizeCheckpoint(let replica, _, _), .timeout(let replica, _),
            .sendNewView(let replica, _, _), .acceptNewView(let replica, _, _):
            replica
        }
    }

    /// E.g. `acceptPrePrepare(r1, v0, 1, req2)`.
    public var description: String {
        switch self {
        case .propose(let p, let v, let s, let r): "propose(\(p), \(v), \(s.number), \(r))"
        case .acceptPrePrepare(let i, let v, let s, let d): "acceptPrePrepare(\(i), \(v), \(s.number), \(d))"
        case .prepare(let i, let v, let s, let d): "prepare(\(i), \(v), \(s.number), \(d))"
        case .commit(let i, let v, let s, let d): "commit(\(i), \(v), \(s.number), \(d))"
        case .stabilizeCheckpoint(let i, let s, let ledger):
            "stabilizeCheckpoint(\(i), \(s.number), [\(ledger.map(\.description).joined(separator: " "))])"
        case .timeout(let i, let v): "timeout(\(i), \(v))"
        case .sendNewView(let p, let v, let proposal): "sendNewView(\(p), \(v), \(proposal))"
        case .acceptNewView(let i, let v, let proposal): "acceptNewView(\(i), \(v), \(proposal))"
        }
    }

    /// The kind names, for coverage, in `kind` order.
    static let kindNames = [
        "propose", "acceptPrePrepare", "prepare", "commit", "stabilizeCheckpoint", "timeout", "sendNewView", "acceptNewView",
    ]

    /// The index of this action's kind in `kindNames`.
    var kind: Int {
        switch self {
        case .propose: 0
        case .acceptPrePrepare: 1
        case .prepare: 2
        case .commit: 3
        case .stabilizeCheckpoint: 4
        case .timeout: 5
        case .sendNewView: 6
        case .acceptNewView: 7
        }
    }
}
