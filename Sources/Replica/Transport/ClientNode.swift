import NIOCore
import NIOPosix

/// A client on real sockets: a `PBFTClient` over one authenticated connection to each replica
/// (Castro & Liskov, OSDI '99 §4.1). `submit(_:)` completes when f + 1 replicas replied the same result.
public final class ClientNode: Sendable {
    /// This client.
    public let id: ClientID
    let eventLoop: EventLoop
    let codec: WireCodec
    let authenticator: Authenticator
    let state: NIOLoopBoundBox<State>

    struct State {
        var machine: PBFTClient
        var channels: [ReplicaID: Channel] = [:]
        var timer: Scheduled<Void>?
        var waiting: EventLoopPromise<[UInt8]>?
        var authenticationFailures = 0
    }

    private init(id: ClientID, eventLoop: EventLoop, codec: WireCodec, authenticator: Authenticator, state: NIOLoopBoundBox<State>) {
        self.id = id
        self.eventLoop = eventLoop
        self.codec = codec
        self.authenticator = authenticator
        self.state = state
    }

    /// Connects client `id` to every replica in `addresses` and greets each.
    ///
    /// - Parameter firstTimestamp: see `PBFTClient.init(id:configuration:retransmitTimeout:firstTimestamp:)`.
    /// - Throws: `AuthenticationError` for missing keys, the socket's error when a replica cannot be
    ///   reached.
    public static func connect(
        id: ClientID, configuration: ReplicaConfiguration, keyring: ClusterKeyring, addresses: [ReplicaID: SocketAddress],
        retransmitTimeout: Duration = .milliseconds(500), firstTimestamp: UInt64 = 0, eventLoop: EventLoop
    ) async throws -> ClientNode {
        let authenticator = try keyring.authenticator(for: .client(id))
        let machine = PBFTClient(
            id: id, configuration: configuration, retransmitTimeout: retransmitTimeout, firstTimestamp: firstTimestamp)
        let node = ClientNode(
            id: id, eventLoop: eventLoop, codec: WireCodec(), authenticator: authenticator,
            state: .makeBoxSendingValue(State(machine: machine), eventLoop: eventLoop))
        for (replica, address) in addresses.sorted(by: { $0.key < $1.key }) {
            let codec = node.codec
            let channel = try await ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = FrameChannelHandler(
                            codec: codec, peer: .replica(replica),
                            deliver: { envelope, _, peer in
                                node.accept(envelope, from: peer)
                                return peer
                            }, malformed: { _ in })
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(to: address).get()
            try await eventLoop.submit {
                node.state.value.channels[replica] = channel
                node.write(.hello(.client(id)), to: replica)
            }.get()
        }
        return node
    }

    /// Submits `operation` and waits for f + 1 matching replies.
    ///
    /// - Returns: the result.
    /// - Throws: `ClientError.requestOutstanding` if another request waits.
    public func submit(_ operation: [UInt8]) async throws -> [UInt8] {
        try await eventLoop.flatSubmit { () -> EventLoopFuture<[UInt8]> in
            do {
                let actions = try self.state.value.machine.submit(operation)
                let promise = self.eventLoop.makePromise(of: [UInt8].self)
                self.state.value.waiting = promise
                self.perform(actions)
                return promise.futureResult
            } catch { return self.eventLoop.makeFailedFuture(error) }
        }.get()
    }

    /// Closes every connection.
    public func close() async throws {
        try await eventLoop.flatSubmit {
            self.state.value.timer?.cancel()
            return EventLoopFuture.andAllComplete(self.state.value.channels.values.map { $0.close() }, on: self.eventLoop)
        }.get()
    }

    func accept(_ envelope: Envelope, from peer: PeerIdentity?) {
        guard case .reply(let reply) = (try? authenticator.open(envelope, from: peer)) else {
            state.value.authenticationFailures += 1
            return
        }
        perform(state.value.machine.receive(reply))
    }

    func perform(_ actions: [ClientAction]) {
        for action in actions {
            switch action {
            case .send(let request, let replicas):
                for replica in replicas { write(.request(request), to: replica) }
            case .setTimer(let delay):
                state.value.timer?.cancel()
                state.value.timer = eventLoop.scheduleTask(in: .nanoseconds(Int64(delay / .nanoseconds(1)))) {
                    self.state.value.timer = nil
                    self.perform(self.state.value.machine.timerFired())
                }
            case .cancelTimer:
                state.value.timer?.cancel()
                state.value.timer = nil
            case .completed(_, let result):
                state.value.waiting?.succeed(result)
                state.value.waiting = nil
            }
        }
    }

    func write(_ message: WireMessage, to replica: ReplicaID) {
        guard let channel = state.value.channels[replica], let envelope = try? authenticator.seal(message, to: .replica(replica)) else {
            return
        }
        channel.writeAndFlush(ByteBuffer(bytes: codec.encode(envelope)), promise: nil)
    }
}
