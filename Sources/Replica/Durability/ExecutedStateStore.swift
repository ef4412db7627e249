/// Where a replica keeps its executed state — the service's entries, the client reply table and the last
/// executed sequence number — updated once per executed batch in one transaction (Castro & Liskov, TOCS
/// 2002 §6.1: the service state lives in memory-mapped pages saved at checkpoints; here a key-value table
/// written per batch). With the write-ahead log it is what a restarted replica recovers from (§4.6); see
/// `ReplicaRecovery`.
public protocol ExecutedStateStore: Sendable {
    /// The state stored, or `nil` when nothing was ever stored.
    ///
    /// - Throws: the store's error when it cannot be read.
    func load() throws -> ExecutedState?

    /// Applies `update` atomically: after a crash the store holds the state before it or after it.
    ///
    /// - Throws: the store's error; the update is then not applied.
    mutating func apply(_ update: ExecutedStateUpdate) throws
}
