import Conformance
import Foundation
import NIOCore
import NIOPosix
import Replica
import Testing

/// Four replicas and a client in one process on 127.0.0.1, over real TCP sockets with the binary codec,
/// MACs and signatures (Castro & Liskov, OSDI '99 §4; TOCS 2002 §3.2). Bounded by counts: a fixed number
/// of requests, each awaited; no sleeps decide the outcome.
@Suite(.serialized) struct TransportTests {
    static let requests = 30

    struct Cluster {
        let group: MultiThreadedEventLoopGroup
        let configuration: ReplicaConfiguration
        let keyring: ClusterKeyring
        let nodes: [ReplicaNode]
        var addresses: [ReplicaID: SocketAddress] { Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.localAddress) }) }

        static func start(
            interval: UInt64 = 8, window: UInt64 = 16, logDirectory: String? = nil, retransmitInterval: Duration? = nil,
            storage: ExecutedStateStorage = .inMemory, tracing: Bool = true, clients: Int = 1
        ) async throws -> Cluster {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
            let configuration = try ReplicaConfiguration(
                replicaCount: 4, faultTolerance: 1, checkpointInterval: interval, window: window, batchSize: 1,
                batchTimeout: .milliseconds(1),
                viewChangeTimeout: .seconds(5), stateFetchTimeout: .seconds(1), retransmitInterval: retransmitInterval, storage: storage)
            let keyring = ClusterKeyring.generate(replicaCount: 4, clientCount: clients)
            var nodes: [ReplicaNode] = []
            for replica in configuration.replicas {
                nodes.append(
                    try await ReplicaNode.start(
                        configuration: configuration, id: replica, keyring: keyring,
                        writeAheadLog: logDirectory.map { "\($0)/\(replica).wal" }, tracing: tracing,
                        eventLoop: group.next()))
            }
            let cluster = Cluster(group: group, configuration: configuration, keyring: keyring, nodes: nodes)
            for node in nodes { try await node.connect(to: cluster.addresses) }
            return cluster
        }

        func stop() async throws {
            for node in nodes { try await node.close() }
            try await group.shutdownGracefully()
        }

        /// Submits `requests` increments from one client, then takes every node down and returns
        /// each node's status as it went down. The nodes are closed before their statuses are read,
        /// so that no input arrives in between (the replicas the client did not wait for may still be
        /// handling COMMITs and CHECKPOINTs).
        func submitThenStop(requests: Int) async throws -> [ReplicaNode.Status] {
            let client = try await ClientNode.connect(
                id: ClientID(0), configuration: configuration, keyring: keyring, addresses: addresses, eventLoop: group.next())
            for _ in 1...requests { _ = try await client.submit(Array("counter-0".utf8)) }
            try await client.close()
            for node in nodes { try await node.close() }
            var statuses: [ReplicaNode.Status] = []
            for node in nodes { statuses.append(try await node.status()) }
            try await group.shutdownGracefully()
            return statuses
        }
    }

    @Test func fourReplicasOrderRequestsOverLoopback() async throws {
        let cluster = try await Cluster.start()
        let client = try await ClientNode.connect(
            id: ClientID(0), configuration: cluster.configuration, keyring: cluster.keyring, addresses: cluster.addresses,
            eventLoop: cluster.group.next())
        let started = ContinuousClock.now
        for index in 1...Self.requests {
            let result = try await client.submit(Array("counter-0".utf8))
            #expect(String(decoding: result, as: UTF8.self) == "counter-0=\(index)")
        }
        let elapsed = ContinuousClock.now - started
        print("loopback: \(Self.requests) requests, one at a time, in \(elapsed)")
        var statuses: [ReplicaNode.Status] = []
        for node in cluster.nodes { statuses.append(try await node.status()) }
        // f + 1 replied to each request; at least a quorum executed them all.
        #expect(statuses.filter { $0.lastExecuted == SequenceNumber(UInt64(Self.requests)) }.count >= 2)
        for status in statuses {
            #expect(status.counters.malformedFrames == 0 && status.counters.authenticationFailures == 0)
            #expect(status.view == .initial)
        }
        #expect(statuses.contains { $0.stableCheckpoint >= SequenceNumber(16) })
        try await client.close()
        try await cluster.stop()
    }

    @Test func malformedAndForgedFramesAreCountedAndTheReplicaGoesOn() async throws {
        let cluster = try await Cluster.start()
        let target = cluster.nodes[1]
        let loop = cluster.group.next()
        func raw(_ bytes: [UInt8]) async throws -> Channel {
            let channel = try await ClientBootstrap(group: loop).connect(to: target.localAddress).get()
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
            return channel
        }
        // An oversized length prefix: the replica closes the connection.
        let oversized = try await raw([0xFF, 0xFF, 0xFF, 0xFF])
        try await oversized.closeFuture.get()
        // A well-formed frame of an unknown version: closed too.
        let unknown = try await raw([0, 0, 0, 2, 9, 9])
        try await unknown.closeFuture.get()
        // A hello that claims to be replica 2 without its key: refused, counted, connection kept.
        let codec = WireCodec()
        let forged = Envelope(
            sender: .replica(ReplicaID(2)), message: .hello(.replica(ReplicaID(2))), authenticator: Array(repeating: 0, count: 32))
        let liar = try await raw(codec.encode(forged))
        // Then the real client still gets its request ordered.
        let client = try await ClientNode.connect(
            id: ClientID(0), configuration: cluster.configuration, keyring: cluster.keyring, addresses: cluster.addresses, eventLoop: loop)
        #expect(String(decoding: try await client.submit(Array("counter-0".utf8)), as: UTF8.self) == "counter-0=1")
        // The liar's frame may still be in flight: look again, a bounded number of times.
        var status = try await target.status()
        for _ in 0..<1_000 where status.counters.authenticationFailures == 0 { status = try await target.status() }
        #expect(status.counters.malformedFrames == 2)
        #expect(status.counters.authenticationFailures == 1)
        try await liar.close()
        try await client.close()
        try await cluster.stop()
    }

    /// Who may send on a connection: one replica, or the clients that greeted on it.
    @Test func aConnectionAdmitsOneReplicaOrTheClientsThatGreeted() {
        var clients = ConnectionPeers()
        #expect(clients.isEmpty && !clients.admits(.client(ClientID(0))))
        #expect(clients.greet(.client(ClientID(0))) && clients.greet(.client(ClientID(2))) && clients.greet(.client(ClientID(0))))
        #expect(clients.admits(.client(ClientID(0))) && clients.admits(.client(ClientID(2))) && !clients.admits(.client(ClientID(1))))
        #expect(!clients.greet(.replica(ReplicaID(1))) && !clients.admits(.replica(ReplicaID(1))))
        var replica = ConnectionPeers()
        #expect(replica.greet(.replica(ReplicaID(1))) && replica.greet(.replica(ReplicaID(1))))
        #expect(!replica.greet(.replica(ReplicaID(2))) && !replica.greet(.client(ClientID(0))))
        #expect(replica == ConnectionPeers(replica: ReplicaID(1)) && replica.admits(.replica(ReplicaID(1))))
        #expect(!replica.admits(.replica(ReplicaID(2))) && !replica.admits(.client(ClientID(0))))
    }

    /// Three clients hosted by one node share its connection to each replica and complete their requests
    /// concurrently, each with its own results; on a connection where only c0 greeted, a request that c2
    /// MAC'd correctly is still refused, and counted.
    @Test func clientsShareAConnectionPerReplicaAndOnlyThoseThatGreetedMaySendOnIt() async throws {
        let cluster = try await Cluster.start(clients: 3)
        let ids = (0..<3).map { ClientID(UInt32($0)) }
        let host = try await ClientNode.connect(
            ids: ids, configuration: cluster.configuration, keyring: cluster.keyring, addresses: cluster.addresses,
            eventLoop: cluster.group.next())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for id in ids {
                tasks.addTask {
                    for index in 1...5 {
                        let result = try await host.submit(Array("counter-\(id.number)".utf8), as: id)
                        #expect(String(decoding: result, as: UTF8.self) == "counter-\(id.number)=\(index)")
                    }
                }
            }
            try await tasks.waitForAll()
        }
        await #expect(throws: ClientError.notHosted(ClientID(7))) { try await host.submit([1], as: ClientID(7)) }
        try await host.close()
        let target = cluster.nodes[1]
        let before = try await target.status().counters.authenticationFailures
        let c0 = try cluster.keyring.authenticator(for: .client(ClientID(0)))
        let c2 = try cluster.keyring.authenticator(for: .client(ClientID(2)))
        var frames = try c0.sealedFrames(.hello(.client(ClientID(0))), to: [.replica(target.id)])
        frames += try c2.sealedFrames(.request(request(2, 99, "counter-2")), to: [.replica(target.id)])
        let channel = try await ClientBootstrap(group: cluster.group.next()).connect(to: target.localAddress).get()
        try await channel.writeAndFlush(ByteBuffer(bytes: frames.joined())).get()
        var status = try await target.status()
        for _ in 0..<1_000 where status.counters.authenticationFailures == before { status = try await target.status() }
        #expect(status.counters.authenticationFailures == before + 1)
        #expect(status.counters.malformedFrames == 0)
        try await channel.close()
        try await cluster.stop()
    }

    /// The host model's formula on round numbers: per transaction n·e + c_req + n·c_rep, per batch
    /// (n − 1)·c_pp + (n − 1)·s_p + (n − 1)²·c_p + n(n − 1)·c_c, over β; bytes likewise.
    @Test func theHostModelCountsEachMessageOfTheNormalCase() {
        let model = HostThroughputModel(
            cores: 2, bandwidth: 1e9, requestSeconds: 1e-6, request: .init(seconds: 2e-6, bytes: 100),
            reply: .init(seconds: 2e-6, bytes: 80),
            prePrepare: .init(seconds: 300e-6, bytes: 30_000), prepare: .init(seconds: 70e-6, bytes: 120), prepareSignatureSeconds: 20e-6,
            commit: .init(seconds: 2e-6, bytes: 100), batchSize: 256)
        func close(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) <= 1e-9 * expected }
        // n = 4: 4·1 + 2 + 4·2 µs, and (3·300 + 3·20 + 9·70 + 12·2) / 256 µs.
        #expect(close(model.cpuSecondsPerTransaction(replicas: 4), 14e-6 + 1_614e-6 / 256))
        #expect(close(model.bytesPerTransaction(replicas: 4), 420 + 92_280.0 / 256))
        #expect(close(model.cpuBound(replicas: 4), 2 / (14e-6 + 1_614e-6 / 256)))
        #expect(close(model.bandwidthBound(replicas: 4), 1e9 / (420 + 92_280.0 / 256)))
        #expect(model.bound(replicas: 4) == model.cpuBound(replicas: 4))
        // n = 7: (6·300 + 6·20 + 36·70 + 42·2) / 256 per batch.
        #expect(close(model.cpuSecondsPerTransaction(replicas: 7), 7e-6 + 2e-6 + 14e-6 + 4_524e-6 / 256))
        var narrow = model
        narrow.bandwidth = 1e6
        #expect(narrow.bound(replicas: 4) == narrow.bandwidthBound(replicas: 4))
        var unbatched = model
        unbatched.batchSize = 1
        #expect(unbatched.cpuBound(replicas: 4) < model.cpuBound(replicas: 4) / 50)
    }

    /// The host model's calibration measures every cost it names: positive and finite, frames of the sizes
    /// the codec gives, a PRE-PREPARE carrying the whole batch.
    @Test func theCalibrationMeasuresEveryCostOfTheHostModel() async throws {
        let configuration = try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, batchSize: 16)
        let model = try await HostCostCalibration.measure(
            configuration: configuration, operationBytes: 64, cores: 2, iterations: 50, batches: 4, loopbackBytes: 4 << 20)
        for cost in [model.request, model.reply, model.prePrepare, model.prepare, model.commit] {
            #expect(cost.seconds.isFinite && cost.seconds >= 0 && cost.bytes > 0)
        }
        #expect(model.request.bytes > 64 && model.prePrepare.bytes > 16 * 64)
        #expect(model.prepare.bytes > model.commit.bytes)  // a PREPARE carries its own signature
        #expect(model.prePrepare.seconds > 0 && model.requestSeconds > 0 && model.prepareSignatureSeconds > 0)
        #expect(model.bandwidth.isFinite && model.bandwidth > 0 && model.cores == 2 && model.batchSize == 16)
        #expect(model.bound(replicas: 4) > 0 && model.bound(replicas: 4).isFinite)
    }

    @Test func aLoopbackRunConformsToTheSpec() async throws {
        let cluster = try await Cluster.start(interval: 2, window: 4)
        let client = try await ClientNode.connect(
            id: ClientID(0), configuration: cluster.configuration, keyring: cluster.keyring, addresses: cluster.addresses,
            eventLoop: cluster.group.next())
        for _ in 1...4 { _ = try await client.submit(Array("counter-0".utf8)) }
        try await client.close()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-loopback-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let header = TraceRunHeader(configuration: cluster.configuration, implementation: "bftcheck Replica over NIO loopback")
        var paths: [String] = []
        for node in cluster.nodes {
            let lines = [header.line(for: node.id)] + (try await node.status()).traceLines
            let path = "\(root)/\(node.id).ndjson"
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        try await cluster.stop()
        let report = try TraceValidator(codec: PBFTTraceCodec()).validate(paths: paths)
        #expect(report.isConformant, "\(report.text)")
        #expect(report.events > 100)
    }

    /// Every node restarts from its log (and, with SQLite, its database, which ends where the node is).
    @Test(arguments: [false, true])
    func aReplicaRestartsFromItsWriteAheadLog(sqlite: Bool) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-wal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(root)/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage: ExecutedStateStorage = sqlite ? .sqlite(directory: "\(root)/data") : .inMemory
        let cluster = try await Cluster.start(interval: 2, window: 4, logDirectory: root, storage: storage)
        let statuses = try await cluster.submitThenStop(requests: 6)
        // Every node is down; each restarts from its log alone and is where it was.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        for (node, before) in zip(cluster.nodes, statuses) {
            let restarted = try await ReplicaNode.start(
                configuration: cluster.configuration, id: node.id, keyring: cluster.keyring, writeAheadLog: "\(root)/\(node.id).wal",
                eventLoop: group.next())
            let after = try await restarted.status()
            #expect(after.lastExecuted == before.lastExecuted && after.view == before.view)
            #expect(after.stableCheckpoint == before.stableCheckpoint)
            #expect(after.traceLines == before.traceLines)
            #expect(before.logFailure == nil)
            try await restarted.close()
            if let path = storage.databasePath(of: node.id) {
                let stored = try #require(try SQLiteExecutedStateStore(path: path).load())
                #expect(stored.sequence == after.lastExecuted && stored.clients.first?.timestamp == after.lastExecuted.number)
            }
        }
        try await group.shutdownGracefully()
    }

    @Test func peersDialARestartedReplicaAgainAndItCatchesUp() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-redial-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cluster = try await Cluster.start(interval: 2, window: 4, logDirectory: root, retransmitInterval: .milliseconds(20))
        let client = try await ClientNode.connect(
            id: ClientID(0), configuration: cluster.configuration, keyring: cluster.keyring, addresses: cluster.addresses,
            eventLoop: cluster.group.next())
        for _ in 1...4 { _ = try await client.submit(Array("counter-0".utf8)) }
        // r3 goes down: the others' connections to it drop, and they keep dialling it with backoff while
        // the three of them go on.
        let old = cluster.nodes[3]
        try await old.close()
        for _ in 1...2 { _ = try await client.submit(Array("counter-0".utf8)) }
        // r3 restarts from its log on the same port and dials the others; they dial it again on their own.
        let restarted = try await ReplicaNode.start(
            configuration: cluster.configuration, id: old.id, keyring: cluster.keyring, port: old.localAddress.port!,
            writeAheadLog: "\(root)/\(old.id).wal", eventLoop: cluster.group.next())
        try await restarted.connect(to: cluster.addresses.filter { $0.key != old.id })
        for _ in 1...6 { _ = try await client.submit(Array("counter-0".utf8)) }
        try await client.close()
        // Everything r3 learns now comes over the connections the others re-established: it reaches
        // sequence number 12 (bounded wait; reaching it, not the time taken, is what is checked).
        let deadline = ContinuousClock.now + .seconds(20)
        var caughtUp = try await restarted.status()
        while caughtUp.lastExecuted < SequenceNumber(12), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            caughtUp = try await restarted.status()
        }
        #expect(caughtUp.lastExecuted >= SequenceNumber(12))
        for node in cluster.nodes.prefix(3) {
            let status = try await node.status()
            #expect(status.counters.reconnections >= 1, "\(node.id)")
        }
        try await restarted.close()
        try await cluster.stop()
    }
}
