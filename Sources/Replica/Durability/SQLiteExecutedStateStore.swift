import Foundation
import GRDB

/// The executed-state store in an SQLite database (through GRDB): a key-value table of the service's
/// entries, the client reply table that de-duplication needs (Castro & Liskov, OSDI '99 §4.1), and one
/// row with the last executed sequence number and history digest — all updated in one transaction per
/// executed batch, fsynced at commit when `synchronous` (journal in WAL mode, `synchronous = FULL`), so
/// that the state on disk is always an executed prefix (TOCS 2002 §4.6, §6.1).
///
/// Schema (version 1): `entries(key BLOB PRIMARY KEY, value BLOB)`, `clients(client INTEGER PRIMARY KEY,
/// timestamp INTEGER, result BLOB)`, `executed(id = 0, sequence INTEGER, history BLOB)`; 64-bit
/// unsigned numbers are stored as their signed bit pattern.
public final class SQLiteExecutedStateStore: ExecutedStateStore {
    /// The database file's path.
    public let path: String
    let queue: DatabaseQueue

    /// Opens (or creates) the database at `path`.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - synchronous: whether each commit is fsynced (`PRAGMA synchronous = FULL`); off, a power loss
    ///     may lose the last commits (the write-ahead log then redoes them: `ReplicaRecovery`).
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or is not such a database.
    public init(path: String, synchronous: Bool = true) throws {
        self.path = path
        var configuration = Configuration()
        configuration.label = "bftcheck.replica.executed-state"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous ? "FULL" : "OFF")")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entries (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE clients (client INTEGER PRIMARY KEY NOT NULL, timestamp INTEGER NOT NULL, result BLOB NOT NULL);
                    CREATE TABLE executed (
                        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 0), sequence INTEGER NOT NULL, history BLOB NOT NULL);
                    """)
        }
        try migrator.migrate(queue)
    }

    /// The state stored, or `nil` before the first update.
    ///
    /// - Throws: GRDB's `DatabaseError`, or `CodecError` for a history that is not a digest.
    public func load() throws -> ExecutedState? {
        try queue.read { db -> ExecutedState? in
            guard let row = try Row.fetchOne(db, sql: "SELECT sequence, history FROM executed WHERE id = 0") else { return nil }
            let historyBytes: Data = row["history"]
            guard let history = Digest(bytes: [UInt8](historyBytes)) else {
                throw CodecError.invalid(field: "executed.history", reason: "not 32 bytes")
            }
            let entries = try Row.fetchAll(db, sql: "SELECT key, value FROM entries ORDER BY key").map { row in
                StateEntry(key: [UInt8](row["key"] as Data), value: [UInt8](row["value"] as Data))
            }
            let clients = try Row.fetchAll(db, sql: "SELECT client, timestamp, result FROM clients ORDER BY client").map { row in
                let client: Int64 = row["client"]
                let timestamp: Int64 = row["timestamp"]
                return ClientRecord(
                    client: ClientID(UInt32(truncatingIfNeeded: client)), timestamp: UInt64(bitPattern: timestamp),
                    result: [UInt8](row["result"] as Data))
            }
            let sequence: Int64 = row["sequence"]
            return ExecutedState(
                sequence: SequenceNumber(UInt64(bitPattern: sequence)), history: history, entries: entries, clients: clients)
        }
    }

    /// Applies `update` in one transaction.
    ///
    /// - Throws: GRDB's `DatabaseError`; the transaction is then rolled back.
    public func apply(_ update: ExecutedStateUpdate) throws {
        try queue.write { db in
            if update.replacesAll {
                try db.execute(sql: "DELETE FROM entries")
                try db.execute(sql: "DELETE FROM clients")
            }
            for key in update.removals { try db.execute(sql: "DELETE FROM entries WHERE key = ?", arguments: [Data(key)]) }
            let upsertEntry = try db.cachedStatement(sql: "INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)")
            for entry in update.writes { try upsertEntry.execute(arguments: [Data(entry.key), Data(entry.value)]) }
            let upsertClient = try db.cachedStatement(sql: "INSERT OR REPLACE INTO clients (client, timestamp, result) VALUES (?, ?, ?)")
            for record in update.clients {
                try upsertClient.execute(
                    arguments: [Int64(record.client.number), Int64(bitPattern: record.timestamp), Data(record.result)])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO executed (id, sequence, history) VALUES (0, ?, ?)",
                arguments: [Int64(bitPattern: update.sequence.number), Data(update.history.bytes)])
        }
    }
}
