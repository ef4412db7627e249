/// The executed state an `ExecutedStateStore` holds: the service's entries, each client's last reply, the
/// last executed sequence number and the history digest — exactly what a checkpoint's state digest covers
/// (Castro & Liskov, OSDI '99 §4.3), so equal executed prefixes give equal `digest(as:)` on every replica.
public struct ExecutedState: Hashable, Sendable {
    /// The last sequence number executed (or installed by state transfer).
    public var sequence: SequenceNumber
    /// The history digest at `sequence`.
    public var history: Digest
    /// The service's entries, in ascending key order.
    public var entries: [StateEntry]
    /// Each client's last executed request and result, in client order.
    public var clients: [ClientRecord]

    /// A state; see the properties.
    public init(sequence: SequenceNumber, history: Digest, entries: [StateEntry], clients: [ClientRecord]) {
        self.sequence = sequence
        self.history = history
        self.entries = entries
        self.clients = clients
    }

    /// The genesis state of `Service`: nothing executed.
    public static func genesis<Service: ReplicatedService>(of service: Service.Type) -> ExecutedState {
        ExecutedState(sequence: .genesis, history: .zero, entries: Service().entries(), clients: [])
    }

    /// The state as a checkpoint snapshot of `Service`, whose digest is the checkpoint's state digest.
    ///
    /// - Throws: `CodecError` when the entries are not a state of `Service`.
    public func snapshot<Service: ReplicatedService>(as service: Service.Type) throws(CodecError) -> CheckpointSnapshot {
        CheckpointSnapshot(sequence: sequence, history: history, service: try Service(entries: entries).snapshot(), replies: clients)
    }

    /// The checkpoint state digest of this state as `Service` (§4.3).
    ///
    /// - Throws: `CodecError` when the entries are not a state of `Service`.
    public func digest<Service: ReplicatedService>(as service: Service.Type) throws(CodecError) -> Digest {
        try snapshot(as: service).digest
    }
}
