import Foundation
import Testing

@testable import Replica

/// The executed-state store (Castro & Liskov, TOCS 2002 §6.1): one transaction per executed batch, the
/// service's entries, the client reply table and the last executed sequence number, in SQLite through GRDB
/// or in memory; the checkpoint digest covers exactly what it holds, so equal executed prefixes give equal
/// digests on every replica.
@Suite struct ExecutedStateStoreTests {
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replica-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func configuration(storage: ExecutedStateStorage, batchSize: Int = 1) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: 2, window: 4, batchSize: batchSize, batchTimeout: .milliseconds(2),
            viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100), storage: storage)
    }

    static func entry(_ key: String, _ value: String) -> StateEntry { StateEntry(key: Array(key.utf8), value: Array(value.utf8)) }

    static func record(_ client: UInt32, _ timestamp: UInt64, _ result: String) -> ClientRecord {
        ClientRecord(client: ClientID(client), timestamp: timestamp, result: Array(result.utf8))
    }

    /// Every replica's database holds the state it executed; the four agree, and their digest is the
    /// checkpoint digest of the last checkpoint (12 batches, K = 2); reopened, the files hold the same.
    @Test func everyReplicaStoresTheSameExecutedPrefixInSQLite() throws {
        let directory = try Self.temporaryDirectory("sqlite-run")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var simulator = try ClusterSimulator(
            scenario: SimulationScenario(
                configuration: try Self.configuration(storage: .sqlite(directory: directory)), seed: 3, clientCount: 3, requestsPerClient: 4
            ))
        #expect(simulator.run().completedRequests == 12)
        // Messages still in flight arrive: every replica executes all 12 batches.
        let outcome = simulator.settle(for: .seconds(1))
        #expect(outcome.holds, "\(outcome.violations)")
        var digests: Set<Digest> = []
        for replica in simulator.replicas {
            let stored = try #require(try simulator.storedState(of: replica.id))
            #expect(stored == replica.executedState)
            #expect(try stored.digest(as: CounterService.self) == replica.currentSnapshot().digest)
            digests.insert(try stored.digest(as: CounterService.self))
            let reopened = try SQLiteExecutedStateStore(
                path: try #require(simulator.scenario.configuration.storage.databasePath(of: replica.id)))
            #expect(try reopened.load() == stored)
        }
        #expect(digests.count == 1)
        let stored = try #require(try simulator.storedState(of: ReplicaID(1)))
        #expect(stored.sequence == SequenceNumber(12))
        #expect(
            stored.entries == [
                Self.entry("counter-0", "\0\0\0\0\0\0\0\u{4}"), Self.entry("counter-1", "\0\0\0\0\0\0\0\u{4}"),
                Self.entry("counter-2", "\0\0\0\0\0\0\0\u{4}"),
            ])
        #expect(stored.clients == [Self.record(0, 4, "counter-0=4"), Self.record(1, 4, "counter-1=4"), Self.record(2, 4, "counter-2=4")])
        // The stable checkpoint at 12 digests exactly the stored state.
        #expect(simulator.replicas[1].snapshots[SequenceNumber(12)]?.digest == digests.first)
    }

    /// The same run with the store in memory stores the same states.
    @Test func inMemoryAndSQLiteStoresHoldTheSameStates() throws {
        let directory = try Self.temporaryDirectory("sqlite-vs-memory")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var states: [[ExecutedState?]] = []
        for storage in [ExecutedStateStorage.inMemory, .sqlite(directory: directory)] {
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: try Self.configuration(storage: storage, batchSize: 2), seed: 11, clientCount: 4, requestsPerClient: 3))
            #expect(simulator.run().holds)
            #expect(simulator.settle(for: .seconds(1)).holds)
            states.append(try simulator.scenario.configuration.replicas.map { try simulator.storedState(of: $0) })
        }
        #expect(states[0] == states[1])
        #expect(states[0].allSatisfy { $0 == states[0][0] } && states[0][0]?.clients.count == 4)
    }

    /// An update that replaces the whole state (state transfer) removes every entry and client it does not
    /// list; removals remove; both stores agree.
    @Test func replacingUpdatesAndRemovalsInBothStores() throws {
        let directory = try Self.temporaryDirectory("replace")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let updates = [
            ExecutedStateUpdate(
                sequence: SequenceNumber(1), history: .hashing([1]), writes: [Self.entry("a", "1"), Self.entry("b", "2")],
                clients: [Self.record(1, 1, "a=1")]),
            ExecutedStateUpdate(
                sequence: SequenceNumber(2), history: .hashing([2]), writes: [Self.entry("c", "3")], removals: [Array("a".utf8)],
                clients: [Self.record(2, 7, "c=3")]),
            ExecutedStateUpdate(
                sequence: SequenceNumber(8), history: .hashing([8]), writes: [Self.entry("z", "9")], clients: [Self.record(3, 1, "z")],
                replacesAll: true),
        ]
        var memory = InMemoryExecutedStateStore()
        let database = try SQLiteExecutedStateStore(path: "\(directory)/store.sqlite")
        #expect(try database.load() == nil && memory.load() == nil)
        for (index, update) in updates.enumerated() {
            memory.apply(update)
            try database.apply(update)
            #expect(try database.load() == memory.load())
            if index == 1 {
                #expect(memory.load()?.entries == [Self.entry("b", "2"), Self.entry("c", "3")])
                #expect(memory.load()?.clients.map(\.client) == [ClientID(1), ClientID(2)])
            }
        }
        #expect(
            try SQLiteExecutedStateStore(path: "\(directory)/store.sqlite").load()
                == ExecutedState(
                    sequence: SequenceNumber(8), history: .hashing([8]), entries: [Self.entry("z", "9")], clients: [Self.record(3, 1, "z")])
        )
    }

    /// A replica that lags installs a checkpoint by state transfer: its database is replaced by the
    /// fetched state and ends equal to the others'.
    @Test func stateTransferReplacesTheStoredState() throws {
        let directory = try Self.temporaryDirectory("transfer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var transfers = 0
        for seed in UInt64(1)...4 {
            let runDirectory = "\(directory)/\(seed)"
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: try Self.configuration(storage: .sqlite(directory: runDirectory)), seed: seed, clientCount: 2,
                    requestsPerClient: 8, faults: [ReplicaID(3): .isolated(until: .milliseconds(150))]))
            #expect(simulator.run().completedRequests == 16)
            let outcome = simulator.settle(for: .seconds(1))
            #expect(outcome.holds, "\(outcome.violations)")
            transfers += outcome.stateTransfers
            for replica in simulator.replicas {
                #expect(try simulator.storedState(of: replica.id) == replica.executedState)
            }
        }
        #expect(transfers > 0)
    }

    /// The counter service names a counter by its operation read as UTF-8 (invalid sequences replaced)
    /// and answers `name=value`; its snapshot restores it.
    @Test func counterResultsNameTheCounterAndItsValue() throws {
        var counters = CounterService()
        let operations: [[UInt8]] = [Array("a".utf8), Array("é".utf8), [0x61, 0xFF], [0x61, 0xFE], Array("a".utf8)]
        var expected: [String: UInt64] = [:]
        for operation in operations {
            let name = String(decoding: operation, as: UTF8.self)
            expected[name, default: 0] += 1
            #expect(counters.execute(operation) == Array("\(name)=\(expected[name]!)".utf8))
        }
        #expect(counters.counters == expected && counters.counters == ["a": 2, "é": 1, "a\u{FFFD}": 2])
        #expect(counters.keys(writtenBy: [0x61, 0xFF]) == [Array("a\u{FFFD}".utf8)])
        #expect(counters.value(forKey: [0x61, 0xFE]) == [0, 0, 0, 0, 0, 0, 0, 2])
        #expect(try CounterService(snapshot: counters.snapshot()) == counters)
        for _ in 0..<9 { _ = counters.execute(Array("a".utf8)) }
        #expect(counters.execute(Array("a".utf8)) == Array("a=12".utf8))
    }

    /// The service's entries round-trip, and a service that does not split its state stores one entry.
    @Test func serviceEntriesRoundTrip() throws {
        var counters = CounterService()
        for name in ["b", "a", "b", "é"] { _ = counters.execute(Array(name.utf8)) }
        let entries = counters.entries()
        #expect(entries.map(\.key) == [Array("a".utf8), Array("b".utf8), Array("é".utf8)])
        #expect(try CounterService(entries: entries) == counters)
        #expect(counters.keys(writtenBy: Array("b".utf8)) == [Array("b".utf8)])
        #expect(counters.value(forKey: Array("b".utf8)) == [0, 0, 0, 0, 0, 0, 0, 2])
        #expect(throws: CodecError.self) { try CounterService(entries: [StateEntry(key: Array("a".utf8), value: [1, 2])]) }
        let whole = WholeStateService(log: [1, 2, 3])
        #expect(whole.entries() == [StateEntry(key: [], value: [1, 2, 3])])
        #expect(try WholeStateService(entries: whole.entries()) == whole)
        #expect(throws: CodecError.self) { try WholeStateService(entries: [StateEntry(key: [1], value: [])]) }
    }
}

/// A service that keeps its state as one snapshot: the defaults of `ReplicatedService+Entries.swift`.
struct WholeStateService: ReplicatedService, Equatable {
    var log: [UInt8] = []
    init() {}
    init(log: [UInt8]) { self.log = log }
    init(snapshot: [UInt8]) { log = snapshot }
    mutating func execute(_ operation: [UInt8]) -> [UInt8] {
        log += operation
        return operation
    }
    func snapshot() -> [UInt8] { log }
}
