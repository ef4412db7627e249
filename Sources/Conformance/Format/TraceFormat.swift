/// The names and limits of the implementation trace format, version 1 (Docs/trace-format.md and
/// Docs/trace-format.schema.json are its definition; this type is its one place in code).
public enum TraceFormat {
    /// The value of a header's `format` field.
    public static let name = "bftcheck-trace/1"
    /// The family prefix: a header whose format starts with it but is not `name` is a later version.
    public static let family = "bftcheck-trace/"
    /// The only protocol version 1 knows.
    public static let pbft = "pbft"
    /// What the header's `null_digest` defaults to: the digest of the null request a NEW-VIEW puts in
    /// a slot without a prepared certificate.
    public static let defaultNullDigest = "null"

    /// The event kinds, as written in an event's `event` field.
    public enum EventKind: String, CaseIterable, Sendable {
        /// A message sent.
        case send
        /// A message received.
        case receive = "recv"
        /// A client request accepted.
        case request
        /// A PRE-PREPARE accepted (backup) or assigned (primary).
        case prePrepared = "pre-prepared"
        /// Prepared: the PRE-PREPARE and quorum − 1 matching PREPAREs.
        case prepared
        /// Committed locally: a quorum of matching COMMITs.
        case committed
        /// A request executed, in sequence-number order.
        case executed
        /// A checkpoint taken.
        case checkpoint
        /// A checkpoint made stable by a quorum of matching CHECKPOINTs.
        case checkpointStable = "checkpoint-stable"
        /// A view change started (VIEW-CHANGE for the next view).
        case viewChange = "view-change"
        /// A new view entered (NEW-VIEW sent by the new primary or accepted by a backup).
        case newView = "new-view"
    }

    /// The message types, as written in a message's `type` field.
    public enum MessageType: String, CaseIterable, Sendable {
        /// ⟨PRE-PREPARE, v, n, d⟩ from the primary of v.
        case prePrepare = "PRE-PREPARE"
        /// ⟨PREPARE, v, n, d, i⟩ from a backup.
        case prepare = "PREPARE"
        /// ⟨COMMIT, v, n, d, i⟩.
        case commit = "COMMIT"
        /// ⟨CHECKPOINT, n, d, i⟩ with d the digest of the state after executing n.
        case checkpoint = "CHECKPOINT"
        /// ⟨VIEW-CHANGE, v + 1, n, C, P, i⟩: the stable checkpoint and the prepared certificates.
        case viewChange = "VIEW-CHANGE"
        /// ⟨NEW-VIEW, v + 1, V, O⟩.
        case newView = "NEW-VIEW"
    }
}
