/// What a simulated run did, and every violation of the properties it checks: agreement (no two correct
/// replicas execute different batches at one sequence number, or reach different checkpoint states —
/// Castro & Liskov, OSDI '99 §4.2, §4.3), exactly-once execution seen by the clients (§4.1), and, on a
/// reliable network, that every client gets f + 1 matching replies for every request (§4.5 liveness).
public struct SimulationOutcome: Sendable {
    /// The line that reproduces the run.
    public var reproduction: String
    /// Events processed.
    public var events = 0
    /// The simulated instant the run stopped at.
    public var elapsed: Duration = .zero
    /// Requests completed with f + 1 matching replies.
    public var completedRequests = 0
    /// Requests the clients meant to submit.
    public var expectedRequests = 0
    /// Protocol messages sent (before losses).
    public var messagesSent = 0
    /// Inputs the replicas dropped, by reason.
    public var drops: [DropReason: Int] = [:]
    /// The highest view any correct replica reached.
    public var highestView = ViewNumber.initial
    /// The highest sequence number any correct replica executed.
    public var highestExecuted = SequenceNumber.genesis
    /// Checkpoints installed by state transfer.
    public var stateTransfers = 0
    /// PREPAREs and COMMITs a lying voter sent for a batch it did not accept.
    public var lies = 0
    /// Protocol messages the receiver's `Authenticator` refused (only when the scenario authenticates):
    /// bad MACs or signatures, forged proofs (TOCS 2002 §3.2, §4.5).
    public var authenticationFailures = 0
    /// VIEW-CHANGE messages (one per destination) a `certificateForger` sent with forged prepared
    /// certificates (OSDI '99 §4.4).
    public var forgedViewChanges = 0
    /// PRE-PREPAREs an equivocating primary sent with another batch than the one it assigned
    /// (OSDI '99 §4.2).
    public var conflictingPrePrepares = 0
    /// Forged PREPAREs and COMMITs a `forger` sent: with a corrupted MAC or another replica's identity
    /// (TOCS 2002 §3.2).
    public var forgedMessages = 0
    /// Protocol messages (one per destination) and replies a `silent` replica did not send.
    public var withheldMessages = 0
    /// Protocol messages lost to a network partition before it healed.
    public var partitionedMessages = 0
    /// Sequence numbers at which some correct replica's checkpoint became stable; at each, every
    /// correct replica's state digest was compared (OSDI '99 §4.3).
    public var stableCheckpoints = 0
    /// Restarts from a write-ahead log.
    public var restarts = 0
    /// Restarts whose log ended in a torn record, cut off.
    public var tornTails = 0
    /// Executed batches applied to a restarted replica's store again because its last commit was lost
    /// (`ReplicaRecovery`).
    public var redoneUpdates = 0
    /// Write-ahead log compactions at stable checkpoints (OSDI '99 §4.3).
    public var logCompactions = 0
    /// Restarts from a compacted log: its replay began at a stable checkpoint, not at genesis.
    public var restartsFromCompactedLogs = 0
    /// The most records any replica's write-ahead log held at once.
    public var longestLog = 0
    /// Property violations, in the order found.
    public var violations: [SimulationViolation] = []
    /// Messages sent under the twins' identity that contradict another message sent under it
    /// (`ReplicaFault.twins`): two PRE-PREPAREs, PREPAREs or COMMITs for one view and sequence number
    /// with different digests, or a normal-case message of a view it had left.
    public var twinContradictions = 0

    /// Whether every checked property held.
    public var holds: Bool { violations.isEmpty }
}
