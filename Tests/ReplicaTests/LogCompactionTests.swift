import Foundation
import NIOPosix
import Testing

@testable import Replica

/// Write-ahead log compaction at stable checkpoints (Castro & Liskov, OSDI '99 §4.3; TOCS 2002 §4.6): the
/// log stays bounded by the window over a long run, a restart from a compacted log recovers and
/// contradicts nothing the replica sent, a crash between the compaction's steps leaves a whole log (old
/// or new), and a torn or corrupted compacted log is read like any torn log.
@Suite struct LogCompactionTests {
    /// n = 4, f = 1, K = `interval`, L = 2K, one request per batch.
    static func configuration(interval: UInt64) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: interval, window: 2 * interval, batchSize: 1,
            batchTimeout: .milliseconds(2), viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100))
    }

    /// A run in which backup 2 keeps a write-ahead log (it is due to restart only after the run ends).
    static func simulator(interval: UInt64, requests: Int, compacts: Bool, seed: UInt64 = 1) throws -> ClusterSimulator {
        var scenario = SimulationScenario(
            configuration: try configuration(interval: interval), seed: seed, clientCount: 4, requestsPerClient: requests / 4,
            faults: [ReplicaID(2): .restarts(at: .seconds(3_600), downtime: .milliseconds(1))])
        scenario.compactsLogs = compacts
        scenario.eventLimit = max(scenario.eventLimit, 50 * requests)
        scenario.timeLimit = .seconds(3_000)
        return try ClusterSimulator(scenario: scenario)
    }

    /// The inputs of backup 2's log.
    static func inputs(of simulator: ClusterSimulator) throws -> [ReplicaInput] {
        try LogRecordCodec.decode(simulator.writeAheadLogs[ReplicaID(2)]!.flatMap { $0 }).inputs
    }

    /// 1,000 requests with K = 10, L = 20: backup 2's log never holds more than 89 records (about two
    /// windows' worth of inputs) and ends at 1 record, 300 bytes; the same run without compaction ends at
    /// 6,607 records, 432,778 bytes (`replayTimesWithAndWithoutCompaction`).
    @Test func theLogStaysBoundedByTheWindowOverALongRun() throws {
        var compacting = try Self.simulator(interval: 10, requests: 1_000, compacts: true)
        let outcome = compacting.run()
        #expect(outcome.holds && outcome.completedRequests == 1_000, "\(outcome.reproduction): \(outcome.violations)")
        #expect(outcome.logCompactions == 100)
        #expect(outcome.longestLog == 89)
        let end = compacting.writeAheadLogSize(of: ReplicaID(2))!
        #expect(end.records == 1 && end.bytes == 300)
        // The compacted log replays to the replica's state.
        var store = InMemoryExecutedStateStore()
        let recovery = try ReplicaRecovery<CounterService>.replay(
            configuration: try Self.configuration(interval: 10), id: ReplicaID(2), inputs: try Self.inputs(of: compacting),
            store: &store)
        #expect(recovery.machine.agreesAfterRestart(with: compacting.replicas[2]))
        #expect(store.load() == compacting.replicas[2].executedState)
    }

    /// The measurement of issue 12 (run with `BFTCHECK_MEASURE=1`): one run of `BFTCHECK_MEASURE_REQUESTS`
    /// requests (default 10,000) without compaction; backup 2's whole log and the log compacted at the
    /// run's last stable checkpoint are written to files, then each is opened and replayed
    /// (`WriteAheadLog.open` + `ReplicaRecovery.replay`), best of three.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BFTCHECK_MEASURE"] != nil))
    func replayTimesWithAndWithoutCompaction() throws {
        let requests = Int(ProcessInfo.processInfo.environment["BFTCHECK_MEASURE_REQUESTS"] ?? "") ?? 10_000
        var simulator = try Self.simulator(interval: 10, requests: requests, compacts: false)
        let outcome = simulator.run()
        #expect(outcome.holds)
        let inputs = try Self.inputs(of: simulator)
        let machine = simulator.replicas[2]
        let compacted = try #require(machine.compactedLog(inputs))
        for (name, log) in [("whole log", inputs), ("compacted", compacted)] {
            let path = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Self.write(log, to: path)
            let bytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            var best = Duration.seconds(3_600)
            for _ in 0..<3 {
                let start = ContinuousClock.now
                let (_, read) = try WriteAheadLog.open(path: path)
                var store = InMemoryExecutedStateStore()
                let recovery = try ReplicaRecovery<CounterService>.replay(
                    configuration: try Self.configuration(interval: 10), id: ReplicaID(2), inputs: read, store: &store)
                best = min(best, ContinuousClock.now - start)
                #expect(recovery.machine.agreesAfterRestart(with: machine))
            }
            print("measure: \(requests) requests, K = 10, L = 20, \(name): \(log.count) records, \(bytes) bytes, open + replay \(best)")
        }
    }

    /// Replicas restart late, from logs compacted many times, under loss and duplication; every safety
    /// check of the simulator holds (no contradiction of what they sent before the crash: the ledger),
    /// and the oracle accepts every trace (`RecoveryTests.run`).
    @Test func aRestartFromACompactedLogRecoversAndContradictsNothing() throws {
        var compactions = 0
        for seed in UInt64(1)...4 {
            let result = try RecoveryTests.run { storage in
                SimulationScenario(
                    configuration: try RecoveryTests.configuration(storage: storage), seed: seed, clientCount: 3,
                    requestsPerClient: 10,
                    faults: [ReplicaID(Int(seed % 4)): .restarts(at: .milliseconds(Int64(30 + 5 * seed)), downtime: .milliseconds(40))])
            }
            #expect(result.outcome.completedRequests == 30 && result.outcome.restarts == 1)
            #expect(Set(try result.stored.values.map { try $0.digest(as: CounterService.self) }).count == 1)
            #expect(result.outcome.restartsFromCompactedLogs == 1, "\(result.outcome.reproduction)")
            compactions += result.outcome.logCompactions
        }
        #expect(compactions == 44)
    }

    /// A log of backup 2 from a short run without compaction, and the replica that wrote it.
    static func uncompactedLog() throws -> (inputs: [ReplicaInput], machine: PBFTStateMachine<CounterService>) {
        var simulator = try Self.simulator(interval: 2, requests: 40, compacts: false)
        let outcome = simulator.run()
        #expect(outcome.holds)
        return (try Self.inputs(of: simulator), simulator.replicas[2])
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("replica-compaction-\(UUID().uuidString).log").path
    }

    static func write(_ inputs: [ReplicaInput], to path: String) throws {
        try Data(inputs.flatMap(LogRecordCodec.encode)).write(to: URL(fileURLWithPath: path))
    }

    /// Replays `inputs` into a fresh replica 2 with an empty store.
    static func recover(_ inputs: [ReplicaInput]) throws -> PBFTStateMachine<CounterService> {
        var store = InMemoryExecutedStateStore()
        let recovery = try ReplicaRecovery<CounterService>.replay(
            configuration: try configuration(interval: 2), id: ReplicaID(2), inputs: inputs, store: &store)
        #expect(store.load() == recovery.machine.executedState)
        return recovery.machine
    }

    /// A crash before the compacted file is written, after it is written but not renamed, after the
    /// rename but before the directory's sync, and no crash: the reopened log is the old one or the new
    /// one, whole, and either recovers the replica as it was.
    @Test func aCrashBetweenTheCompactionsStepsLeavesAWholeLog() throws {
        let (inputs, machine) = try Self.uncompactedLog()
        let compacted = try #require(machine.compactedLog(inputs))
        #expect(compacted.count < inputs.count / 4)
        guard case .restore(let checkpoint) = compacted[0] else { Issue.record("no restore record"); return }
        #expect(checkpoint.sequence == machine.stableCheckpoint && checkpoint.view == machine.view)
        let steps: [(step: WriteAheadLog.CompactionStep?, replaced: Bool)] = [(.written, false), (.renamed, true), (nil, true)]
        for (step, replaced) in steps {
            let path = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Self.write(inputs, to: path)
            do {
                let (log, existing) = try WriteAheadLog.open(path: path)
                #expect(existing == inputs)
                _ = try log.compact({ machine.compactedLog($0) }, stoppingAfter: step)
            }
            let (reopened, recovered) = try WriteAheadLog.open(path: path)
            #expect(recovered == (replaced ? compacted : inputs), "\(String(describing: step))")
            #expect(!FileManager.default.fileExists(atPath: WriteAheadLog.compactingPath(of: path)))
            #expect(reopened.recordCount == recovered.count)
            #expect(try Self.recover(recovered).agreesAfterRestart(with: machine))
        }
        // A crash while the compacted file was being written: half of it on disk, the old log whole.
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.write(inputs, to: path)
        let bytes = compacted.flatMap(LogRecordCodec.encode)
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: WriteAheadLog.compactingPath(of: path)))
        let (_, recovered) = try WriteAheadLog.open(path: path)
        #expect(recovered == inputs)
        #expect(!FileManager.default.fileExists(atPath: WriteAheadLog.compactingPath(of: path)))
    }

    /// A compacted log goes on growing after its compaction, and a torn tail or a corrupted record in it is
    /// cut off as in any log: what precedes it recovers; a corrupted first record leaves nothing to replay,
    /// and a store ahead of that is refused, as for any log that lost its beginning.
    @Test func aTornOrCorruptedCompactedLogIsReadLikeAnyTornLog() throws {
        let (inputs, machine) = try Self.uncompactedLog()
        let compacted = try #require(machine.compactedLog(inputs))
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.write(inputs, to: path)
        do {
            let (log, _) = try WriteAheadLog.open(path: path)
            #expect(try log.compact { machine.compactedLog($0) })
            #expect(log.recordCount == compacted.count)
            try log.append(.timer(.retransmit))
            try log.sync()
        }
        let (_, grown) = try WriteAheadLog.open(path: path)
        #expect(grown == compacted + [.timer(.retransmit)])
        // Torn: the last record half written.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(bytes.prefix(bytes.count - 3)).write(to: URL(fileURLWithPath: path))
        let (_, torn) = try WriteAheadLog.open(path: path)
        #expect(torn == compacted)
        #expect(try Self.recover(torn).agreesAfterRestart(with: machine))
        // Corrupted: a byte inside the second record's payload.
        bytes = compacted.flatMap(LogRecordCodec.encode)
        let second = LogRecordCodec.encode(compacted[0]).count
        bytes[second + 12] ^= 0x40
        let (prefix, valid) = try LogRecordCodec.decode(bytes)
        #expect(prefix == [compacted[0]] && valid == second)
        let restored = try Self.recover(prefix)
        #expect(restored.stableCheckpoint == machine.stableCheckpoint && restored.lastExecuted == machine.stableCheckpoint)
        // The restore record itself corrupted: nothing to replay; a store at the checkpoint is ahead of it.
        bytes[12] ^= 0x40
        let (nothing, _) = try LogRecordCodec.decode(bytes)
        #expect(nothing.isEmpty)
        var store = InMemoryExecutedStateStore()
        store.apply(
            ExecutedStateUpdate(
                sequence: machine.lastExecuted, history: machine.executedState.history, writes: machine.executedState.entries,
                clients: machine.executedState.clients, replacesAll: true))
        #expect(throws: ReplicaRecoveryError.self) {
            try ReplicaRecovery<CounterService>.replay(
                configuration: try Self.configuration(interval: 2), id: ReplicaID(2), inputs: nothing, store: &store)
        }
    }

    /// The restore record survives the codec, and a restore is refused by a replica that is not fresh.
    @Test func theRestoreRecordRoundTripsAndNeedsAFreshReplica() throws {
        let (inputs, machine) = try Self.uncompactedLog()
        let compacted = try #require(machine.compactedLog(inputs))
        let record = LogRecordCodec.encode(compacted[0])
        #expect(try LogRecordCodec.decode(record).inputs == [compacted[0]])
        var used = try Self.recover(Array(compacted.prefix(1)))
        let actions = used.apply(compacted[0])
        #expect(actions.contains(.dropped(.invalidState)))
    }

    /// The transport's node (tracing off) compacts its log file at stable checkpoints: after 20 requests
    /// with K = 2 each node's file starts at its stable checkpoint, and every node restarts from it (and,
    /// with SQLite, its database) where it was.
    @Test(arguments: [false, true])
    func aNodeCompactsItsLogFileAndRestartsFromIt(sqlite: Bool) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-compaction-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage: ExecutedStateStorage = sqlite ? .sqlite(directory: "\(root)/data") : .inMemory
        let cluster = try await TransportTests.Cluster.start(interval: 2, window: 4, logDirectory: root, storage: storage, tracing: false)
        let statuses = try await cluster.submitThenStop(requests: 20)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        for (node, before) in zip(cluster.nodes, statuses) {
            let path = "\(root)/\(node.id).wal"
            let (_, inputs) = try WriteAheadLog.open(path: path)
            guard case .restore(let checkpoint)? = inputs.first else {
                Issue.record("\(node.id)'s log was never compacted (\(inputs.count) records)")
                continue
            }
            #expect(checkpoint.sequence >= SequenceNumber(16) && inputs.count < 40, "\(node.id): \(inputs.count) records")
            let restarted = try await ReplicaNode.start(
                configuration: cluster.configuration, id: node.id, keyring: cluster.keyring, writeAheadLog: path, tracing: false,
                eventLoop: group.next())
            let after = try await restarted.status()
            #expect(after.lastExecuted == before.lastExecuted && after.view == before.view)
            #expect(after.stableCheckpoint == before.stableCheckpoint && before.logFailure == nil)
            try await restarted.close()
            if let database = storage.databasePath(of: node.id) {
                let stored = try #require(try SQLiteExecutedStateStore(path: database).load())
                #expect(stored.sequence == after.lastExecuted)
            }
        }
        try await group.shutdownGracefully()
    }
}
