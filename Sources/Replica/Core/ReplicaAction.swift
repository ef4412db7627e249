/// What the state machine asks its host to do, in order (swift-nio style: inputs in, actions out).
/// The host performs them in the order given: a step's trace record comes before the messages it causes,
/// as the trace format requires.
public enum ReplicaAction: Hashable, Sendable {
    /// Send `message` to each of `destinations` (never the replica itself).
    case send(ProtocolMessage, to: [ReplicaID])
    /// Send `reply` to its client (Castro & Liskov, OSDI '99 §4.1).
    case reply(ClientReply)
    /// Apply `update` to the executed-state store in one transaction (one per executed batch, or a whole
    /// state installed by state transfer; TOCS 2002 §6.1). It comes before the replies of the batch.
    case persist(ExecutedStateUpdate)
    /// Start (or restart) `timer`, to fire after `delay`.
    case setTimer(ReplicaTimer, after: Duration)
    /// Stop `timer` if it runs.
    case cancelTimer(ReplicaTimer)
    /// Record a protocol step or an accepted message in the replica's trace (Docs/trace-format.md).
    case record(TraceStep)
    /// A message or request was dropped: count it (and log at debug level).
    case dropped(DropReason)
    /// The checkpoint at `sequence` became stable and the executed state through it was persisted
    /// before: the host may compact its write-ahead log to `PBFTStateMachine.compactedLog(_:)` once the
    /// input is handled (Castro & Liskov, OSDI '99 §4.3: garbage collection at a stable checkpoint).
    case truncateLog(through: SequenceNumber)
}
