/// What a replica knows about one (view, sequence number) (Castro & Liskov, OSDI '99 §4.2): the primary's
/// PRE-PREPARE as received and as accepted, the PREPARE and COMMIT senders per digest, and how far it got.
struct SlotState: Equatable, Sendable {
    /// The PRE-PREPARE's batch as received (kept even before the replica may accept it).
    var received: RequestBatch?
    /// The batch the replica pre-prepared (the primary: proposed) here.
    var accepted: RequestBatch?
    /// Senders of matching PREPAREs and their signatures, per digest (the replica's own included once it
    /// sent one, unsigned): the proof a prepared certificate carries (§4.4).
    var prepares: [Digest: [ReplicaID: [UInt8]]] = [:]
    /// Senders of matching COMMITs, per digest (its own included once it sent one).
    var commits: [Digest: Set<ReplicaID>] = [:]
    /// Whether it is prepared here and sent COMMIT.
    var isPrepared = false
    /// Whether it committed here (or had already committed the same batch in an earlier view).
    var isCommitted = false
}
