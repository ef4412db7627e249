import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Replica
import Synchronization
import Verification

/// `bftcheck cluster bench-recovery --config FILE`: the durability figures of issue 12, measured in one
/// process with the config's n, f, batching, keys and ports (replicas on real loopback sockets, each on its
/// own event loop; SQLite files in a temporary directory):
///
/// 1. the cost of durability: closed-loop throughput with the executed state in memory, in SQLite with
///    fsync per batch (Castro & Liskov, TOCS 2002 §6.1), and in SQLite with the write-ahead log synced per
///    input too (§4.6), each as a ratio to the first;
/// 2. recovery: a backup crashes, the others execute `--requests` requests, the backup restarts from its
///    write-ahead log and its database, and the time until it has executed everything the others had when
///    it came back — by state transfer (OSDI '99 §4.3), with the clients still running.
struct ClusterRecoveryBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-recovery",
        abstract: "Measure the cost of durable executed state and how fast a crashed backup rejoins (in one process, on loopback).",
        discussion: """
            Prints throughput in memory, in SQLite with fsync per batch, and with the write-ahead log synced per \
            input too (ratios to the first, same run); then crashes the last replica, runs --requests requests \
            on the others, restarts it from its log and database and prints the time until it caught up.
            """)

    @Option(help: "The cluster config (written by 'cluster keys'): n, f, batching, keys, ports.") var config: String
    @Option(parsing: .unconditional, help: "Requests per throughput run, and executed while the backup is down.") var requests = 100_000
    @Option(parsing: .unconditional, help: "Concurrent clients (each with one request outstanding).") var clients = 64

    /// One throughput measurement.
    struct Measurement {
        var name: String
        var completed: Int
        var seconds: Double
        var throughput: Double { Double(completed) / seconds }
    }

    func run() throws {
        let file = try ClusterConfigs.read(config, key: "--config")
        let requests = try Inputs.benchRequests.validate(requests)
        let clients = try Inputs.benchClients.validate(clients)
        guard clients <= file.clientCount else {
            throw InputError(nil, nil, key: "--clients", "the config has keys for \(file.clientCount) clients, got \(clients)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bftcheck-recovery-\(getpid())").path
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configuration = file.configuration
        print(
            "n = \(configuration.replicaCount), f = \(configuration.faultTolerance), batch \(configuration.batchSize), "
                + "K = \(configuration.checkpointInterval), L = \(configuration.window), \(clients) clients, "
                + "\(ProcessInfo.processInfo.activeProcessorCount) cores, scratch \(scratch)")
        var measurements: [Measurement] = []
        for (name, storage, wal) in [
            ("in memory", ExecutedStateStorage.inMemory, false),
            ("SQLite, fsync per batch", .sqlite(directory: "\(scratch)/sqlite"), false),
            ("SQLite + WAL, fsync per batch and input", .sqlite(directory: "\(scratch)/sqlite-wal"), true),
        ] {
            let measurement = try BlockingTask.run {
                try await Self.throughput(
                    name: name, file: file, storage: storage, wal: wal ? "\(scratch)/wal-\(name.count)" : nil, requests: requests,
                    clients: clients)
            }
            measurements.append(measurement)
            print(
                String(
                    format: "%@ %9d requests in %7.2f s: %9.0f tx/s (%.3f of in memory)",
                    name.padding(toLength: 40, withPad: " ", startingAt: 0) as NSString, measurement.completed,
                    measurement.seconds, measurement.throughput, measurement.throughput / measurements[0].throughput))
        }
        let recovery = try BlockingTask.run {
            try await Self.recovery(file: file, directory: "\(scratch)/recovery", requests: requests, clients: clients)
        }
        print(recovery)
    }

    // MARK: Runs

    /// The replicas of `file` on 127.0.0.1, each on its own event loop, connected to each other.
    static func startReplicas(
        _ file: ClusterConfigFile, storage: ExecutedStateStorage, wal: String?, group: MultiThreadedEventLoopGroup
    ) async throws -> [ReplicaNode] {
        if case .sqlite(let directory) = storage {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if let wal { try FileManager.default.createDirectory(atPath: wal, withIntermediateDirectories: true) }
        let configuration = try file.storing(in: storage).configuration
        var nodes: [ReplicaNode] = []
        for replica in configuration.replicas {
            nodes.append(
                try await ReplicaNode.start(
                    configuration: configuration, id: replica, keyring: file.keyring, host: ClusterConfigFile.host,
                    port: file.port(of: replica), writeAheadLog: wal.map { "\($0)/\(replica).wal" }, tracing: false,
                    logger: quietLogger, eventLoop: group.next()))
        }
        let addresses = try addresses(of: file)
        for node in nodes { try await node.connect(to: addresses) }
        return nodes
    }

    /// The replicas' logger: warnings and worse (connections dropped by the crash are expected).
    static var quietLogger: Logger {
        var logger = Logger(label: "bftcheck.replica")
        logger.logLevel = .warning
        return logger
    }

    static func addresses(of file: ClusterConfigFile) throws -> [ReplicaID: SocketAddress] {
        var addresses: [ReplicaID: SocketAddress] = [:]
        for replica in file.configuration.replicas {
            addresses[replica] = try SocketAddress(ipAddress: ClusterConfigFile.host, port: file.port(of: replica))
        }
        return addresses
    }

    static func connectClients(
        _ file: ClusterConfigFile, count: Int, firstID: Int, nonce: UInt64, group: EventLoopGroup
    ) async throws
        -> [ClientNode]
    {
        let addresses = try addresses(of: file)
        var nodes: [ClientNode] = []
        for index in firstID..<firstID + count {
            nodes.append(
                try await ClientNode.connect(
                    id: ClientID(UInt32(index)), configuration: file.configuration, keyring: file.keyring, addresses: addresses,
                    firstTimestamp: nonce, eventLoop: group.next()))
        }
        return nodes
    }

    /// The clients' shared counters: requests handed out, and whether to stop.
    final class Tickets: Sendable {
        let issued = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
    }

    /// Runs the clients closed-loop until `requests` were issued, or, when `requests` is nil, until
    /// `tickets.stop` is set.
    ///
    /// - Returns: how many completed.
    static func drive(_ nodes: [ClientNode], requests: Int?, tickets: Tickets = Tickets()) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { tasks in
            for node in nodes {
                tasks.addTask {
                    let operation = Array("r\(node.id.number)".utf8)
                    var completed = 0
                    while true {
                        if let requests, tickets.issued.add(1, ordering: .relaxed).oldValue >= requests { break }
                        if requests == nil, tickets.stop.load(ordering: .relaxed) { break }
                        _ = try await node.submit(operation)
                        completed += 1
                    }
                    return completed
                }
            }
            var total = 0
            for try await completed in tasks { total += completed }
            return total
        }
    }

    static func throughput(
        name: String, file: ClusterConfigFile, storage: ExecutedStateStorage, wal: String?, requests: Int, clients: Int
    ) async throws -> Measurement {
        let replicaGroup = MultiThreadedEventLoopGroup(numberOfThreads: file.configuration.replicaCount)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let nodes = try await startReplicas(file, storage: storage, wal: wal, group: replicaGroup)
        let nonce = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        let clientNodes = try await connectClients(file, count: clients, firstID: 0, nonce: nonce, group: clientGroup)
        let start = ContinuousClock.now
        let completed = try await drive(clientNodes, requests: requests)
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        for node in clientNodes { try? await node.close() }
        for node in nodes { try? await node.close() }
        try? await clientGroup.shutdownGracefully()
        try? await replicaGroup.shutdownGracefully()
        return Measurement(name: name, completed: completed, seconds: elapsed)
    }

    /// Crash the last replica after a warm-up, run `requests` requests on the others, restart it from its
    /// log and database with the clients still running, and time its catching up.
    static func recovery(file: ClusterConfigFile, directory: String, requests: Int, clients: Int) async throws -> String {
        let storage = ExecutedStateStorage.sqlite(directory: "\(directory)/data")
        let wal = "\(directory)/wal"
        let replicaGroup = MultiThreadedEventLoopGroup(numberOfThreads: file.configuration.replicaCount)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var nodes = try await startReplicas(file, storage: storage, wal: wal, group: replicaGroup)
        let nonce = UInt64(Date().timeIntervalSince1970 * 1_000_000)
        let clientNodes = try await connectClients(file, count: clients, firstID: 0, nonce: nonce, group: clientGroup)
        let backup = file.configuration.replicas.last!
        _ = try await drive(clientNodes, requests: clients * 4)
        let before = try await nodes[backup.index].status()
        // The crash: its sockets close, it takes no more inputs; its log and database stay on disk.
        try await nodes[backup.index].close()
        let downStart = ContinuousClock.now
        _ = try await drive(clientNodes, requests: requests)
        let downSeconds = (ContinuousClock.now - downStart) / .seconds(1)
        var target = SequenceNumber.genesis
        for node in nodes where node.id != backup { target = max(target, try await node.status().lastExecuted) }
        // Load goes on while it rejoins: new checkpoints become stable and it fetches one (§4.3).
        let tickets = Tickets()
        let load = Task { try await drive(clientNodes, requests: nil, tickets: tickets) }
        let restartStart = ContinuousClock.now
        let configuration = try file.storing(in: storage).configuration
        let restarted = try await ReplicaNode.start(
            configuration: configuration, id: backup, keyring: file.keyring, host: ClusterConfigFile.host, port: file.port(of: backup),
            writeAheadLog: "\(wal)/\(backup).wal", tracing: false, logger: quietLogger, eventLoop: replicaGroup.next())
        let replayed = (ContinuousClock.now - restartStart) / .seconds(1)
        try await restarted.connect(to: try addresses(of: file))
        nodes[backup.index] = restarted
        var status = try await restarted.status()
        let deadline = ContinuousClock.now + .seconds(300)
        while status.lastExecuted < target, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
            status = try await restarted.status()
        }
        let rejoined = (ContinuousClock.now - restartStart) / .seconds(1)
        tickets.stop.store(true, ordering: .relaxed)
        let trickled = try await load.value
        for node in clientNodes { try? await node.close() }
        for node in nodes { try? await node.close() }
        try? await clientGroup.shutdownGracefully()
        try? await replicaGroup.shutdownGracefully()
        guard status.lastExecuted >= target else {
            Terminal.error("bench-recovery: the restarted \(backup) reached \(status.lastExecuted) of \(target) within 300 s")
            throw ExitCode(1)
        }
        func format(_ value: Double) -> String { String(format: "%.3f", value) }
        return "recovery: \(backup) crashed having executed through \(before.lastExecuted); the others executed \(requests) requests "
            + "in \(format(downSeconds)) s, through \(target); \(backup) restarted from its log and database in \(format(replayed)) s "
            + "(log replay) and had executed through \(status.lastExecuted) (stable checkpoint \(status.stableCheckpoint)) "
            + "\(format(rejoined)) s after the restart, while \(trickled) more requests ran"
    }
}
