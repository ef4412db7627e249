/// An executed-state store in memory, for the simulator, tests and nodes that keep no database: a value,
/// so a simulated crash that keeps it models a disk that survives (Castro & Liskov, TOCS 2002 §4.6). It
/// keeps entries and client records keyed, so an update costs what it writes, not the size of the state
/// (TOCS 2002 §6.1: only modified partitions are written); `state` lays them out in order on demand.
public struct InMemoryExecutedStateStore: ExecutedStateStore, Hashable {
    /// The last sequence number stored, `nil` while empty.
    public private(set) var sequence: SequenceNumber?
    private var history = Digest.zero
    private var entries: [ByteKey: [UInt8]] = [:]
    private var clients: [ClientID: ClientRecord] = [:]
    /// How many updates were applied.
    public private(set) var appliedUpdates = 0

    /// An empty store.
    public init() {}

    /// A store holding `state` (no updates applied yet).
    public init(holding state: ExecutedState) {
        sequence = state.sequence
        history = state.history
        for entry in state.entries { entries[ByteKey(entry.key)] = entry.value }
        for record in state.clients { clients[record.client] = record }
    }

    /// The state stored, if any: entries in ascending key order, clients in client order.
    public var state: ExecutedState? {
        guard let sequence else { return nil }
        return ExecutedState(
            sequence: sequence, history: history,
            entries: entries.keys.sorted { $0.precedes($1) }.map { StateEntry(key: $0.bytes, value: entries[$0]!) },
            clients: clients.keys.sorted().map { clients[$0]! })
    }

    /// The state stored.
    public func load() -> ExecutedState? { state }

    /// Applies `update` to the stored state (to the empty state when none is).
    public mutating func apply(_ update: ExecutedStateUpdate) {
        if update.replacesAll {
            entries = [:]
            clients = [:]
        }
        for key in update.removals { entries[ByteKey(key)] = nil }
        for entry in update.writes { entries[ByteKey(entry.key)] = entry.value }
        for record in update.clients { clients[record.client] = record }
        sequence = update.sequence
        history = update.history
        appliedUpdates += 1
    }
}
