/// Why an input was dropped rather than acted on. A guard that does not apply returns its reason, so the
/// host counts drops by kind and tests assert on them (Castro & Liskov, OSDI '99 §4.2–4.4 name the
/// conditions).
public enum DropReason: Hashable, Sendable {
    /// From a replica outside the configuration.
    case nonMember
    /// A message the replica sent itself.
    case fromSelf
    /// For a view below the replica's (or too far above it to keep).
    case wrongView
    /// A sequence number outside the watermarks h < n ≤ h + L.
    case outOfWindow
    /// A PRE-PREPARE or NEW-VIEW not from the view's primary, or a PREPARE from the primary.
    case wrongSender
    /// A second PRE-PREPARE for a (view, sequence number) with another digest.
    case conflictingPrePrepare
    /// A message already recorded.
    case duplicate
    /// A NEW-VIEW whose O or checkpoint does not follow from its V, or whose V is not a valid quorum.
    case invalidNewView
    /// A VIEW-CHANGE that is malformed (certificates out of order, at or below its checkpoint, …).
    case invalidViewChange
    /// A VIEW-CHANGE (alone, or in a NEW-VIEW's V) with a prepared certificate whose proof has fewer
    /// than 2f PREPAREs, or PREPAREs from the view's primary, a non-member or one replica twice (OSDI '99
    /// §4.4): a certificate the sender cannot prove, so O is never computed from it.
    case invalidCertificate
    /// A VIEW-CHANGE (alone, or in a NEW-VIEW's V) whose stable checkpoint above genesis comes with fewer
    /// than 2f + 1 CHECKPOINTs in C, or with one from a non-member or one replica twice (OSDI '99 §4.4):
    /// min-s is never taken from a checkpoint nobody proved.
    case invalidCheckpointProof
    /// A request already executed (its reply was re-sent if it was the latest).
    case staleRequest
    /// A state transfer answer that does not match the digest wanted.
    case invalidState
    /// A normal-case message while the replica waits for NEW-VIEW.
    case changingView
}
