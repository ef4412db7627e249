/// An in-process PBFT cluster on a simulated network and clock: n `PBFTStateMachine`s and a few
/// `PBFTClient`s exchange messages through a seeded event queue that delays, reorders, loses and
/// duplicates them, with crashed, lagging or equivocating replicas (Castro & Liskov, OSDI '99 §3–4).
/// Everything random comes from the scenario's seed: a run replays exactly from its reproduction line.
///
/// It checks safety as it goes (agreement on executed batches and checkpoint states among correct
/// replicas; exactly-once results at the clients; no correct replica contradicting what it sent before,
/// across a restart above all — `SentMessageLedger`) and, on a reliable network, that every client
/// completes. Each correct replica keeps its executed state in the store `configuration.storage` names. It keeps each replica's log in the bftcheck trace format (`traceFiles()`).
public struct ClusterSimulator: Sendable {
    /// The run's parameters.
    public let scenario: SimulationScenario
    var replicas: [PBFTStateMachine<CounterService>]
    var clients: [PBFTClient]
    var logs: [ReplicaTraceLog]
    var random: SimulationRandom
    var queue = EventQueue<SimulationEvent>()
    var now: Duration = .zero
    var stopped: Set<ReplicaID> = []
    var replicaTimers: [ReplicaID: [ReplicaTimer: Int]] = [:]
    var clientTimers: [ClientID: Int] = [:]
    var generation = 0
    /// The batch each correct replica executed at each sequence number, and the first to do so.
    var executedDigests: [SequenceNumber: (digest: Digest, replica: ReplicaID)] = [:]
    /// The checkpoint state each correct replica reported at each sequence number, and the first.
    var checkpointStates: [SequenceNumber: (digest: Digest, replica: ReplicaID)] = [:]
    /// The write-ahead log of each replica that restarts: one encoded record per input.
    var writeAheadLogs: [ReplicaID: [[UInt8]]] = [:]
    /// The executed-state store of each correct replica that runs (`scenario.configuration.storage`):
    /// updated per executed batch, kept across a crash (a database is closed and opened again).
    var stores: [ReplicaID: any ExecutedStateStore] = [:]
    /// The in-memory store of each restarting replica as it was before its latest input: a crash loses
    /// that input's commits (it came after the log's sync, before the database's commit), which recovery
    /// must redo.
    var storesBeforeInput: [ReplicaID: InMemoryExecutedStateStore] = [:]
    /// What each correct replica sent: it must never contradict itself, across a restart above all.
    var sent = SentMessageLedger()
    /// How far each correct replica executed, as its steps said.
    var executedThrough: [ReplicaID: SequenceNumber] = [:]
    /// Requests the Byzantine replicas saw, for equivocating.
    var seenByByzantine: [ClientRequest] = []
    /// The batch digest the equivocator gave each backup that got the alternative, per (view, sequence).
    var equivocations: [SlotKey: [ReplicaID: Digest]] = [:]
    /// Digests of PRE-PREPAREs Byzantine replicas sent: client requests the header must declare.
    var byzantineDigests: [Digest] = []
    /// The replica that runs as twins (`ReplicaFault.twins`), if one does: its first instance is in
    /// `replicas`, its second here.
    var twinID: ReplicaID?
    var twin: PBFTStateMachine<CounterService>?
    /// The replicas that hear, and are heard by, the second twin.
    var twinSide: Set<ReplicaID> = []
    var twinTimers: [ReplicaTimer: Int] = [:]
    /// What the twins sent under their one identity, to count their contradictions.
    var twinLedger = SentMessageLedger()
    /// Each replica's authenticator, by index, when the scenario authenticates (empty otherwise).
    var authenticators: [Authenticator] = []
    /// Requests each client has submitted so far.
    var submitted: [Int]
    /// Requests each client has completed so far (f + 1 matching replies).
    var completed: [Int]
    /// The sequence numbers at which some correct replica's checkpoint became stable.
    var stableSequences: Set<SequenceNumber> = []
    /// The outcome so far.
    public private(set) var outcome: SimulationOutcome

    /// A cluster for `scenario`, at simulated time zero.
    ///
    /// - Throws: `ConfigurationError` when more than f replicas are faulty.
    public init(scenario: SimulationScenario) throws(ConfigurationError) {
        let configuration = scenario.configuration
        guard scenario.faults.count <= configuration.faultTolerance else {
            throw ConfigurationError(field: "faults", "\(scenario.faults.count) faulty replicas, but f = \(configuration.faultTolerance)")
        }
        guard scenario.faults.keys.allSatisfy(configuration.contains) else {
            throw ConfigurationError(field: "faults", "names a replica outside 0..<\(configuration.replicaCount)")
        }
        self.scenario = scenario
        var machines: [PBFTStateMachine<CounterService>] = []
        for replica in configuration.replicas { machines.append(try PBFTStateMachine(configuration: configuration, id: replica)) }
        replicas = machines
        clients = (0..<scenario.clientCount).map {
            PBFTClient(id: ClientID(UInt32($0)), configuration: configuration, retransmitTimeout: scenario.clientRetransmitTimeout)
        }
        logs = configuration.replicas.map(ReplicaTraceLog.init)
        random = SimulationRandom(seed: scenario.seed)
        submitted = Array(repeating: 0, count: scenario.clientCount)
        completed = Array(repeating: 0, count: scenario.clientCount)
        outcome = SimulationOutcome(reproduction: scenario.reproduction)
        outcome.expectedRequests = scenario.clientCount * scenario.requestsPerClient
        if scenario.authenticates { authenticators = Self.authenticators(for: configuration, seed: scenario.seed) }
        for replica in configuration.replicas
        where !(scenario.faults[replica]?.isByzantine ?? false) && scenario.faults[replica] != .crashed {
            do { stores[replica] = try configuration.storage.openStore(for: replica) } catch {
                throw ConfigurationError(field: "data_directory", "cannot open the store of \(replica): \(error)")
            }
        }
        for replica in scenario.faults.keys.sorted() {
            switch scenario.faults[replica]! {
            case .crashed: stopped.insert(replica)
            case .crashes(let instant): queue.push(.crash(replica), at: instant)
            case .restarts(let instant, let downtime):
                writeAheadLogs[replica] = []
                queue.push(.crash(replica), at: instant)
                queue.push(.recover(replica), at: instant + downtime)
            case .twins(let secondSide):
                guard twinID == nil else { throw ConfigurationError(field: "faults", "at most one replica runs as twins") }
                guard secondSide.allSatisfy({ configuration.contains($0) && $0 != replica }) else {
                    throw ConfigurationError(
                        field: "faults", "the second twin's side names \(replica) or a replica outside 0..<\(configuration.replicaCount)")
                }
                twinID = replica
                twin = try PBFTStateMachine(configuration: configuration, id: replica)
                twinSide = Set(secondSide)
            case .isolated, .equivocatingPrimary, .lyingVoter, .certificateForger, .silent, .forger: break
            }
        }
    }

    /// Runs the scenario until every client is done, or a limit is reached, and checks the properties.
    ///
    /// - Returns: the outcome, with every violation found.
    public mutating func run() -> SimulationOutcome {
        for index in clients.indices { submitNext(index) }
        while outcome.events < scenario.eventLimit, outcome.completedRequests < outcome.expectedRequests,
            let (time, event) = queue.pop()
        {
            guard time <= scenario.timeLimit else { break }
            now = time
            outcome.events += 1
            handle(event)
        }
        outcome.elapsed = now
        if scenario.network.isReliable && outcome.completedRequests < outcome.expectedRequests {
            outcome.violations.append(
                SimulationViolation(
                    .liveness,
                    "\(outcome.completedRequests) of \(outcome.expectedRequests) requests completed on a reliable network "
                        + "(\(outcome.events) events, \(now))"))
        }
        recordConflictingCommits()
        return outcome
    }

    /// Records, once each, the correct replicas that committed two batches at one sequence number.
    mutating func recordConflictingCommits() {
        for machine in replicas where isCorrect(machine.id) && machine.hasConflictingCommit {
            let violation = SimulationViolation(.agreement, "\(machine.id) committed two batches at one sequence number")
            if !outcome.violations.contains(violation) { outcome.violations.append(violation) }
        }
    }

    /// Goes on after `run()` for at most `duration` of simulated time (and the scenario's event limit), so
    /// that messages still in flight arrive and every correct replica that can execute does; then checks
    /// agreement again. Clients submit nothing new.
    ///
    /// - Returns: the outcome, with every violation found.
    @discardableResult
    public mutating func settle(for duration: Duration) -> SimulationOutcome {
        let end = now + duration
        while outcome.events < scenario.eventLimit, let time = queue.peekTime(), time <= end, let (_, event) = queue.pop() {
            now = time
            outcome.events += 1
            handle(event)
        }
        recordConflictingCommits()
        return outcome
    }

    /// One authenticator per replica, with keys drawn from `seed` by a generator of their own (so that the
    /// run's other random choices do not change): any 32 bytes are an Ed25519 seed and an X25519 key.
    static func authenticators(for configuration: ReplicaConfiguration, seed: UInt64) -> [Authenticator] {
        var keys = SimulationRandom(seed: seed ^ 0x6b65_7973)  // "keys"
        func bytes() -> [UInt8] { (0..<4).flatMap { _ in withUnsafeBytes(of: keys.next().bigEndian) { Array($0) } } }
        let secrets = configuration.replicas.map {
            NodeSecrets(identity: .replica($0), rawSigning: bytes(), rawAgreement: bytes())
        }
        let directory = Dictionary(uniqueKeysWithValues: secrets.map { ($0.identity, $0.publicKeys) })
        // Raw keys of 32 bytes are always valid, so making the authenticators cannot fail.
        return secrets.map { try! Authenticator(secrets: $0, directory: directory) }
    }

    func isCorrect(_ replica: ReplicaID) -> Bool { !(scenario.faults[replica]?.isByzantine ?? false) }

    func isIsolated(_ replica: ReplicaID) -> Bool {
        if case .isolated(let until) = scenario.faults[replica] { return now < until }
        return false
    }

    mutating func delay() -> Duration {
        let network = scenario.network
        let span = (network.maximumDelay - network.minimumDelay) / Duration.microseconds(1)
        let extra = span > 0 ? Int64(random.next() % UInt64(span + 1)) : 0
        return network.minimumDelay + .microseconds(extra)
    }

    /// Puts `event` on the network: lost, delivered once or twice, each after its own delay.
    mutating func transmit(_ event: SimulationEvent) {
        guard !random.chance(scenario.network.dropRate) else { return }
        queue.push(event, at: now + delay())
        if random.chance(scenario.network.duplicateRate) { queue.push(event, at: now + delay()) }
    }

    mutating func handle(_ event: SimulationEvent) {
        switch event {
        case .message(let message, let sender, let receiver):
            guard !stopped.contains(receiver), !isIsolated(receiver) else { return }
            if case .prePrepare(let prePrepare) = message, !isCorrect(receiver) {
                for request in prePrepare.batch.requests where !seenByByzantine.contains(request) { seenByByzantine.append(request) }
            }
            if receiver == twinID && twinSide.contains(sender) {
                deliverToTwin(.message(message, from: sender))
                return
            }
            deliver(.message(message, from: sender), to: receiver)
        case .sealed(let envelope, let receiver):
            guard !stopped.contains(receiver), !isIsolated(receiver), case .replica(let sender) = envelope.sender else { return }
            guard case .protocolMessage(let message) = try? authenticators[receiver.index].open(envelope, from: envelope.sender) else {
                outcome.authenticationFailures += 1
                return
            }
            handle(.message(message, from: sender, to: receiver))
        case .request(let request, let receiver):
            guard !stopped.contains(receiver), !isIsolated(receiver) else { return }
            if scenario.faults[receiver]?.isByzantine ?? false, !seenByByzantine.contains(request) { seenByByzantine.append(request) }
            deliver(.request(request), to: receiver)
        case .twinRequest(let request):
            deliverToTwin(.request(request))
        case .reply(let reply):
            // A reply event is the action of the replica it names (`perform(_:of:)`): the simulated channel
            // authenticates it as that replica's.
            let index = Int(reply.client.number)
            perform(clients[index].receive(reply, from: reply.replica), of: index)
        case .replicaTimer(let replica, let timer, let expected):
            guard !stopped.contains(replica), replicaTimers[replica]?[timer] == expected else { return }
            replicaTimers[replica]![timer] = nil
            deliver(.timer(timer), to: replica)
        case .twinTimer(let timer, let expected):
            guard twinTimers[timer] == expected else { return }
            twinTimers[timer] = nil
            deliverToTwin(.timer(timer))
        case .clientTimer(let client, let expected):
            guard clientTimers[client] == expected else { return }
            clientTimers[client] = nil
            let index = Int(client.number)
            perform(clients[index].timerFired(), of: index)
        case .crash(let replica):
            stopped.insert(replica)
            replicaTimers[replica] = nil
            if case .restarts = scenario.faults[replica], let last = writeAheadLogs[replica]?.last {
                // The crash tore the record being written: half of it reached the disk.
                writeAheadLogs[replica]!.append(Array(last.prefix(last.count / 2)))
            }
            // The process is gone: a database is closed (and opened again at the restart); memory is kept,
            // standing for a disk that survives, less the commits of the input being handled.
            if stores[replica] is SQLiteExecutedStateStore { stores[replica] = nil }
            if let before = storesBeforeInput.removeValue(forKey: replica) { stores[replica] = before }
        case .recover(let replica):
            recover(replica)
        }
    }

    /// Gives `input` to `replica`, logging it first if the replica keeps a write-ahead log (the host
    /// syncs the log before it performs the actions).
    mutating func deliver(_ input: ReplicaInput, to replica: ReplicaID) {
        if writeAheadLogs[replica] != nil {
            writeAheadLogs[replica]!.append(LogRecordCodec.encode(input))
            outcome.longestLog = max(outcome.longestLog, writeAheadLogs[replica]!.count)
            if let store = stores[replica] as? InMemoryExecutedStateStore { storesBeforeInput[replica] = store }
        }
        perform(replicas[replica.index].apply(input), of: replica)
    }

    /// Gives `input` to the second instance of the replica that runs as twins.
    mutating func deliverToTwin(_ input: ReplicaInput) {
        guard let replica = twinID, twin != nil else { return }
        let actions = twin!.apply(input)
        perform(actions, of: replica, asSecondTwin: true)
    }

    /// Whether a message `replica` sends (as its second twin when `asSecondTwin`) reaches
    /// `destination`: every message does, but the twins' — each twin's reach only its own side.
    func reaches(_ destination: ReplicaID, from replica: ReplicaID, asSecondTwin: Bool) -> Bool {
        replica != twinID || twinSide.contains(destination) == asSecondTwin
    }

    /// Compacts `replica`'s write-ahead log at its stable checkpoint as a host does after the input
    /// (`PBFTStateMachine.compactedLog(_:)`, OSDI '99 §4.3); the store is durable through the checkpoint,
    /// so a crash now loses no commit the compacted log relies on.
    mutating func compactLog(of replica: ReplicaID) {
        guard let (inputs, _) = try? LogRecordCodec.decode(writeAheadLogs[replica, default: []].flatMap { $0 }),
            let kept = replicas[replica.index].compactedLog(inputs)
        else { return }
        writeAheadLogs[replica] = kept.map(LogRecordCodec.encode)
        outcome.logCompactions += 1
        if let store = stores[replica] as? InMemoryExecutedStateStore { storesBeforeInput[replica] = store }
    }

    /// The records and bytes of `replica`'s write-ahead log, if it keeps one (a replica that restarts).
    public func writeAheadLogSize(of replica: ReplicaID) -> (records: Int, bytes: Int)? {
        writeAheadLogs[replica].map { ($0.count, $0.reduce(0) { $0 + $1.count }) }
    }

    /// Restarts `replica` from its write-ahead log and its executed-state store (`ReplicaRecovery`): a fresh
    /// state machine replays every logged input (the torn tail is cut off), which rebuilds exactly the
    /// state it had, the store is checked against the replay and brought up to date, then the timers the
    /// replay left running are armed again.
    mutating func recover(_ replica: ReplicaID) {
        let bytes = writeAheadLogs[replica, default: []].flatMap { $0 }
        guard let (inputs, valid) = try? LogRecordCodec.decode(bytes) else {
            outcome.violations.append(SimulationViolation(.recovery, "\(replica)'s write-ahead log does not decode"))
            return
        }
        let recovery: ReplicaRecovery<CounterService>
        do {
            var store = try stores[replica] ?? scenario.configuration.storage.openStore(for: replica)
            recovery = try ReplicaRecovery.replay(configuration: scenario.configuration, id: replica, inputs: inputs, store: &store)
            stores[replica] = store
        } catch {
            outcome.violations.append(SimulationViolation(.recovery, "\(error)"))
            return
        }
        let machine = recovery.machine
        if valid != bytes.count { outcome.tornTails += 1 }
        if case .restore? = inputs.first { outcome.restartsFromCompactedLogs += 1 }
        writeAheadLogs[replica] = inputs.map(LogRecordCodec.encode)
        if machine.lastExecuted != replicas[replica.index].lastExecuted || machine.view != replicas[replica.index].view {
            outcome.violations.append(
                SimulationViolation(
                    .recovery, "\(replica) replayed to \(machine.lastExecuted) in \(machine.view), not its state before the crash"))
        }
        replicas[replica.index] = machine
        stopped.remove(replica)
        outcome.restarts += 1
        outcome.redoneUpdates += recovery.redoneUpdates
        let armed = recovery.armedTimers
        for timer in armed.keys.sorted(by: { "\($0)" < "\($1)" }) {
            generation += 1
            replicaTimers[replica, default: [:]][timer] = generation
            queue.push(.replicaTimer(replica, timer, generation: generation), at: now + armed[timer]!)
        }
    }

    /// The executed state `replica`'s store holds, if it has a store.
    ///
    /// - Throws: the store's error.
    public func storedState(of replica: ReplicaID) throws -> ExecutedState? { try stores[replica]?.load() }

    /// Performs a replica's actions in order (those of the second twin when `asSecondTwin`): logs them,
    /// checks agreement, and sends.
    mutating func perform(_ actions: [ReplicaAction], of replica: ReplicaID, asSecondTwin: Bool = false) {
        let byzantine = !isCorrect(replica)
        // Twins break no rule but their identity's: they send what correct replicas send, unchanged.
        let twins = replica == twinID
        if !byzantine { logs[replica.index].append(actions) }
        for action in actions {
            switch action {
            case .send(let message, let destinations):
                if scenario.faults[replica] == .silent {
                    outcome.withheldMessages += destinations.count
                    continue
                }
                if !byzantine, let contradiction = sent.note(message, from: replica) {
                    outcome.violations.append(contradiction)
                }
                if twins, twinLedger.note(message, from: replica) != nil { outcome.twinContradictions += 1 }
                if byzantine, !twins, scenario.faults[replica] != .forger, case .prePrepare(let prePrepare) = message {
                    equivocate(prePrepare, from: replica, to: destinations)
                    continue
                }
                for destination in destinations where reaches(destination, from: replica, asSecondTwin: asSecondTwin) {
                    send(
                        byzantine && !twins ? byzantineVersion(of: message, from: replica, to: destination) : message, from: replica,
                        to: destination)
                    if scenario.faults[replica] == .forger { forge(message, from: replica, to: destination) }
                }
            case .reply(let reply):
                guard !isIsolated(replica) else { continue }
                if scenario.faults[replica] == .silent {
                    outcome.withheldMessages += 1
                    continue
                }
                transmit(.reply(reply))
            case .setTimer(let timer, let delay):
                generation += 1
                if asSecondTwin {
                    twinTimers[timer] = generation
                    queue.push(.twinTimer(timer, generation: generation), at: now + delay)
                } else {
                    replicaTimers[replica, default: [:]][timer] = generation
                    queue.push(.replicaTimer(replica, timer, generation: generation), at: now + delay)
                }
            case .cancelTimer(let timer):
                if asSecondTwin { twinTimers[timer] = nil } else { replicaTimers[replica]?[timer] = nil }
            case .record(let step):
                if !byzantine { check(step, of: replica) }
            case .dropped(let reason):
                outcome.drops[reason, default: 0] += 1
            case .persist(let update):
                guard !byzantine, stores[replica] != nil else { continue }
                do { try stores[replica]!.apply(update) } catch {
                    outcome.violations.append(SimulationViolation(.durability, "\(replica)'s store refused \(update.sequence): \(error)"))
                }
            case .truncateLog:
                guard !byzantine, scenario.compactsLogs, writeAheadLogs[replica] != nil else { continue }
                compactLog(of: replica)
            }
        }
    }

    mutating func send(_ message: ProtocolMessage, from sender: ReplicaID, to receiver: ReplicaID) {
        outcome.messagesSent += 1
        guard carries(from: sender, to: receiver) else { return }
        if !authenticators.isEmpty, let envelope = try? authenticators[sender.index].seal(.protocolMessage(message), to: .replica(receiver))
        {
            transmit(.sealed(envelope, to: receiver))
        } else {
            transmit(.message(message, from: sender, to: receiver))
        }
    }

    /// Whether the network carries a protocol message from `sender` to `receiver` sent now: neither is
    /// isolated, and no partition separates them (a message lost to a partition is counted).
    mutating func carries(from sender: ReplicaID, to receiver: ReplicaID) -> Bool {
        guard !isIsolated(sender), !isIsolated(receiver) else { return false }
        if let partition = scenario.network.partition, partition.separates(sender, receiver, at: now) {
            outcome.partitionedMessages += 1
            return false
        }
        return true
    }

    /// The forger's two forgeries of a PREPARE or COMMIT it sends to `destination`, both for the null
    /// batch: one sealed with its own keys and a corrupted MAC, one claiming to come from another
    /// replica (the first that is neither the forger nor `destination`) but sealed with the forger's
    /// keys. Without authentication, the network has no MACs to check, and both are delivered as
    /// claimed.
    mutating func forge(_ message: ProtocolMessage, from forger: ReplicaID, to destination: ReplicaID) {
        let forgery: ProtocolMessage
        switch message {
        case .prepare(let vote): forgery = .prepare(SlotVote(view: vote.view, sequence: vote.sequence, digest: RequestBatch.null.digest))
        case .commit(let vote): forgery = .commit(SlotVote(view: vote.view, sequence: vote.sequence, digest: RequestBatch.null.digest))
        default: return
        }
        guard let victim = scenario.configuration.replicas.first(where: { $0 != forger && $0 != destination }) else { return }
        for claimed in [forger, victim] {
            outcome.forgedMessages += 1
            guard carries(from: forger, to: destination) else { continue }
            guard !authenticators.isEmpty else {
                transmit(.message(forgery, from: claimed, to: destination))
                continue
            }
            guard let sealed = try? authenticators[forger.index].seal(.protocolMessage(forgery), to: .replica(destination)) else {
                continue
            }
            var authenticator = sealed.authenticator
            if claimed == forger, !authenticator.isEmpty { authenticator[0] ^= 0xFF }
            transmit(.sealed(Envelope(sender: .replica(claimed), message: sealed.message, authenticator: authenticator), to: destination))
        }
    }

    /// The equivocating primary: the PRE-PREPARE goes as it is to a random non-empty part of the backups
    /// and with another request it knows to the rest (to none of them if it knows no other); its COMMITs
    /// then back whichever batch each backup was given.
    mutating func equivocate(_ prePrepare: PrePrepare, from sender: ReplicaID, to destinations: [ReplicaID]) {
        let shuffled = destinations.sorted().shuffled(using: &random)
        let split = shuffled.count > 1 ? 1 + Int(random.next() % UInt64(shuffled.count - 1)) : shuffled.count
        let alternative = seenByByzantine.last { request in !prePrepare.batch.requests.contains(request) }
        let key = SlotKey(view: prePrepare.view, sequence: prePrepare.sequence)
        for (position, destination) in shuffled.enumerated() {
            var batch = prePrepare.batch
            if position >= split {
                guard let alternative else { continue }
                batch = RequestBatch([alternative])
                equivocations[key, default: [:]][destination] = batch.digest
                outcome.conflictingPrePrepares += 1
            }
            if !byzantineDigests.contains(batch.digest) && !batch.isNull { byzantineDigests.append(batch.digest) }
            send(.prePrepare(PrePrepare(view: prePrepare.view, sequence: prePrepare.sequence, batch: batch)), from: sender, to: destination)
        }
    }

    /// A Byzantine replica's message to `destination`: a COMMIT for the batch that destination was given
    /// by the equivocator; a lying voter's PREPARE or COMMIT for another batch, to about half of them.
    mutating func byzantineVersion(of message: ProtocolMessage, from sender: ReplicaID, to destination: ReplicaID) -> ProtocolMessage {
        let lies = scenario.faults[sender] == .lyingVoter && random.next() % 2 == 0
        switch message {
        case .commit(let vote):
            if let digest = equivocations[SlotKey(view: vote.view, sequence: vote.sequence)]?[destination] {
                return .commit(SlotVote(view: vote.view, sequence: vote.sequence, digest: digest))
            }
            return lies ? .commit(lie(about: vote)) : message
        case .prepare(let vote): return lies ? .prepare(lie(about: vote)) : message
        case .viewChange(let viewChange) where scenario.faults[sender] == .certificateForger:
            return .viewChange(forged(viewChange, by: sender))
        default: return message
        }
    }

    /// The certificate forger's version of its VIEW-CHANGE: P replaced by null-batch certificates in the
    /// latest view below the new one, at every sequence number from its checkpoint up to the last it
    /// executed or prepared (at least one), each claiming the PREPAREs of the first 2f backups of that
    /// view, signed with the forger's own key when the run authenticates (it has no other).
    mutating func forged(_ viewChange: ViewChange, by sender: ReplicaID) -> ViewChange {
        let configuration = scenario.configuration
        let certificateView = ViewNumber(viewChange.view.number - 1)
        let last = max(
            replicas[sender.index].lastExecuted.number, viewChange.prepared.last?.sequence.number ?? 0, viewChange.checkpoint.number + 1)
        let through = min(last, viewChange.checkpoint.number + configuration.window)
        let backups = configuration.replicas.filter { $0 != configuration.primary(of: certificateView) }.prefix(configuration.quorum - 1)
        let prepared = (viewChange.checkpoint.number + 1...through).map { number -> PreparedCertificate in
            let vote = SlotVote(view: certificateView, sequence: SequenceNumber(number), digest: RequestBatch.null.digest)
            let prepares = backups.map { backup in
                SignedPrepare(
                    replica: backup,
                    signature: authenticators.isEmpty
                        ? [] : authenticators[sender.index].sign(WireCodec.signedBytes(ofPrepare: vote, by: backup)))
            }
            return PreparedCertificate(view: certificateView, sequence: SequenceNumber(number), batch: .null, prepares: Array(prepares))
        }
        outcome.forgedViewChanges += 1
        return ViewChange(
            view: viewChange.view, checkpoint: viewChange.checkpoint, checkpointDigest: viewChange.checkpointDigest,
            checkpointProof: viewChange.checkpointProof, prepared: prepared)
    }

    /// `vote` for another batch: a request the Byzantine replicas saw, or the null batch.
    mutating func lie(about vote: SlotVote) -> SlotVote {
        let other = seenByByzantine.last { $0.digest != vote.digest }.map { RequestBatch([$0]).digest } ?? Digest.zero
        if other != .zero && !byzantineDigests.contains(other) { byzantineDigests.append(other) }
        outcome.lies += 1
        return SlotVote(view: vote.view, sequence: vote.sequence, digest: other)
    }

    /// Checks a correct replica's step against what the others did: one batch per sequence number, one
    /// state per checkpoint.
    mutating func check(_ step: TraceStep, of replica: ReplicaID) {
        switch step {
        case .executed(let sequence, let digest, _):
            outcome.highestExecuted = max(outcome.highestExecuted, sequence)
            executedThrough[replica] = sequence
            if let first = executedDigests[sequence] {
                if first.digest != digest {
                    outcome.violations.append(
                        SimulationViolation(
                            .agreement, "\(replica) executed \(digest) at \(sequence), but \(first.replica) executed \(first.digest)"))
                }
            } else {
                executedDigests[sequence] = (digest, replica)
            }
        case .checkpoint(let sequence, let state), .checkpointStable(let sequence, let state):
            if case .checkpointStable = step {
                stableSequences.insert(sequence)
                outcome.stableCheckpoints = stableSequences.count
            }
            if case .checkpointStable = step, executedThrough[replica, default: .genesis] < sequence {
                outcome.stateTransfers += 1
                executedThrough[replica] = sequence
            }
            if let first = checkpointStates[sequence] {
                if first.digest != state {
                    outcome.violations.append(
                        SimulationViolation(
                            .checkpointAgreement,
                            "\(replica) has state \(state) at checkpoint \(sequence), but \(first.replica) has \(first.digest)"))
                }
            } else {
                checkpointStates[sequence] = (state, replica)
            }
        case .viewChange(let view), .newView(let view, _, _, _):
            outcome.highestView = max(outcome.highestView, view)
        default: break
        }
    }

    /// Performs a client's actions.
    mutating func perform(_ actions: [ClientAction], of index: Int) {
        let client = clients[index].id
        for action in actions {
            switch action {
            case .send(let request, let destinations):
                for destination in destinations {
                    transmit(.request(request, to: destination))
                    if destination == twinID { transmit(.twinRequest(request)) }
                }
            case .setTimer(let delay):
                generation += 1
                clientTimers[client] = generation
                queue.push(.clientTimer(client, generation: generation), at: now + delay)
            case .cancelTimer:
                clientTimers[client] = nil
            case .completed(let request, let result):
                outcome.completedRequests += 1
                completed[index] += 1
                // Each client increments its own counter, so its i-th request must yield i: executed once.
                let expected = "\(Self.counterName(of: client))=\(request.timestamp)"
                let got = String(decoding: result, as: UTF8.self)
                if got != expected {
                    outcome.violations.append(
                        SimulationViolation(
                            .exactlyOnce, "\(client)'s request \(request.timestamp) returned \"\(got)\", expected \"\(expected)\""))
                }
                submitNext(index)
            }
        }
    }

    static func counterName(of client: ClientID) -> String { "counter-\(client.number)" }

    mutating func submitNext(_ index: Int) {
        guard submitted[index] < scenario.requestsPerClient else { return }
        submitted[index] += 1
        let operation = Array(Self.counterName(of: clients[index].id).utf8)
        guard let actions = try? clients[index].submit(operation) else { return }
        perform(actions, of: index)
    }
}
