/// What one executed batch (or one installed checkpoint) changes in the executed-state store, applied in
/// one transaction: the service entries it wrote, the clients whose last reply changed, the new last
/// executed sequence number and history digest (Castro & Liskov, OSDI '99 §4.2: execution in sequence
/// order; §4.3: the state a checkpoint digests; TOCS 2002 §6.1: only modified partitions are written).
public struct ExecutedStateUpdate: Hashable, Sendable {
    /// The last sequence number executed (or installed) once the update is applied.
    public let sequence: SequenceNumber
    /// The history digest at `sequence` (`CheckpointSnapshot.history`).
    public let history: Digest
    /// Entries written, in ascending key order.
    public let writes: [StateEntry]
    /// Keys whose entries were removed, in ascending order.
    public let removals: [[UInt8]]
    /// Each client whose last executed request changed, in client order.
    public let clients: [ClientRecord]
    /// Whether the update replaces the whole state (a state transfer, §4.3): every entry and client
    /// not listed is removed first.
    public let replacesAll: Bool

    /// An update; see the properties.
    public init(
        sequence: SequenceNumber, history: Digest, writes: [StateEntry], removals: [[UInt8]] = [], clients: [ClientRecord],
        replacesAll: Bool = false
    ) {
        self.sequence = sequence
        self.history = history
        self.writes = writes
        self.removals = removals
        self.clients = clients
        self.replacesAll = replacesAll
    }
}
