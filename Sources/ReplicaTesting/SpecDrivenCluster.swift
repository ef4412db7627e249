import Conformance
import MessagePassing
import ProtocolSpecs
import Replica

/// The replicas of a `SpecDrivenRun`: n `PBFTStateMachine`s (none for a crashed replica), what
/// each sent and no one has received yet, by sender and receiver, their running view-change
/// timers, what they executed, and their traces. Deterministic: no clock, no randomness.
struct SpecDrivenCluster {
    let configuration: ReplicaConfiguration
    let crashed: ReplicaSet
    let byzantine: ReplicaSet
    var machines: [PBFTStateMachine<CounterService>?]
    var logs: [ReplicaTraceLog]
    /// By sender, then receiver: messages sent and not delivered, in the order sent.
    var outbox: [[[ProtocolMessage]]]
    /// By replica: its running view-change timer.
    var viewChangeTimers: [ReplicaTimer?]
    /// By replica: the batch digest it executed at each sequence number.
    var executed: [[UInt64: Replica.Digest]]
    /// The client request of each digest name the schedule introduced.
    var requests: [String: ClientRequest] = [:]
    /// By sequence number: the state digest of the first CHECKPOINT a running replica sent there.
    var checkpointDigests: [UInt64: Replica.Digest] = [:]
    /// By sequence number: the states (the spec's) that correct replicas' CHECKPOINTs of the schedule
    /// certify there (`SpecDrivenRun` fills it from the schedule).
    var correctStates: [UInt64: Set<LedgerState>] = [:]
    var stateTransferMessages = 0
    /// By Byzantine replica: the VIEW-CHANGEs correct replicas sent it, in the order sent.
    var byzantineViewChanges: [Int: [SignedViewChange]] = [:]
    var highestView: UInt64 = 0

    init(configuration: ReplicaConfiguration, crashed: ReplicaSet, byzantine: ReplicaSet) {
        let n = configuration.replicaCount
        self.configuration = configuration
        self.crashed = crashed
        self.byzantine = byzantine
        machines = (0..<n).map { index in
            crashed.contains(MessagePassing.ReplicaID(index)) || byzantine.contains(MessagePassing.ReplicaID(index))
                ? nil : try? PBFTStateMachine<CounterService>(configuration: configuration, id: Replica.ReplicaID(index))
        }
        logs = (0..<n).map { ReplicaTraceLog(replica: Replica.ReplicaID($0)) }
        outbox = Array(repeating: Array(repeating: [], count: n), count: n)
        viewChangeTimers = Array(repeating: nil, count: n)
        executed = Array(repeating: [:], count: n)
    }

    /// The replicas that run.
    var running: [Replica.ReplicaID] { (0..<machines.count).filter { machines[$0] != nil }.map(Replica.ReplicaID.init) }

    /// The client request the schedule names `digest` (made on first use).
    mutating func clientRequest(_ digest: String) -> ClientRequest {
        if let request = requests[digest] { return request }
        let request = ClientRequest(
            client: ClientID(UInt32(requests.count)), timestamp: 1, operation: Array("counter-\(requests.count)".utf8))
        requests[digest] = request
        return request
    }

    /// The replica's batch for the spec's `digest`: its request's alone, or the null batch.
    mutating func batch(_ digest: ProtocolSpecs.Digest?) -> RequestBatch {
        guard let digest, digest != .null else { return RequestBatch([]) }
        return RequestBatch([clientRequest(PBFTSpecWalk.name(of: digest))])
    }

    /// The client request the schedule names `digest` reaches `first`, then every other replica.
    mutating func request(_ digest: String, first: Replica.ReplicaID) {
        let request = clientRequest(digest)
        for replica in [first] + running.filter({ $0 != first }) {
            process(replica) { $0.receive(request: request) }
        }
    }

    /// Delivers the first message `sender` sent `receiver` with `key`; whether there was one.
    mutating func deliver(_ key: SpecDrivenRun.Key, from sender: Replica.ReplicaID, to receiver: Replica.ReplicaID) -> Bool {
        guard machines.indices.contains(sender.index), machines.indices.contains(receiver.index), machines[receiver.index] != nil,
            let position = outbox[sender.index][receiver.index].firstIndex(where: { SpecDrivenRun.key(of: $0) == key })
        else { return false }
        let message = outbox[sender.index][receiver.index].remove(at: position)
        process(receiver) { $0.receive(message, from: sender) }
        return true
    }

    /// Delivers to `receiver` the Byzantine `sender`'s `message` of the walk, made into the
    /// replica's: a PRE-PREPARE of its request's batch (the request itself reaching every replica
    /// first, the first time), a PREPARE or COMMIT of that batch's digest,
    /// a CHECKPOINT of a digest made from its state, its VIEW-CHANGE without proofs, a NEW-VIEW built
    /// from the VIEW-CHANGEs it holds (`byzantineNewView`); `false` when it holds too few for one.
    mutating func forge(_ message: PBFTMessage, from sender: Replica.ReplicaID, to receiver: Replica.ReplicaID) -> Bool {
        guard machines.indices.contains(receiver.index), machines[receiver.index] != nil else { return false }
        let view = ViewNumber(UInt64(message.view.number))
        let sequence = Replica.SequenceNumber(UInt64(message.slot.number))
        let forged: ProtocolMessage
        switch message.kind {
        case .prePrepare:
            // The client of a request the Byzantine primary orders sent it to every replica (§4.1),
            // whose view-change timers then run until it executes.
            if let digest = message.digest, digest != .null, requests[PBFTSpecWalk.name(of: digest)] == nil {
                request(PBFTSpecWalk.name(of: digest), first: receiver)
            }
            forged = .prePrepare(PrePrepare(view: view, sequence: sequence, batch: batch(message.digest)))
        case .prepare: forged = .prepare(SlotVote(view: view, sequence: sequence, digest: batch(message.digest).digest))
        case .commit: forged = .commit(SlotVote(view: view, sequence: sequence, digest: batch(message.digest).digest))
        case .checkpoint:
            forged = .checkpoint(CheckpointVote(sequence: sequence, stateDigest: checkpointDigest(message.state, at: sequence.number)))
        case .viewChange:
            // Its own VIEW-CHANGE, signed by itself; the certificates and a checkpoint above genesis
            // come without the proofs only correct replicas' messages make (§4.4, TOCS 2002 §4.5).
            let genesis = message.slot == .genesis
            forged = .viewChange(
                ViewChange(
                    view: view, checkpoint: sequence,
                    checkpointDigest: genesis ? .zero : checkpointDigest(message.state, at: sequence.number),
                    prepared: message.certificates.map { slot, certificate in
                        Replica.PreparedCertificate(
                            view: ViewNumber(UInt64(certificate.view.number)), sequence: Replica.SequenceNumber(UInt64(slot.number)),
                            batch: batch(certificate.digest))
                    }))
        case .newView:
            guard let newView = byzantineNewView(message, from: sender) else { return false }
            forged = .newView(newView)
        }
        process(receiver) { $0.receive(forged, from: sender) }
        return true
    }

    /// The NEW-VIEW a Byzantine new primary `sender` sends for the spec's `message`: V is a quorum of
    /// the VIEW-CHANGEs it holds — those correct replicas sent it, and its own (genesis checkpoint,
    /// no certificates) — and its checkpoint and O are what V yields (Castro & Liskov §4.4), as backups
    /// recompute them; a Byzantine primary chooses V, so it takes the first quorum (in replica order)
    /// whose O is the spec's, else the first quorum. `nil` without a quorum of VIEW-CHANGEs.
    mutating func byzantineNewView(_ message: PBFTMessage, from sender: Replica.ReplicaID) -> NewView? {
        let view = ViewNumber(UInt64(message.view.number))
        var held = (byzantineViewChanges[sender.index] ?? []).filter { $0.viewChange.view == view }
        held.append(
            SignedViewChange(
                sender: sender, viewChange: ViewChange(view: view, checkpoint: .genesis, checkpointDigest: .zero, prepared: [])))
        var latest: [Int: SignedViewChange] = [:]
        for change in held { latest[change.sender.index] = change }
        let senders = MessagePassing.ReplicaSet(latest.keys.map(MessagePassing.ReplicaID.init))
        var wanted: [Replica.Digest] = []
        if let last = message.proposals.lastKey {
            for slot in stride(from: message.slot.number + 1, through: last.number, by: 1) {
                wanted.append(batch(message.proposals[ProtocolSpecs.SequenceNumber(slot)] ?? .null).digest)
            }
        }
        var first: NewView? = nil
        for chosen in senders.subsets where chosen.count == configuration.quorum {
            let changes = chosen.map { latest[$0.index]! }
            guard let (checkpoint, digest, batches) = PBFTStateMachine<CounterService>.recompute(from: changes) else { continue }
            let candidate = NewView(view: view, viewChanges: changes, checkpoint: checkpoint, checkpointDigest: digest, batches: batches)
            if checkpoint.number == UInt64(message.slot.number) && batches.map(\.digest) == wanted { return candidate }
            if first == nil { first = candidate }
        }
        return first
    }

    /// The replica digest a Byzantine replica's CHECKPOINT or VIEW-CHANGE at `sequence` gives the
    /// spec's `state`: the digest correct replicas sent there when the spec's correct replicas
    /// certify that state too (the Byzantine replica tells the truth), else one made up from it.
    func checkpointDigest(_ state: LedgerState, at sequence: UInt64) -> Replica.Digest {
        if correctStates[sequence]?.contains(state) == true, let digest = checkpointDigests[sequence] { return digest }
        return .hashing(Array("\(state)".utf8))
    }

    /// The running view-change timer of `replica` expires, if it runs for a view below `view` (the
    /// one the spec's replica moves to); whether it did. A replica with no such timer (a primary, or
    /// a backup with nothing pending, runs none: Castro & Liskov §4.4) is delivered the VIEW-CHANGEs
    /// up to `view` sent to it instead — what the network does sooner or later anyway — so that it
    /// joins the view change by the f + 1 rule when f + 1 replicas have moved on (TOCS 2002 §4.5.2).
    mutating func timeout(at replica: Replica.ReplicaID, movingTo view: UInt64) -> Bool {
        guard machines.indices.contains(replica.index), machines[replica.index] != nil else { return false }
        guard let timer = viewChangeTimers[replica.index], case .viewChange(let current) = timer, current.number < view else {
            for sender in machines.indices where sender != replica.index {
                while let position = outbox[sender][replica.index].firstIndex(where: {
                    if case .viewChange(let change) = $0 { change.view.number <= view } else { false }
                }) {
                    let message = outbox[sender][replica.index].remove(at: position)
                    process(replica) { $0.receive(message, from: Replica.ReplicaID(sender)) }
                }
            }
            return false
        }
        viewChangeTimers[replica.index] = nil
        process(replica) { $0.timerFired(timer) }
        return true
    }

    /// A step of `replica`, then what it leads to at once: the batch timer expires, and state
    /// transfer messages are delivered, until nothing more is due.
    mutating func process(_ replica: Replica.ReplicaID, _ step: @escaping (inout PBFTStateMachine<CounterService>) -> [ReplicaAction]) {
        var due: [(Replica.ReplicaID, (inout PBFTStateMachine<CounterService>) -> [ReplicaAction])] = [(replica, step)]
        while !due.isEmpty {
            let (at, next) = due.removeFirst()
            guard var machine = machines[at.index] else { continue }
            let actions = next(&machine)
            machines[at.index] = machine
            due += take(actions, of: at)
        }
    }

    /// Records `actions` of `replica` (its trace, its sends, its timers, what it executed) and
    /// returns the steps they make due at once.
    mutating func take(
        _ actions: [ReplicaAction], of replica: Replica.ReplicaID
    ) -> [(Replica.ReplicaID, (inout PBFTStateMachine<CounterService>) -> [ReplicaAction])] {
        logs[replica.index].append(actions)
        var due: [(Replica.ReplicaID, (inout PBFTStateMachine<CounterService>) -> [ReplicaAction])] = []
        for action in actions {
            switch action {
            case .send(let message, let destinations):
                if case .checkpoint(let vote) = message, checkpointDigests[vote.sequence.number] == nil {
                    checkpointDigests[vote.sequence.number] = vote.stateDigest
                }
                if case .viewChange(let change) = message {
                    // What a Byzantine new primary holds to build its NEW-VIEW from (`forge`).
                    for destination in destinations where byzantine.contains(MessagePassing.ReplicaID(destination.index)) {
                        byzantineViewChanges[destination.index, default: []].append(SignedViewChange(sender: replica, viewChange: change))
                    }
                }
                for destination in destinations where machines.indices.contains(destination.index) && machines[destination.index] != nil {
                    if SpecDrivenRun.key(of: message) == nil {
                        // State transfer, which the spec has no messages for: delivered at once.
                        stateTransferMessages += 1
                        due.append((destination, { $0.receive(message, from: replica) }))
                    } else {
                        outbox[replica.index][destination.index].append(message)
                    }
                }
            case .setTimer(let timer, _):
                switch timer {
                case .viewChange: viewChangeTimers[replica.index] = timer
                case .batch: due.append((replica, { $0.timerFired(.batch) }))
                case .stateFetch, .retransmit: break
                }
            case .cancelTimer(let timer):
                if viewChangeTimers[replica.index] == timer { viewChangeTimers[replica.index] = nil }
            case .record(.executed(let sequence, let digest, _)):
                executed[replica.index][sequence.number] = digest
            case .record(.viewChange(let view)), .record(.newView(let view, _, _, _)):
                highestView = max(highestView, view.number)
            case .record, .reply, .dropped, .persist, .truncateLog: continue
            }
        }
        return due
    }

    /// Sequence numbers two replicas executed with different batches.
    func disagreements() -> [String] {
        var result: [String] = []
        let sequences = Set(executed.flatMap(\.keys)).sorted()
        for sequence in sequences {
            let batches = running.compactMap { replica in executed[replica.index][sequence].map { (replica, $0) } }
            if let first = batches.first, let other = batches.first(where: { $0.1 != first.1 }) {
                result.append("\(first.0) and \(other.0) executed different batches at \(sequence)")
            }
        }
        return result
    }

    /// Each running replica's trace, version 2, as a file.
    func traces(implementation: String) -> [(name: String, text: String)] {
        let header = TraceRunHeader(
            configuration: configuration, faulty: byzantine.map { Replica.ReplicaID($0.index) },
            crashed: crashed.map { Replica.ReplicaID($0.index) }, implementation: implementation)
        return running.map { replica in
            (name: "\(replica).ndjson", text: ([header.line(for: replica)] + logs[replica.index].lines).joined(separator: "\n") + "\n")
        }
    }
}
