import Conformance
import Foundation
import Testing

@testable import Replica

/// Restart recovery (Castro & Liskov, TOCS 2002 §4.6): a replica that crashes mid-run restarts from its
/// write-ahead log and its SQLite database, gets what it missed from its peers (retransmission, state
/// transfer, OSDI '99 §4.3), and never contradicts what it sent before the crash. Every run's safety
/// checks hold, the databases of all replicas end equal, and the oracle accepts every replica's trace.
@Suite struct RecoveryTests {
    /// A run of `scenario` (SQLite stores in a fresh directory), settled, checked and judged.
    struct Run {
        var outcome: SimulationOutcome
        /// The stored state of each replica that has a store.
        var stored: [ReplicaID: ExecutedState]
        /// Events the oracle accepted.
        var judgedEvents: Int
        /// `send` lines that repeat a message their replica sent before: retransmissions.
        var resentMessages: Int
    }

    static func run(_ scenario: (ExecutedStateStorage) throws -> SimulationScenario) throws -> Run {
        let root = try ExecutedStateStoreTests.temporaryDirectory("recovery")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: "\(root)/data", withIntermediateDirectories: true)
        var simulator = try ClusterSimulator(scenario: try scenario(.sqlite(directory: "\(root)/data")))
        _ = simulator.run()
        let outcome = simulator.settle(for: .seconds(2))
        #expect(outcome.holds, "\(outcome.reproduction): \(outcome.violations.map(\.description).joined(separator: "; "))")
        var stored: [ReplicaID: ExecutedState] = [:]
        for replica in simulator.replicas {
            guard let state = try simulator.storedState(of: replica.id) else { continue }
            // What the database holds is what the replica executed, and digests like its checkpoint would.
            #expect(state == replica.executedState, "\(outcome.reproduction): \(replica.id)")
            stored[replica.id] = state
        }
        // The generic trace validator with the PBFT codec judges runs of any length (ReplicaValidatorTests).
        let files = simulator.traceFiles().map { (name: $0.name, text: $0.contents) }
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(texts: files, options: ValidationOptions())
        #expect(report.isConformant, "\(outcome.reproduction)\n\(report.text)")
        var resent = 0
        for file in files {
            var seen = Set<Substring>()
            for line in file.text.split(separator: "\n") where line.contains(#""event":"send""#) {
                guard let content = line.range(of: #""message":"#) else { continue }
                if !seen.insert(line[content.lowerBound...]).inserted { resent += 1 }
            }
        }
        return Run(outcome: outcome, stored: stored, judgedEvents: report.events, resentMessages: resent)
    }

    /// Without the retransmission timer by default: a restarted replica then catches up through the
    /// clients' retransmissions and state transfer (`retransmit` turns the replicas' timer on; the
    /// validator takes a re-sent message as no step).
    static func configuration(storage: ExecutedStateStorage, retransmit: Bool = false) throws -> ReplicaConfiguration {
        try ReplicaConfiguration(
            replicaCount: 4, faultTolerance: 1, checkpointInterval: 2, window: 4, batchSize: 1, batchTimeout: .milliseconds(2),
            viewChangeTimeout: .milliseconds(300), stateFetchTimeout: .milliseconds(100),
            retransmitInterval: retransmit ? .milliseconds(50) : nil, storage: storage)
    }

    /// A backup crashes mid-run and restarts 40 ms later from its log (torn last record cut off) and its
    /// database; it catches up and every database ends at 12 batches with one digest.
    @Test func backupCrashedMidRunRestartsFromItsLogAndDatabase() throws {
        for seed in UInt64(1)...6 {
            let result = try Self.run { storage in
                SimulationScenario(
                    configuration: try Self.configuration(storage: storage), seed: seed, clientCount: 3, requestsPerClient: 4,
                    faults: [ReplicaID(2): .restarts(at: .milliseconds(Int64(10 + 3 * seed)), downtime: .milliseconds(40))])
            }
            #expect(result.outcome.completedRequests == 12 && result.outcome.restarts == 1 && result.outcome.tornTails == 1)
            #expect(result.stored.count == 4)
            #expect(result.stored.values.allSatisfy { $0.sequence == SequenceNumber(12) })
            #expect(Set(try result.stored.values.map { try $0.digest(as: CounterService.self) }).count == 1)
            #expect(result.stored[ReplicaID(2)]?.clients.map(\.timestamp) == [4, 4, 4])
        }
    }

    /// The same with the replicas' retransmission timer on (and a longer downtime): their logs repeat
    /// sends, which the validator accepts as retransmissions (Docs/trace-format.md, `send`); every
    /// request completes.
    @Test func backupRestartsWithRetransmissionOn() throws {
        var resent = 0
        for seed in UInt64(1)...4 {
            let result = try Self.run { storage in
                SimulationScenario(
                    configuration: try Self.configuration(storage: storage, retransmit: true), seed: seed, clientCount: 3,
                    requestsPerClient: 4,
                    faults: [ReplicaID(2): .restarts(at: .milliseconds(Int64(10 + 3 * seed)), downtime: .milliseconds(120))])
            }
            #expect(result.outcome.completedRequests == 12 && result.outcome.restarts == 1)
            resent += result.resentMessages
        }
        #expect(resent > 0)
    }

    /// The primary crashes and restarts: the backups may change view meanwhile; the restarted primary
    /// replays its PRE-PREPAREs exactly (never a second batch at a sequence number it assigned), comes
    /// back in a view no lower than before, and every request completes once.
    @Test func primaryCrashedAndRestarted() throws {
        var viewChanges = 0
        for seed in UInt64(1)...6 {
            let result = try Self.run { storage in
                SimulationScenario(
                    configuration: try Self.configuration(storage: storage), seed: seed, clientCount: 2, requestsPerClient: 4,
                    faults: [
                        ReplicaID(0): .restarts(
                            at: .milliseconds(Int64(3 + 2 * seed)), downtime: .milliseconds(Int64(100 + 300 * (seed % 3))))
                    ])
            }
            #expect(result.outcome.completedRequests == 8 && result.outcome.restarts == 1)
            #expect(Set(try result.stored.values.map { try $0.digest(as: CounterService.self) }).count == 1)
            #expect(result.stored.values.allSatisfy { $0.clients.map(\.timestamp) == [4, 4] })
            if result.outcome.highestView > .initial { viewChanges += 1 }
        }
        #expect(viewChanges > 0, "no schedule made the backups replace the crashed primary")
    }

    /// Every restart tears the record being written; the torn tail is cut off and the replica still
    /// recovers, with a lossy network and no retransmission timer (clients' retransmissions and state
    /// transfer bring it back).
    @Test func tornLastRecordWithALossyNetwork() throws {
        var torn = 0
        for seed in UInt64(1)...6 {
            let result = try Self.run { storage in
                SimulationScenario(
                    configuration: try Self.configuration(storage: storage), seed: seed, clientCount: 2,
                    requestsPerClient: 5,
                    network: NetworkConditions(
                        minimumDelay: .milliseconds(1), maximumDelay: .milliseconds(10), dropRate: 0.02, duplicateRate: 0.05),
                    faults: [ReplicaID(Int(1 + seed % 3)): .restarts(at: .milliseconds(Int64(15 + seed)), downtime: .milliseconds(30))],
                    eventLimit: 50_000, timeLimit: .seconds(30))
            }
            torn += result.outcome.tornTails
            #expect(result.outcome.restarts == 1)
        }
        #expect(torn == 6)
    }

    /// The crash lands after the log's sync and before the store's commit of the input being handled (the
    /// simulator's in-memory stores lose that input's commits): recovery redoes the lost batches from the
    /// replay and every store ends equal to its replica's state.
    @Test func commitsLostAtTheCrashAreRedoneFromTheLog() throws {
        var redone = 0
        for seed in UInt64(1)...20 {
            var simulator = try ClusterSimulator(
                scenario: SimulationScenario(
                    configuration: try Self.configuration(storage: .inMemory), seed: seed, clientCount: 3, requestsPerClient: 4,
                    faults: [ReplicaID(Int(seed % 4)): .restarts(at: .milliseconds(Int64(5 + seed % 30)), downtime: .milliseconds(40))]))
            _ = simulator.run()
            let outcome = simulator.settle(for: .seconds(2))
            #expect(outcome.holds && outcome.restarts == 1, "\(outcome.reproduction): \(outcome.violations)")
            redone += outcome.redoneUpdates
            for replica in simulator.replicas {
                #expect(try simulator.storedState(of: replica.id) == replica.executedState, "\(outcome.reproduction)")
            }
        }
        #expect(redone > 0, "no crash fell between a log sync and a commit")
    }

    /// The same seed gives the same run: events, executed state and digests.
    @Test func recoveryRunsAreDeterministic() throws {
        func once() throws -> Run {
            try Self.run { storage in
                SimulationScenario(
                    configuration: try Self.configuration(storage: storage), seed: 5, clientCount: 2, requestsPerClient: 3,
                    faults: [ReplicaID(1): .restarts(at: .milliseconds(7), downtime: .milliseconds(25))])
            }
        }
        let (first, second) = (try once(), try once())
        #expect(first.outcome.events == second.outcome.events && first.outcome.elapsed == second.outcome.elapsed)
        #expect(first.stored == second.stored && first.judgedEvents == second.judgedEvents)
    }

    // MARK: The store against the log

    /// The inputs a backup logged in a short run, and the executed-state updates its machine made.
    static func loggedBackup() throws -> (inputs: [ReplicaInput], updates: [ExecutedStateUpdate], machine: PBFTStateMachine<CounterService>)
    {
        let inputs = try WriteAheadLogTests.recordedInputs()
        var machine = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(2))
        var updates: [ExecutedStateUpdate] = []
        for input in inputs {
            for case .persist(let update) in machine.apply(input) { updates.append(update) }
        }
        return (inputs, updates, machine)
    }

    /// A crash between the log's sync and the database's commit leaves the database behind: recovery
    /// applies the missing batches again and the database ends equal to the replayed state.
    @Test func databaseBehindTheLogIsBroughtUpToDate() throws {
        let directory = try ExecutedStateStoreTests.temporaryDirectory("behind")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (inputs, updates, original) = try Self.loggedBackup()
        #expect(updates.map(\.sequence) == [SequenceNumber(1), SequenceNumber(2), SequenceNumber(3)])
        for kept in 0...updates.count {
            var store = try SQLiteExecutedStateStore(path: "\(directory)/kept-\(kept).sqlite")
            for update in updates.prefix(kept) { try store.apply(update) }
            let recovery = try ReplicaRecovery<CounterService>.replay(
                configuration: try smallConfiguration(), id: ReplicaID(2), inputs: inputs, store: &store)
            #expect(recovery.redoneUpdates == updates.count - kept)
            #expect(recovery.storedThrough == (kept == 0 ? nil : SequenceNumber(UInt64(kept))))
            #expect(try store.load() == original.executedState)
            #expect(recovery.machine.view == original.view && recovery.machine.lastExecuted == SequenceNumber(3))
        }
    }

    /// A database ahead of the log (or from another run) is refused: the log must back every state.
    @Test func databaseTheLogDoesNotBackIsRefused() throws {
        let (inputs, updates, _) = try Self.loggedBackup()
        var ahead = InMemoryExecutedStateStore()
        for update in updates { ahead.apply(update) }
        let shortened = Array(
            inputs.prefix { input in
                if case .message(.commit(let vote), _) = input { vote.sequence < SequenceNumber(2) } else { true }
            })
        #expect(throws: ReplicaRecoveryError.self) {
            try ReplicaRecovery<CounterService>.replay(
                configuration: try smallConfiguration(), id: ReplicaID(2), inputs: shortened, store: &ahead)
        }
        var foreign = InMemoryExecutedStateStore()
        foreign.apply(
            ExecutedStateUpdate(
                sequence: SequenceNumber(1), history: .hashing([9]), writes: updates[0].writes, clients: updates[0].clients))
        #expect(throws: ReplicaRecoveryError.self) {
            try ReplicaRecovery<CounterService>.replay(
                configuration: try smallConfiguration(), id: ReplicaID(2), inputs: inputs, store: &foreign)
        }
    }

    // MARK: The contradiction check

    /// The simulator's check that a replica never contradicts itself catches each kind of contradiction.
    @Test func contradictionsAreCaught() {
        var ledger = SentMessageLedger()
        let one = ReplicaID(1)
        let vote = SlotVote(view: .initial, sequence: SequenceNumber(3), digest: .hashing([1]))
        #expect(ledger.note(.prepare(vote), from: one) == nil)
        #expect(ledger.note(.prepare(vote), from: one) == nil)
        #expect(ledger.note(.commit(vote), from: one) == nil)
        let other = SlotVote(view: .initial, sequence: SequenceNumber(3), digest: .hashing([2]))
        #expect(ledger.note(.prepare(other), from: ReplicaID(2)) == nil)
        #expect(ledger.note(.prepare(other), from: one)?.description.hasPrefix("contradiction: r1 sent PREPARE") == true)
        #expect(ledger.note(.commit(other), from: one)?.description.hasPrefix("contradiction: r1 sent COMMIT") == true)
        let viewChange = ViewChange(view: ViewNumber(2), checkpoint: .genesis, checkpointDigest: .zero, checkpointProof: [], prepared: [])
        #expect(ledger.note(.viewChange(viewChange), from: one) == nil)
        let stale = SlotVote(view: ViewNumber(1), sequence: SequenceNumber(4), digest: .hashing([1]))
        #expect(ledger.note(.prepare(stale), from: one)?.detail.contains("after VIEW-CHANGE for v2") == true)
        let lower = ViewChange(view: ViewNumber(1), checkpoint: .genesis, checkpointDigest: .zero, checkpointProof: [], prepared: [])
        #expect(ledger.note(.viewChange(lower), from: one)?.detail.contains("VIEW-CHANGE for v1 after one for v2") == true)
    }
}
