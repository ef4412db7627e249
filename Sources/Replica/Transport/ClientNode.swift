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
    /// Each hosted client's place in `ids` (and in `authenticators` and the sessions).
    let places: [ClientID: Int]
    /// Each hosted client's authenticator, in the order of `ids`.
    let authenticators: [Authenticator]
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
        /// The hosted clients' sessions, in the order of `ids`: reached by place, in place, so a reply does
        /// not copy its client's session.
        var sessions: [Session]
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
        ids: [ClientID], eventLoop: EventLoop, codec: WireCodec, authenticators: [Authenticator], state: NIOLoopBoundBox<State>,
        retransmitTimeout: Duration
    ) {
        sweepInterval = .nanoseconds(max(1_000_000, Int64(retransmitTimeout / .nanoseconds(1)) / 4))
        self.ids = ids
        places = Dictionary(uniqueKeysWithValues: zip(ids, ids.indices))
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
        var authenticators: [Authenticator] = []
        var sessions: [Session] = []
        for id in ids {
            var secrets = replicaSecrets
            secrets[.client(id)] = keyring.secrets[.client(id)]
            authenticators.append(try ClusterKeyring(secrets: secrets).authenticator(for: .client(id)))
            let machine = PBFTClient(
                id: id, configuration: configuration, retransmitTimeout: retransmitTimeout, firstTimestamp: firstTimestamp)
            sessions.append(Session(machine: machine))
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
                for place in ids.indices { node.write(.hello(.client(ids[place])), as: place, to: [replica]) }
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
        guard let place = places[client] else { return eventLoop.makeFailedFuture(ClientError.notHosted(client)) }
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let submitted = state.withValue { state -> Result<[ClientAction], ClientError> in
            do throws(ClientError) {
                let actions = try state.sessions[place].machine.submit(operation)
                state.sessions[place].waiting = promise
                return .success(actions)
            } catch { return .failure(error) }
        }
        switch submitted {
        case .success(let actions): perform(actions, for: place)
        case .failure(let error): promise.fail(error)
        }
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
        guard case .reply(let reply) = envelope.message, envelope.sender == .replica(replica), let place = places[reply.client] else {
            state.value.authenticationFailures += 1
            return
        }
        guard state.withValue({ $0.sessions[place].machine.awaits(reply, from: replica) }) else {
            state.value.staleReplies += 1
            return
        }
        guard (try? authenticators[place].open(envelope, covering: signed, from: .replica(replica))) != nil else {
            state.value.authenticationFailures += 1
            return
        }
        let actions = state.withValue { $0.sessions[place].machine.receive(reply, from: replica) }
        perform(actions, for: place)
    }

    /// Performs the actions of the client at `place`.
    func perform(_ actions: [ClientAction], for place: Int) {
        for action in actions {
            switch action {
            case .send(let request, let replicas):
                write(.request(request), as: place, to: replicas)
            case .setTimer(let delay):
                // One task per node, not one per request: a scheduled task per request cost a timer-heap
                // insertion and removal per request, a sixth of the host's time under load.
                state.value.sessions[place].retransmitAt = .now() + .nanoseconds(Int64(delay / .nanoseconds(1)))
                if state.value.sweep == nil {
                    state.value.sweep = eventLoop.scheduleRepeatedTask(initialDelay: sweepInterval, delay: sweepInterval) { _ in
                        self.fireExpiredTimers()
                    }
                }
            case .cancelTimer:
                state.value.sessions[place].retransmitAt = nil
            case .completed(_, let result):
                let waiting = state.withValue { state in
                    defer { state.sessions[place].waiting = nil }
                    return state.sessions[place].waiting
                }
                waiting?.succeed(result)
            }
        }
    }

    /// Fires the retransmission timer of every hosted client whose timer expired, in the order the clients
    /// were given.
    func fireExpiredTimers() {
        let now = NIODeadline.now()
        for place in ids.indices {
            guard let at = state.value.sessions[place].retransmitAt, at <= now else { continue }
            state.value.sessions[place].retransmitAt = nil
            let actions = state.withValue { $0.sessions[place].machine.timerFired() }
            perform(actions, for: place)
        }
    }

    /// Seals `message` from the client at `place` for each of `replicas` (encoded once, MAC'd per replica)
    /// and appends it to what goes out on their connections.
    func write(_ message: WireMessage, as place: Int, to replicas: [ReplicaID]) {
        guard let sealed = try? authenticators[place].sealedParts(message, to: replicas.map { .replica($0) }) else { return }
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
