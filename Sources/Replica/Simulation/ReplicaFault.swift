/// A fault the simulator injects into one replica (Castro & Liskov, OSDI '99 §3: at most f replicas are
/// faulty; a faulty one may stop, or send anything under its own identity).
public enum ReplicaFault: Hashable, Sendable {
    /// Never runs (the trace declares it `crashed`).
    case crashed
    /// Runs correctly, then stops at the given instant (its log simply ends).
    case crashes(at: Duration)
    /// Correct, but every message to or from it is lost until the given instant: it lags, and must catch
    /// up by state transfer once the others have moved their stable checkpoint (§4.3).
    case isolated(until: Duration)
    /// Correct, with a write-ahead log: it crashes at the first instant, loses what arrives while it is
    /// down, and after `downtime` restarts by replaying its log (TOCS 2002 §4.6); a torn record at the
    /// end of the log is cut off.
    case restarts(at: Duration, downtime: Duration)
    /// Byzantine: as primary it sends PRE-PREPAREs for the same sequence number with different requests
    /// to different backups (the trace declares it `faulty`).
    case equivocatingPrimary
    /// Byzantine: its PREPAREs and COMMITs name another batch to a random half of the replicas (and as
    /// primary it equivocates too).
    case lyingVoter
    /// Byzantine: as primary it equivocates, and every VIEW-CHANGE it sends claims forged prepared
    /// certificates (OSDI '99 §4.4): the null batch at each sequence number from its checkpoint up to
    /// the last it executed or prepared, in the latest view below the new one, "proven" by the PREPAREs
    /// of 2f backups it never received — signed with its own key, since it has no other. Without the
    /// signature check, such a certificate wins O and undoes committed batches.
    case certificateForger
    /// Byzantine: it runs and receives everything, but sends nothing at all — no protocol message, no
    /// reply (OSDI '99 §3: a faulty replica may simply stay silent, which no one can tell from a slow one).
    case silent
    /// Byzantine: it runs the protocol, and beside each PREPARE and COMMIT it sends, it forges two copies
    /// for the null batch: one with a corrupted MAC, and one claiming another replica as its
    /// sender, authenticated with its own keys since it has no other (TOCS 2002 §3.2: a MAC shared by the
    /// sender and the receiver proves who sent a message). Only an authenticating run refuses them
    /// (`SimulationOutcome.authenticationFailures`); without authentication they are delivered as claimed.
    case forger
    /// Byzantine, as Twins makes it (Bano, Sonnino, Chursin, Perelman and Malkhi, "Twins: BFT Systems
    /// Made Robust", OPODIS 2021): two correct instances of the replica run under its one identity and
    /// keys. The second instance hears, and is heard by, only the replicas of `secondSide`; the first,
    /// every other replica. Client requests reach both, each after its own delay. Neither instance
    /// breaks a rule, yet together they equivocate (two PRE-PREPAREs or votes for one slot) and forget
    /// (one votes without what the other prepared) — what OSDI '99 §3 lets a faulty replica do.
    case twins(secondSide: [ReplicaID])

    /// Whether the replica is Byzantine (rather than crash-faulty or correct).
    public var isByzantine: Bool {
        switch self {
        case .equivocatingPrimary, .lyingVoter, .certificateForger, .silent, .forger, .twins: true
        case .crashed, .crashes, .isolated, .restarts: false
        }
    }
}
