/// The timers a replica asks its host to run. Setting a timer that is running restarts it; the host
/// feeds expiries back through `PBFTStateMachine.timerFired(_:)`.
public enum ReplicaTimer: Hashable, Sendable {
    /// The primary's wait for a batch to fill (TOCS 2002 §5.1.4).
    case batch
    /// The view-change timer of the given view (Castro & Liskov, OSDI '99 §4.4): a backup waiting for a
    /// request to execute, or for NEW-VIEW, moves to the next view when it fires.
    case viewChange(ViewNumber)
    /// A lagging replica's wait for the state of a checkpoint (§4.3).
    case stateFetch(SequenceNumber)
    /// The wait before re-sending what others may have lost (`ReplicaConfiguration.retransmitInterval`;
    /// TOCS 2002 §5.2), running while the replica has something unfinished to re-send.
    case retransmit
}
