import NIOCore
import NIOPosix

/// Clients on real sockets: one or more `PBFTClient`s (Castro & Liskov, OSDI '99 §4.1) hosted over one
/// connection to each replica. Every hosted client greets on each connection and MACs its own requests
/// with its own pairwise keys (TOCS 2002 §3.2); the replicas admit on a connection only the clients that
/// greeted there (`ConnectionPeers`). Sharing the connections lets a replica's replies to a whole batch
/// leave in a few writes, and lets the host read them in a few reads, where one connection per client
/// costs a system call per reply on both ends. A request completes when f + 1 replicas replied the same
/// result. All its state lives on one event loop.
public final class ClientNode: Sendable {
    /// The clients this node hosts, in the order they were given.
    public let ids: [ClientID]
    /// Its first client (the only one of a node made by `connect(id:…)`).
    public var id: ClientID { ids[0] }
    /// The event loop its state and connections live on.
    public let eventLoop: EventLoop
    let codec: WireCodec
    let authenticators: [ClientID: Authenticator]
    let state: NIOLoopBoundBox<State>
    /// How often expired retransmission timers are looked for: a quarter of the retransmission timeout
    /// (at least 1 ms), so a request is multicast again between 1 and 1.25 timeouts after it was sent.
    let sweepInterval: TimeAmount

    /// One hosted client: its state machine, when its retransmission timer expires, and the caller
    /// waiting for its result.
    struct Session {
        var machine: PBFTClient
        var retransmitAt: NIODeadline?
        var waiting: EventLoopPromise<[UInt8]>?
    }

    struct State {
        var sessions: [ClientID: Session]
        var channels: [ReplicaID: Channel] = [:]
        /// Replies whose MAC did not verify, or that came from a replica other than the one they name.
        var authenticationFailures = 0
        /// Replies for no outstanding request (late replies once f + 1 matched): dropped unverified.
        var staleReplies = 0
        /// Frames written since the last flush, per connection: written and flushed once per event-loop
        /// round.
        var unflushed = PendingWrites()
        /// The one task that fires the hosted clients' expired retransmission timers.
        var sweep: RepeatedTask?
    }

    private init(
        ids: [ClientID], eventLoop: EventLoop, codec: WireCodec, authenticators: [ClientID: Authenticator], state: NIOLoopBoundBox<State>,
        retransmitTimeout: Duration
    ) {
        sweepInterval = .nanoseconds(max(1_000_000, Int64(retransmitTimeout / .nanoseconds(1)) / 4))
        self.ids = ids
        self.eventLoop = eventLoop
        self.codec = codec
        self.authenticators = authenticators
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
        try await connect(
            ids: [id], configuration: configuration, keyring: keyring, addresses: addresses, retransmitTimeout: retransmitTimeout,
            firstTimestamp: firstTimestamp, eventLoop: eventLoop)
    }

    /// Connects once to every replica in `addresses` and greets each on behalf of every client in `ids`
    /// (distinct, at least one).
    ///
    /// - Parameter firstTimestamp: see `PBFTClient.init(id:configuration:retransmitTimeout:firstTimestamp:)`.
    /// - Throws: `AuthenticationError` for missing keys, the socket's error when a replica cannot be
    ///   reached.
    public static func connect(
        ids: [ClientID], configuration: ReplicaConfiguration, keyring: ClusterKeyring, addresses: [ReplicaID: SocketAddress],
        retransmitTimeout: Duration = .milliseconds(500), firstTimestamp: UInt64 = 0, eventLoop: EventLoop
    ) async throws -> ClientNode {
        precondition(!ids.isEmpty && Set(ids).count == ids.count, "a client node hosts one or more distinct clients")
        // A client needs only its own keys and the replicas': agreeing MAC keys with every other member too
        // would cost an X25519 operation per pair of clients.
        let replicaSecrets = keyring.secrets.filter { if case .replica = $0.key { true } else { false } }
        var authenticators: [ClientID: Authenticator] = [:]
        var sessions: [ClientID: Session] = [:]
        for id in ids {
            var secrets = replicaSecrets
            secrets[.client(id)] = keyring.secrets[.client(id)]
            authenticators[id] = try ClusterKeyring(secrets: secrets).authenticator(for: .client(id))
            let machine = PBFTClient(
                id: id, configuration: configuration, retransmitTimeout: retransmitTimeout, firstTimestamp: firstTimestamp)
            sessions[id] = Session(machine: machine)
        }
        let node = ClientNode(
            ids: ids, eventLoop: eventLoop, codec: WireCodec(), authenticators: authenticators,
            state: .makeBoxSendingValue(State(sessions: sessions), eventLoop: eventLoop), retransmitTimeout: retransmitTimeout)
        for (replica, address) in addresses.sorted(by: { $0.key < $1.key }) {
            let codec = node.codec
            let channel = try await ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = FrameChannelHandler(
                            codec: codec, peers: ConnectionPeers(replica: replica),
                            deliver: { envelope, signed, _, _ in node.accept(envelope, covering: signed, from: replica) },
                            malformed: { _ in })
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(to: address).get()
            try await eventLoop.submit {
                node.state.value.channels[replica] = channel
                for id in ids { node.write(.hello(.client(id)), as: id, to: [replica]) }
            }.get()
        }
        return node
    }

    /// Submits `operation` as the next request of `client` (default: the node's first client) and waits
    /// for f + 1 matching replies.
    ///
    /// - Returns: the result.
    /// - Throws: `ClientError.requestOutstanding` if another request of that client waits,
    ///   `ClientError.notHosted` for a client the node does not host.
    public func submit(_ operation: [UInt8], as client: ClientID? = nil) async throws -> [UInt8] {
        try await eventLoop.flatSubmit { self.submitOnLoop(operation, as: client ?? self.id) }.get()
    }

    /// `submit(_:as:)` for a caller already on `eventLoop` (a load generator that chains requests without
    /// leaving the loop): the future completes with the result.
    public func submitOnLoop(_ operation: [UInt8], as client: ClientID) -> EventLoopFuture<[UInt8]> {
        eventLoop.preconditionInEventLoop()
        guard var session = state.value.sessions[client] else { return eventLoop.makeFailedFuture(ClientError.notHosted(client)) }
        let actions: [ClientAction]
        do { actions = try session.machine.submit(operation) } catch { return eventLoop.makeFailedFuture(error) }
        let promise = eventLoop.makePromise(of: [UInt8].self)
        session.waiting = promise
        state.value.sessions[client] = session
        perform(actions, for: client)
        return promise.futureResult
    }

    /// Closes every connection.
    public func close() async throws {
        try await eventLoop.flatSubmit {
            self.state.value.sweep?.cancel()
            self.state.value.sweep = nil
            return EventLoopFuture.andAllComplete(self.state.value.channels.values.map { $0.close() }, on: self.eventLoop)
        }.get()
    }

    /// A frame from `replica`'s connection. A reply that answers no outstanding request is dropped before
    /// its MAC is checked (after f + 1 matching replies the rest are late), and so is one that names a
    /// replica other than its sender (`PBFTClient.awaits(_:from:)`: one replica cannot vote for another).
    func accept(_ envelope: Envelope, covering signed: ArraySlice<UInt8>, from replica: ReplicaID) {
        guard case .reply(let reply) = envelope.message, envelope.sender == .replica(replica),
            let session = state.value.sessions[reply.client], let authenticator = authenticators[reply.client]
        else {
            state.value.authenticationFailures += 1
            return
        }
        guard session.machine.awaits(reply, from: replica) else {
            state.value.staleReplies += 1
            return
        }
        guard (try? authenticator.open(envelope, covering: signed, from: .replica(replica))) != nil else {
            state.value.authenticationFailures += 1
            return
        }
        let actions = state.value.sessions[reply.client]!.machine.receive(reply, from: replica)
        perform(actions, for: reply.client)
    }

    func perform(_ actions: [ClientAction], for client: ClientID) {
        for action in actions {
            switch action {
            case .send(let request, let replicas):
                write(.request(request), as: client, to: replicas)
            case .setTimer(let delay):
                // One task per node, not one per request: a scheduled task per request cost a timer-heap
                // insertion and removal per request, a sixth of the host's time under load.
                state.value.sessions[client]?.retransmitAt = .now() + .nanoseconds(Int64(delay / .nanoseconds(1)))
                if state.value.sweep == nil {
                    state.value.sweep = eventLoop.scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { _ in
                        self.fireExpiredTimers()
                    }
                }
            case .cancelTimer:
                state.value.sessions[client]?.retransmitAt = nil
            case .completed(_, let result):
                let waiting = state.value.sessions[client]?.waiting
                state.value.sessions[client]?.waiting = nil
                waiting?.succeed(result)
            }
        }
    }

    /// Fires the retransmission timer of every hosted client whose timer expired, in the order the clients
    /// were given.
    func fireExpiredTimers() {
        let now = NIODeadline.now()
        for id in ids {
            guard let at = state.value.sessions[id]?.retransmitAt, at <= now else { continue }
            state.value.sessions[id]?.retransmitAt = nil
            guard let actions = state.value.sessions[id]?.machine.timerFired() else { continue }
            perform(actions, for: id)
        }
    }

    /// Seals `message` from `client` for each of `replicas` (encoded once, MAC'd per replica) and appends
    /// it to what goes out on their connections.
    func write(_ message: WireMessage, as client: ClientID, to replicas: [ReplicaID]) {
        guard let sealed = try? authenticators[client]?.sealedParts(message, to: replicas.map { .replica($0) }) else { return }
        for (replica, code) in zip(replicas, sealed.authenticators) {
            guard let channel = state.value.channels[replica] else { continue }
            if state.value.unflushed.append(signed: sealed.signed, authenticator: code, to: channel) {
                eventLoop.execute { self.flushWrites() }
            }
        }
    }

    /// Writes and flushes what was appended for each connection since the last flush.
    func flushWrites() {
        for (channel, frames) in state.value.unflushed.takeAll() { channel.writeAndFlush(frames, promise: nil) }
    }
}
