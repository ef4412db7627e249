import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A replica on real sockets: a `PBFTStateMachine` driven by a SwiftNIO TCP transport (Castro & Liskov,
/// OSDI '99 §4; the swift-nio pattern of a pure state machine under a thin handler). It listens for
/// replicas and clients, opens one connection to each other replica (its first frame a MAC'd hello)
/// and dials it again, with backoff, whenever that connection drops; it seals and opens every frame with
/// the `Authenticator`, and performs the state machine's actions: sends, replies, timers on its event
/// loop, and its trace in the bftcheck format. All its state lives on one event loop.
public final class ReplicaNode: Sendable {
    /// This replica.
    public let id: ReplicaID
    /// The address it listens on.
    public let localAddress: SocketAddress
    let eventLoop: EventLoop
    let codec: WireCodec
    let authenticator: Authenticator
    let state: NIOLoopBoundBox<State>
    let server: Channel
    /// Logs connections refused, frames dropped, view changes and state transfers (swift-log).
    let logger: Logger

    /// The loop-bound part: the state machine, connections, timers, trace and counters.
    struct State {
        var machine: PBFTStateMachine<CounterService>
        var peers: [ReplicaID: Channel] = [:]
        var clients: [ClientID: Channel] = [:]
        var timers: [ReplicaTimer: Scheduled<Void>] = [:]
        var log: ReplicaTraceLog
        var counters = TransportCounters()
        /// The write-ahead log, if the node keeps one: every input is appended and synced before its
        /// actions are performed.
        var writeAheadLog: WriteAheadLog?
        /// The executed-state store: each executed batch is applied in one transaction before its replies
        /// leave (Castro & Liskov, TOCS 2002 §6.1).
        var store: any ExecutedStateStore
        /// Set when the log could not be written: the node then stops taking inputs (fail-stop).
        var logFailure: String?
        /// Whether the trace is kept (`ReplicaTraceLog`); off, the node keeps no event lines.
        var tracing = true
        /// Frames written since the last flush, gathered per connection: written and flushed once, after
        /// the event loop has handled every frame it read in this round, so a burst of inputs leaves in one
        /// write and one system call per connection.
        var unflushed = PendingWrites()
        /// Where each other replica listens, once `connect(to:)` reached it: dialled again when the
        /// connection drops.
        var addresses: [ReplicaID: SocketAddress] = [:]
        /// The wait before the next dial of a peer whose connection is down; doubles per failed dial.
        var redialDelays: [ReplicaID: Duration] = [:]
        /// The scheduled dials.
        var redials: [ReplicaID: Scheduled<Void>] = [:]
        /// Connections other replicas opened to this one, once greeted: closed by `close()`, so that the
        /// peers see the node go down.
        var inbound: [ObjectIdentifier: Channel] = [:]
        /// Set by `close()`: connections that close then are not dialled again.
        var isClosing = false
    }

    /// The first wait before dialling a peer again, and the longest.
    static let redialBackoff: (first: Duration, longest: Duration) = (.milliseconds(20), .seconds(2))

    /// What a node reports about itself.
    public struct Status: Sendable {
        /// The last sequence number executed.
        public var lastExecuted: SequenceNumber
        /// Its view.
        public var view: ViewNumber
        /// Its stable checkpoint.
        public var stableCheckpoint: SequenceNumber
        /// Its transport counters.
        public var counters: TransportCounters
        /// Its trace's event lines.
        public var traceLines: [String]
        /// Why it stopped taking inputs, if its write-ahead log failed.
        public var logFailure: String?
    }

    private init(
        id: ReplicaID, localAddress: SocketAddress, eventLoop: EventLoop, codec: WireCodec, authenticator: Authenticator,
        state: NIOLoopBoundBox<State>, server: Channel, logger: Logger
    ) {
        self.id = id
        self.localAddress = localAddress
        self.eventLoop = eventLoop
        self.codec = codec
        self.authenticator = authenticator
        self.state = state
        self.server = server
        self.logger = logger
    }

    /// Starts replica `id` listening on `host`:`port` (0: any free port) on `eventLoop`.
    ///
    /// - Parameters:
    ///   - writeAheadLog: the path of its write-ahead log, if it keeps one: a restarted replica first
    ///     replays the inputs logged there and brings its executed-state store up to date
    ///     (`ReplicaRecovery`; Castro & Liskov, TOCS 2002 §4.6). Without `tracing` the log is compacted at
    ///     each stable checkpoint (`WriteAheadLog.compact(_:)`, OSDI '99 §4.3); a tracing node keeps it
    ///     whole, since a restart rebuilds the trace from it.
    ///   - store: its executed-state store; `nil` opens the one `configuration.storage` names.
    ///   - tracing: whether the node keeps its trace in the bftcheck format (off: no event lines, less
    ///     work per message; `status().traceLines` is then empty).
    /// - Throws: `ConfigurationError` or `AuthenticationError` for a bad configuration or keys, the
    ///   file system's error or `CodecError` for a log that cannot be read, `ReplicaRecoveryError` when
    ///   the log and the store disagree, the store's error, and the socket's error when it cannot bind.
    public static func start(
        configuration: ReplicaConfiguration, id: ReplicaID, keyring: ClusterKeyring, host: String = "127.0.0.1", port: Int = 0,
        limits: CodecLimits = CodecLimits(), writeAheadLog path: String? = nil, store: (any ExecutedStateStore)? = nil,
        tracing: Bool = true, logger: Logger? = nil, eventLoop: EventLoop
    ) async throws -> ReplicaNode {
        var logger = logger ?? Logger(label: "bftcheck.replica")
        logger[metadataKey: "replica"] = "\(id)"
        var machine = try PBFTStateMachine<CounterService>(configuration: configuration, id: id)
        let authenticator = try keyring.authenticator(for: .replica(id))
        var log = ReplicaTraceLog(replica: id)
        var writeAheadLog: WriteAheadLog?
        var armed: [ReplicaTimer: Duration] = [:]
        var store = try store ?? configuration.storage.openStore(for: id)
        if let path {
            let (opened, inputs) = try WriteAheadLog.open(path: path)
            writeAheadLog = opened
            let recovery = try ReplicaRecovery<CounterService>.replay(
                configuration: configuration, id: id, inputs: inputs, store: &store, observe: { log.append($0) })
            machine = recovery.machine
            armed = recovery.armedTimers
            if recovery.replayedInputs > 0 {
                logger.notice(
                    "recovered",
                    metadata: [
                        "inputs": "\(recovery.replayedInputs)", "executed": "\(machine.lastExecuted)", "view": "\(machine.view)",
                        "stored": "\(recovery.storedThrough.map { "\($0)" } ?? "nothing")", "redone": "\(recovery.redoneUpdates)",
                    ])
            }
        } else if let stored = try store.load(), stored != ExecutedState.genesis(of: CounterService.self) {
            // Without a log the replica starts at genesis, like a new one (its votes are forgotten): its
            // database starts there too, and state transfer brings it up to date (OSDI '99 §4.3).
            let genesis = ExecutedState.genesis(of: CounterService.self)
            try store.apply(
                ExecutedStateUpdate(
                    sequence: genesis.sequence, history: genesis.history, writes: genesis.entries, clients: [], replacesAll: true))
            logger.warning("no write-ahead log: executed state reset to genesis", metadata: ["stored": "\(stored.sequence)"])
        }
        let state = NIOLoopBoundBox.makeBoxSendingValue(
            State(machine: machine, log: log, writeAheadLog: writeAheadLog, store: store, tracing: tracing), eventLoop: eventLoop)
        let codec = WireCodec(limits: limits)
        let holder = NodeHolder()
        // Nothing is accepted until the node exists (`autoRead` on below): a peer that connected in between
        // had its greeting delivered to no node and dropped, and every later frame on that connection refused
        // as not greeted (seen in `ClusterProcessTests` on a loaded machine).
        let server = try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.autoRead, value: false)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = FrameChannelHandler(
                        codec: codec, peers: ConnectionPeers(),
                        deliver: { envelope, signed, channel, peers in
                            holder.node?.accept(envelope, covering: signed, on: channel, peers: &peers)
                        },
                        malformed: { error in holder.node?.refuse(error, on: channel) })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .bind(host: host, port: port).get()
        let node = ReplicaNode(
            id: id, localAddress: server.localAddress!, eventLoop: eventLoop, codec: codec, authenticator: authenticator, state: state,
            server: server, logger: logger)
        logger.info("listening", metadata: ["address": "\(server.localAddress!)", "replayed": "\(log.lastLSN) trace events"])
        holder.set(node)
        try await server.setOption(.autoRead, value: true).get()
        // Timers the replayed log left running start again.
        let timers = armed
        try await eventLoop.submit { for (timer, delay) in timers { node.arm(timer, after: delay) } }.get()
        return node
    }

    /// Opens one connection to each other replica in `addresses` and greets it. From then on, a
    /// connection that drops (the peer crashed or restarted, the network failed) is dialled again after
    /// 20 ms, doubling per failed attempt up to 2 s, until it is back; messages sent meanwhile are
    /// counted as unsent and recovered by the state machine's retransmission (Castro & Liskov, TOCS 2002
    /// §5.2), view changes or state transfer.
    ///
    /// - Throws: the socket's error when a peer cannot be reached now.
    public func connect(to addresses: [ReplicaID: SocketAddress]) async throws {
        for (peer, address) in addresses.sorted(by: { $0.key < $1.key }) where peer != id {
            let channel = try await bootstrap(for: peer).connect(to: address).get()
            try await eventLoop.submit {
                self.state.value.addresses[peer] = address
                self.adopt(channel, for: peer)
            }.get()
        }
    }

    func bootstrap(for peer: ReplicaID) -> ClientBootstrap {
        let codec = self.codec
        return ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Nothing is expected back on this connection; a frame that arrives is ignored.
                    let handler = FrameChannelHandler(
                        codec: codec, peers: ConnectionPeers(replica: peer), deliver: { _, _, _, _ in }, malformed: { _ in })
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
    }

    /// Makes `channel` the connection to `peer`, greets the peer, and watches for the connection to drop.
    func adopt(_ channel: Channel, for peer: ReplicaID) {
        state.value.peers[peer] = channel
        write(.hello(.replica(id)), to: [.replica(peer)]) { _ in channel }
        channel.closeFuture.whenComplete { _ in
            self.eventLoop.execute { self.connectionDropped(channel, to: peer) }
        }
    }

    /// The connection to `peer` closed: unless the node is closing, dial it again after the backoff.
    func connectionDropped(_ channel: Channel, to peer: ReplicaID) {
        guard let current = state.value.peers[peer], current === channel else { return }
        state.value.peers[peer] = nil
        guard !state.value.isClosing else { return }
        logger.notice("connection dropped; dialling again", metadata: ["peer": "\(peer)"])
        scheduleRedial(of: peer)
    }

    func scheduleRedial(of peer: ReplicaID) {
        let delay = state.value.redialDelays[peer] ?? Self.redialBackoff.first
        state.value.redialDelays[peer] = min(delay * 2, Self.redialBackoff.longest)
        state.value.redials[peer] = eventLoop.scheduleTask(in: .nanoseconds(Int64(delay / .nanoseconds(1)))) {
            self.state.value.redials[peer] = nil
            self.redial(peer)
        }
    }

    func redial(_ peer: ReplicaID) {
        guard !state.value.isClosing, state.value.peers[peer] == nil, let address = state.value.addresses[peer] else { return }
        bootstrap(for: peer).connect(to: address).whenComplete { result in
            self.eventLoop.execute {
                switch result {
                case .success(let channel):
                    guard !self.state.value.isClosing else {
                        channel.close(promise: nil)
                        return
                    }
                    self.state.value.redialDelays[peer] = nil
                    self.state.value.counters.reconnections += 1
                    self.logger.notice("connection re-established", metadata: ["peer": "\(peer)"])
                    self.adopt(channel, for: peer)
                case .failure:
                    self.scheduleRedial(of: peer)
                }
            }
        }
    }

    /// The node's status, read on its event loop (call it while that loop runs: a loop that was shut
    /// down never answers).
    public func status() async throws -> Status {
        try await eventLoop.submit {
            let state = self.state.value
            return Status(
                lastExecuted: state.machine.lastExecuted, view: state.machine.view, stableCheckpoint: state.machine.stableCheckpoint,
                counters: state.counters, traceLines: state.log.lines, logFailure: state.logFailure)
        }.get()
    }

    /// Closes the listener and every connection (its own and those the peers and clients opened), and
    /// cancels the timers and dials.
    public func close() async throws {
        try await eventLoop.flatSubmit {
            self.state.value.isClosing = true
            for redial in self.state.value.redials.values { redial.cancel() }
            self.state.value.redials = [:]
            for timer in self.state.value.timers.values { timer.cancel() }
            self.state.value.timers = [:]
            let channels =
                [self.server] + self.state.value.peers.values + self.state.value.clients.values + self.state.value.inbound.values
            return EventLoopFuture.andAllComplete(channels.map { $0.close() }, on: self.eventLoop)
        }.get()
    }

    // MARK: On the event loop

    /// Handles one decoded frame from a connection on which `peers` greeted. A greeting (a hello naming
    /// its own sender, authenticated by that sender's MAC) admits its sender on the connection: one
    /// replica, or any number of clients (a client host multiplexes its clients on one connection). Any
    /// other frame must come from a sender admitted there.
    func accept(_ envelope: Envelope, covering signed: ArraySlice<UInt8>, on channel: Channel, peers: inout ConnectionPeers) {
        let sender = envelope.sender
        let isGreeting = if case .hello(let claimed) = envelope.message { claimed == sender } else { false }
        let message: WireMessage
        do {
            guard isGreeting || peers.admits(sender) else {
                throw AuthenticationError.notGreeted(sender)
            }
            message = try authenticator.open(envelope, covering: signed, from: nil)
        } catch {
            state.value.counters.authenticationFailures += 1
            logger.notice("frame refused", metadata: ["reason": "\(error)", "remote": "\(channel.remoteAddress.map { "\($0)" } ?? "?")"])
            return
        }
        state.value.counters.framesReceived += 1
        switch (message, sender) {
        case (.hello, _) where isGreeting && peers.greet(sender):
            switch sender {
            case .client(let client): state.value.clients[client] = channel
            case .replica: state.value.inbound[ObjectIdentifier(channel)] = channel
            }
        case (.protocolMessage(let protocolMessage), .replica(let sender)) where !isGreeting:
            handle(.message(protocolMessage, from: sender))
        case (.request(let request), .client(let client)) where request.client == client:
            handle(.request(request))
        default:
            state.value.counters.authenticationFailures += 1
            logger.notice("frame out of place", metadata: ["sender": "\(sender)", "greeted": "\(!peers.isEmpty)"])
        }
    }

    /// A frame on `channel` did not decode: the connection is closed (by the handler) and counted.
    func refuse(_ error: CodecError, on channel: Channel) {
        state.value.counters.malformedFrames += 1
        logger.warning("malformed frame; closing the connection", metadata: ["error": "\(error)"])
    }

    /// Logs `input` durably (if the node keeps a log), then gives it to the state machine and performs
    /// the actions: nothing is sent that the log does not back.
    func handle(_ input: ReplicaInput) {
        guard state.value.logFailure == nil else { return }
        if let writeAheadLog = state.value.writeAheadLog {
            do {
                try writeAheadLog.append(input)
                try writeAheadLog.sync()
            } catch {
                state.value.logFailure = "\(error)"
                logger.critical("write-ahead log failed; taking no more inputs", metadata: ["error": "\(error)"])
                return
            }
        }
        perform(state.value.machine.apply(input))
    }

    /// Starts (or restarts) `timer`.
    func arm(_ timer: ReplicaTimer, after delay: Duration) {
        state.value.timers[timer]?.cancel()
        state.value.timers[timer] = eventLoop.scheduleTask(in: .nanoseconds(Int64(delay / .nanoseconds(1)))) {
            self.state.value.timers[timer] = nil
            self.handle(.timer(timer))
        }
    }

    /// Performs the state machine's actions in order: the trace first (a step before its sends), then
    /// each action.
    func perform(_ actions: [ReplicaAction]) {
        if state.value.tracing { state.value.log.append(actions) }
        for action in actions {
            switch action {
            case .send(let message, let destinations):
                write(.protocolMessage(message), to: destinations.map { .replica($0) }) { receiver in
                    guard case .replica(let replica) = receiver else { return nil }
                    return self.state.value.peers[replica]
                }
            case .reply(let reply):
                write(.reply(reply), to: [.client(reply.client)]) { _ in self.state.value.clients[reply.client] }
            case .setTimer(let timer, let delay): arm(timer, after: delay)
            case .cancelTimer(let timer):
                state.value.timers.removeValue(forKey: timer)?.cancel()
            case .record(.viewChange(let view)): logger.info("view change", metadata: ["view": "\(view)"])
            case .record(.newView(let view, let checkpoint, _, let o)):
                logger.info("entered view", metadata: ["view": "\(view)", "min-s": "\(checkpoint)", "O": "\(o.count)"])
            case .record: continue
            case .dropped(let reason):
                state.value.counters.drops[reason, default: 0] += 1
                logger.trace("input dropped", metadata: ["reason": "\(reason)"])
            case .truncateLog(let sequence):
                // The store committed the state through the checkpoint (its `.persist` came first). A node that
                // keeps its trace rebuilds the whole of it from the log at a restart: it keeps the whole log.
                guard !state.value.tracing, let writeAheadLog = state.value.writeAheadLog else { continue }
                let machine = state.value.machine
                do {
                    if try writeAheadLog.compact({ machine.compactedLog($0) }) {
                        logger.debug(
                            "write-ahead log compacted", metadata: ["through": "\(sequence)", "records": "\(writeAheadLog.recordCount)"])
                    }
                } catch {
                    // The old log (or, once renamed, the new one) is whole: carry on, try at the next checkpoint.
                    logger.warning("write-ahead log compaction failed", metadata: ["error": "\(error)"])
                }
            case .persist(let update):
                do { try state.value.store.apply(update) } catch {
                    // Replies must not leave for a state that is not stored: stop taking inputs (fail-stop).
                    state.value.logFailure = "executed-state store: \(error)"
                    logger.critical("executed-state store failed; taking no more inputs", metadata: ["error": "\(error)"])
                    return
                }
            }
        }
    }

    /// Seals `message` for each of `receivers` (encoded and signed once, MAC'd per receiver) and appends
    /// each frame to what goes out on the connection `channel(receiver)` gives; a receiver without one is
    /// counted unsent.
    func write(_ message: WireMessage, to receivers: [PeerIdentity], channel: (PeerIdentity) -> Channel?) {
        guard let sealed = try? authenticator.sealedParts(message, to: receivers) else {
            state.value.counters.unsentFrames += receivers.count
            return
        }
        for (receiver, code) in zip(receivers, sealed.authenticators) {
            guard let channel = channel(receiver) else {
                state.value.counters.unsentFrames += 1
                continue
            }
            state.value.counters.framesSent += 1
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

/// Lets the server's handlers reach the node made after the bind; set once, before the server accepts its
/// first connection.
final class NodeHolder: Sendable {
    private let stored = Mutex<ReplicaNode?>(nil)

    var node: ReplicaNode? { stored.withLock { $0 } }

    func set(_ node: ReplicaNode) { stored.withLock { $0 = node } }
}
