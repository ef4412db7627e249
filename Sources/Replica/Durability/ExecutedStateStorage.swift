/// Where the replicas of a cluster keep their executed state (Castro & Liskov, TOCS 2002 §6.1): in memory
/// (the simulator and tests where durability is not the point; a restarted process starts empty and
/// recovers from its write-ahead log and its peers), or in one SQLite database per replica.
public enum ExecutedStateStorage: Hashable, Sendable {
    /// An `InMemoryExecutedStateStore` per replica.
    case inMemory
    /// A `SQLiteExecutedStateStore` per replica, at `directory/r<i>.sqlite`.
    case sqlite(directory: String)

    /// The database path of `replica`, when the storage is SQLite.
    public func databasePath(of replica: ReplicaID) -> String? {
        guard case .sqlite(let directory) = self else { return nil }
        return directory.hasSuffix("/") ? "\(directory)\(replica).sqlite" : "\(directory)/\(replica).sqlite"
    }

    /// The store of `replica`: opened (or created) in the directory, which must exist, or a new empty one in
    /// memory.
    ///
    /// - Throws: GRDB's `DatabaseError` when the database cannot be opened.
    public func openStore(for replica: ReplicaID, synchronous: Bool = true) throws -> any ExecutedStateStore {
        guard let path = databasePath(of: replica) else { return InMemoryExecutedStateStore() }
        return try SQLiteExecutedStateStore(path: path, synchronous: synchronous)
    }
}
