import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// Measures on this machine what a host-level throughput model of the normal case needs (Castro &
/// Liskov, OSDI '99 §4.1–4.2): the CPU one message of each kind costs end to end (sealed and framed by
/// its sender, decoded and opened by its receiver, with freshly generated keys of the kinds a cluster
/// uses: pairwise HMAC-SHA256, Ed25519), the CPU of one PREPARE signature, the protocol logic per
/// request of one replica (n state machines in one thread, every message delivered in order, no
/// sockets, MACs or signatures: ordering, digests, execution), and the loopback bandwidth. CPU is read
/// from the calling thread's CPU clock, so other processes' load does not count; iteration counts are
/// fixed, so the work measured is the same every time.
public enum HostCostCalibration {
    /// The host throughput model for `configuration` (its n, f and batch size) on `cores` cores, with the
    /// costs measured here for `operationBytes`-byte operations, repeating each message `iterations`
    /// times and ordering `batches` full batches.
    ///
    /// - Throws: `ConfigurationError` for a configuration the state machine refuses, and the socket's
    ///   error when the loopback measurement cannot connect.
    public static func measure(
        configuration: ReplicaConfiguration, operationBytes: Int, cores: Int, iterations: Int = 2_000, batches: Int = 40,
        loopbackBytes: Int = 256 << 20
    ) async throws -> HostThroughputModel {
        let keyring = ClusterKeyring.generate(replicaCount: 2, clientCount: 1)
        let primary = try keyring.authenticator(for: .replica(ReplicaID(0)))
        let backup = try keyring.authenticator(for: .replica(ReplicaID(1)))
        let client = try keyring.authenticator(for: .client(ClientID(0)))
        let operation = [UInt8](repeating: 0x78, count: operationBytes)
        let requests = (0..<configuration.batchSize).map {
            ClientRequest(client: ClientID(UInt32($0)), timestamp: 1, operation: operation)
        }
        let batch = RequestBatch(requests)
        let vote = SlotVote(view: .initial, sequence: SequenceNumber(1), digest: batch.digest)
        let result = Array("\(String(repeating: "x", count: operationBytes))=1".utf8)
        let reply = ClientReply(view: .initial, timestamp: 1, client: ClientID(0), replica: ReplicaID(0), result: result)
        let prePrepare = PrePrepare(view: .initial, sequence: SequenceNumber(1), batch: batch)
        var prepare = try messageCost(.protocolMessage(.prepare(vote)), from: backup, to: primary, iterations: iterations)
        let signature = cpuSeconds(iterations) { _ = backup.sign(WireCodec.signedBytes(ofPrepare: vote, by: ReplicaID(1))) }
        prepare.seconds = max(0, prepare.seconds - signature)
        return HostThroughputModel(
            cores: Double(cores), bandwidth: try await loopbackBandwidth(bytes: loopbackBytes),
            requestSeconds: try protocolSeconds(configuration: configuration, operation: operation, batches: batches),
            request: try messageCost(.request(requests[0]), from: client, to: primary, iterations: iterations),
            reply: try messageCost(.reply(reply), from: primary, to: client, iterations: iterations),
            prePrepare: try messageCost(
                .protocolMessage(.prePrepare(prePrepare)), from: primary, to: backup,
                iterations: max(1, iterations / configuration.batchSize)),
            prepare: prepare, prepareSignatureSeconds: signature,
            commit: try messageCost(.protocolMessage(.commit(vote)), from: backup, to: primary, iterations: iterations),
            batchSize: configuration.batchSize)
    }

    /// The calling thread's CPU seconds per run of `body`, over `iterations` runs.
    static func cpuSeconds(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = now()
        for _ in 0..<iterations { try body() }
        return (now() - start) / Double(iterations)
    }

    /// `message` sealed and framed by `sender` for `receiver`, then decoded and opened there.
    static func messageCost(
        _ message: WireMessage, from sender: Authenticator, to receiver: Authenticator, iterations: Int
    ) throws
        -> HostThroughputModel.MessageCost
    {
        let codec = WireCodec()
        let bytes = try sender.sealedFrames(message, to: [receiver.identity])[0].count
        let seconds = try cpuSeconds(iterations) {
            let frame = try sender.sealedFrames(message, to: [receiver.identity])[0]
            let (envelope, signed) = try codec.decodeFrame(Array(frame[4...]))
            _ = try receiver.open(envelope, covering: signed, from: sender.identity)
        }
        return HostThroughputModel.MessageCost(seconds: seconds, bytes: bytes)
    }

    /// CPU seconds per request of one replica: n state machines in this thread order `batches` full
    /// batches, every message delivered in the order sent; the total over n and the requests.
    static func protocolSeconds(
        configuration: ReplicaConfiguration, operation: [UInt8], batches: Int
    ) throws
        -> Double
    {
        var replicas = try configuration.replicas.map { try PBFTStateMachine<CounterService>(configuration: configuration, id: $0) }
        var queue: [(message: ProtocolMessage, from: ReplicaID, to: ReplicaID)] = []
        var next = 0
        func take(_ actions: [ReplicaAction], of replica: ReplicaID) {
            for case .send(let message, let destinations) in actions {
                for destination in destinations { queue.append((message, replica, destination)) }
            }
        }
        let clients = configuration.batchSize
        let seconds = cpuSeconds(batches) {
            for client in 0..<clients {
                let request = ClientRequest(client: ClientID(UInt32(client)), timestamp: UInt64(next / clients + 1), operation: operation)
                next += 1
                take(replicas[0].receive(request: request), of: ReplicaID(0))
            }
            var index = 0
            while index < queue.count {
                let (message, sender, receiver) = queue[index]
                index += 1
                take(replicas[receiver.index].receive(message, from: sender), of: receiver)
            }
            queue.removeAll(keepingCapacity: true)
        }
        return seconds / Double(clients * configuration.replicaCount)
    }

    /// Bytes per second through one loopback TCP connection: `bytes` written in 64 KiB buffers by one
    /// event loop and read (and dropped) by another.
    static func loopbackBandwidth(bytes: Int) async throws -> Double {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let loops = (group.next(), group.next())
        let done = loops.0.makePromise(of: Void.self)
        let server = try await ServerBootstrap(group: loops.0)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Sink(expected: bytes, done: done)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let client = try await ClientBootstrap(group: loops.1).connect(to: server.localAddress!).get()
        let chunk = ByteBuffer(repeating: 0x5a, count: 64 << 10)
        let started = ContinuousClock.now
        try await loops.1.submit {
            var left = bytes
            while left > 0 {
                var piece = chunk
                if left < piece.readableBytes { piece = piece.getSlice(at: 0, length: left)! }
                left -= piece.readableBytes
                client.write(piece, promise: nil)
            }
            client.flush()
        }.get()
        try await done.futureResult.get()
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
        return Double(bytes) / elapsed
    }

    /// Reads and drops bytes; completes `done` once `expected` arrived.
    final class Sink: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let expected: Int
        let done: EventLoopPromise<Void>
        let received = Atomic<Int>(0)

        init(expected: Int, done: EventLoopPromise<Void>) {
            self.expected = expected
            self.done = done
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let count = unwrapInboundIn(data).readableBytes
            let total = received.add(count, ordering: .relaxed).newValue
            if total >= expected, total - count < expected { done.succeed(()) }
        }
    }
}
