import MessagePassing
import ModelChecking
import ProtocolSpecs

/// The bookkeeping of one rendering.
struct SynthesisRenderer {
    struct Delivery {
        var sender: ReplicaID
        var msg: String
        var message: TraceMessage
        var destination: ReplicaID
    }

    struct Received: Hashable {
        var sender: ReplicaID
        var message: TraceMessage
    }

    let spec: PBFT
    let header: TraceHeader
    let noise: Double
    var generator: SeededGenerator
    var entries: [SynthesizedRun.Entry] = []
    var lsn: [Int]
    /// Correct senders' messages: content → id of the first send.
    var sentIDs: [[TraceMessage: String]]
    /// Correct primaries' NEW-VIEW messages, by view.
    var newViews: [[Int: TraceMessage]]
    /// Correct replicas' VIEW-CHANGE messages, by view.
    var viewChanges: [[Int: TraceMessage]]
    var received: [Set<Received>]
    var outstanding: [Delivery] = []
    var delivered: [Delivery] = []
    var executedThrough: [Int]
    var checkpointed: [Set<Int>]
    var requested: [Set<RequestID>]

    init(spec: PBFT, header: TraceHeader, noise: Double, generator: SeededGenerator) {
        self.spec = spec
        self.header = header
        self.noise = noise
        self.generator = generator
        let count = header.replicaCount
        lsn = Array(repeating: 0, count: count)
        sentIDs = Array(repeating: [:], count: count)
        newViews = Array(repeating: [:], count: count)
        viewChanges = Array(repeating: [:], count: count)
        received = Array(repeating: [], count: count)
        executedThrough = Array(repeating: 0, count: count)
        checkpointed = Array(repeating: [], count: count)
        requested = Array(repeating: [], count: count)
    }

    var faults: FaultModel { spec.configuration.faults }
    var quorum: Int { spec.configuration.quorum }
    func primary(_ view: View) -> ReplicaID { view.primary(among: header.replicaCount) }
    func others(than replica: ReplicaID) -> [ReplicaID] { faults.all.filter { $0 != replica } }

    static func stateName(_ ledger: [Digest]) -> String { "after:" + ledger.map(\.description).joined(separator: ",") }

    static func ledger(_ row: PBFTReplica, through count: Int) -> [Digest] {
        (0..<count).map { row.ledger(at: SequenceNumber($0 + 1)) ?? .null }
    }

    // MARK: Events

    @discardableResult
    mutating func append(_ replica: ReplicaID, _ body: TraceEvent.Body, _ purpose: SynthesizedRun.Purpose) -> Int {
        lsn[replica.index] += 1
        let id = entries.count
        let location = TraceLocation(file: "", line: 0)
        entries.append(
            .init(id: id, event: TraceEvent(replica: replica, lsn: lsn[replica.index], body: body, location: location), purpose: purpose))
        return id
    }

    /// A correct replica multicasts `message` to every other replica.
    mutating func send(_ sender: ReplicaID, _ message: TraceMessage) {
        let msg = "\(header.name(of: sender)).\(lsn[sender.index] + 1)"
        let to = others(than: sender)
        append(sender, .send(msg: msg, to: to, message: message), .send)
        if sentIDs[sender.index][message] == nil { sentIDs[sender.index][message] = msg }
        if case .newView(let content) = message { newViews[sender.index][content.view.number] = message }
        if case .viewChange(let content) = message { viewChanges[sender.index][content.view.number] = message }
        for destination in to where faults.isCorrect(destination) {
            outstanding.append(Delivery(sender: sender, msg: msg, message: message, destination: destination))
        }
    }

    mutating func deliver(_ delivery: Delivery, _ purpose: SynthesizedRun.Purpose) -> Int {
        received[delivery.destination.index].insert(Received(sender: delivery.sender, message: delivery.message))
        delivered.append(delivery)
        return append(delivery.destination, .receive(msg: delivery.msg, from: delivery.sender, message: delivery.message), purpose)
    }

    /// Makes sure `replica` has received `message` from `sender`; a receive it needed is added to
    /// `evidence`. A Byzantine sender sends it (to this replica alone) first.
    mutating func ensureReceived(_ replica: ReplicaID, from sender: ReplicaID, _ message: TraceMessage, _ evidence: inout [Int]) {
        if received[replica.index].contains(Received(sender: sender, message: message)) { return }
        let msg: String
        if faults.isByzantine(sender) {
            msg = "\(header.name(of: sender)).\(lsn[sender.index] + 1)"
            append(sender, .send(msg: msg, to: [replica], message: message), .byzantineSend)
        } else {
            guard let id = sentIDs[sender.index][message] else {
                preconditionFailure("TraceSynthesizer: \(header.name(of: sender)) never sent \(message.summary)")
            }
            msg = id
        }
        evidence.append(deliver(Delivery(sender: sender, msg: msg, message: message, destination: replica), .delivery))
    }

    /// Delivers to `replica` enough of `candidates` (chosen at random) that, with its own message if
    /// `own`, `needed` distinct senders support the step — or all of them, if there are fewer.
    mutating func gather(_ replica: ReplicaID, needed: Int, own: Bool, _ candidates: [(ReplicaID, TraceMessage)], _ evidence: inout [Int]) {
        var have = own ? 1 : 0
        var fresh: [(ReplicaID, TraceMessage)] = []
        for (sender, message) in candidates {
            if received[replica.index].contains(Received(sender: sender, message: message)) {
                have += 1
            } else {
                fresh.append((sender, message))
            }
        }
        fresh.shuffle(using: &generator)
        for (sender, message) in fresh where have < needed {
            ensureReceived(replica, from: sender, message, &evidence)
            have += 1
        }
        // Fewer than `needed` only under a mutant rule (e.g. PREPAREs counted across views): the run
        // then shows the mutant's step with the messages that exist, and the oracle rejects it there.
    }

    mutating func step(_ replica: ReplicaID, _ body: TraceEvent.Body, evidence: [Int]) {
        let id = append(replica, body, .step)
        for receive in evidence { entries[receive].purpose = .evidence(step: id) }
    }

    // MARK: Spec steps

    mutating func render(_ action: PBFTAction, from before: PBFTState, to after: PBFTState) {
        var evidence: [Int] = []
        switch action {
        case .propose(let leader, let view, let seq, let request):
            let digest = Digest.request(request).description
            if !requested[leader.index].contains(request) {
                requested[leader.index].insert(request)
                append(leader, .request(digest: digest), .step)
            }
            step(leader, .prePrepared(view: view, seq: seq, digest: digest), evidence: [])
            send(leader, .prePrepare(view: view, seq: seq, digest: digest))
        case .acceptPrePrepare(let replica, let view, let seq, let digest):
            let leader = primary(view)
            let message = TraceMessage.prePrepare(view: view, seq: seq, digest: digest.description)
            if faults.isByzantine(leader) || sentIDs[leader.index][message] != nil {
                ensureReceived(replica, from: leader, message, &evidence)
            } else {
                guard let newView = newViews[leader.index][view.number] else {
                    preconditionFailure("TraceSynthesizer: \(leader) pre-prepared \(seq.number) in \(view) neither alone nor in a NEW-VIEW")
                }
                ensureReceived(replica, from: leader, newView, &evidence)
            }
            step(replica, .prePrepared(view: view, seq: seq, digest: digest.description), evidence: evidence)
            send(replica, .prepare(view: view, seq: seq, digest: digest.description))
        case .prepare(let replica, let view, let seq, let digest):
            let leader = primary(view)
            let message = TraceMessage.prepare(view: view, seq: seq, digest: digest.description)
            let candidates = faults.all.filter { other in
                other != replica && other != leader
                    && (faults.isByzantine(other) || (faults.isCorrect(other) && before[other].prepare(in: view, at: seq) == digest))
            }
            let own = replica != leader && before[replica].prepare(in: view, at: seq) == digest
            gather(replica, needed: quorum - 1, own: own, candidates.map { ($0, message) }, &evidence)
            step(replica, .prepared(view: view, seq: seq, digest: digest.description), evidence: evidence)
            send(replica, .commit(view: view, seq: seq, digest: digest.description))
        case .commit(let replica, let view, let seq, let digest):
            let message = TraceMessage.commit(view: view, seq: seq, digest: digest.description)
            let candidates = faults.all.filter { other in
                other != replica
                    && (faults.isByzantine(other)
                        || (faults.isCorrect(other) && before[other].hasSentCommit(in: view, at: seq)
                            && before[other].prepare(in: view, at: seq) == digest))
            }
            gather(replica, needed: quorum, own: true, candidates.map { ($0, message) }, &evidence)
            step(replica, .committed(view: view, seq: seq, digest: digest.description), evidence: evidence)
            progress(replica, after)
        case .stabilizeCheckpoint(let replica, let seq, let ledger):
            let state = Self.stateName(ledger)
            let message = TraceMessage.checkpoint(seq: seq, state: state)
            func holds(_ row: PBFTReplica) -> Bool { row.executedCount >= seq.number && Self.ledger(row, through: seq.number) == ledger }
            let candidates = faults.all.filter { other in
                other != replica && (faults.isByzantine(other) || (faults.isCorrect(other) && holds(before[other])))
            }
            gather(replica, needed: quorum, own: holds(before[replica]), candidates.map { ($0, message) }, &evidence)
            step(replica, .checkpointStable(seq: seq, state: state), evidence: evidence)
            progress(replica, after)
        case .timeout(let replica, let view):
            step(replica, .viewChangeStarted(view: view), evidence: [])
            let row = after[replica]
            let checkpoint = row.viewChangeCheckpoint(for: view)!
            var claims: [PreparedClaim] = []
            for number in stride(from: checkpoint.number + 1, through: spec.configuration.maxSequence.number, by: 1) {
                let seq = SequenceNumber(number)
                if let certificate = row.certificate(at: seq, before: view) {
                    claims.append(PreparedClaim(seq: seq, view: certificate.view, digest: certificate.digest.description))
                }
            }
            let state = checkpoint.number > 0 ? Self.stateName(Self.ledger(row, through: checkpoint.number)) : nil
            send(replica, .viewChange(ViewChangeContent(view: view, checkpoint: checkpoint, state: state, prepared: claims)))
        case .sendNewView(let leader, let view, let proposal):
            guard let basis = proposal.basis else { preconditionFailure("TraceSynthesizer: the spec's NEW-VIEW has no V") }
            for member in basis.correct where member != leader {
                ensureReceived(leader, from: member, viewChanges[member.index][view.number]!, &evidence)
            }
            var byzantine = Array(faults.byzantine)
            byzantine.shuffle(using: &generator)
            let chosen = Array(byzantine.prefix(basis.byzantine))
            for member in chosen {
                let claim = TraceMessage.viewChange(ViewChangeContent(view: view, checkpoint: .genesis, state: nil, prepared: []))
                ensureReceived(leader, from: member, claim, &evidence)
            }
            var content = newViewContent(view, proposal)
            step(leader, .newViewEntered(content), evidence: evidence)
            content.viewChanges = Array(basis.correct.union(ReplicaSet(chosen)))
            send(leader, .newView(content))
            progress(leader, after)
        case .acceptNewView(let replica, let view, let proposal):
            let leader = primary(view)
            let content = newViewContent(view, proposal)
            if faults.isByzantine(leader) {
                ensureReceived(replica, from: leader, .newView(content), &evidence)
            } else {
                guard let message = newViews[leader.index][view.number] else {
                    preconditionFailure("TraceSynthesizer: \(replica) accepted NEW-VIEW(\(view)) that \(leader) never sent")
                }
                ensureReceived(replica, from: leader, message, &evidence)
            }
            step(replica, .newViewEntered(content), evidence: evidence)
            let h = after[replica].stableCheckpoint.number
            for (offset, digest) in proposal.proposals.enumerated() {
                let seq = SequenceNumber(proposal.checkpoint.number + 1 + offset)
                if seq.number > h { send(replica, .prepare(view: view, seq: seq, digest: digest.description)) }
            }
            progress(replica, after)
        }
        addNoise()
    }

    func newViewContent(_ view: View, _ proposal: NewViewProposal) -> NewViewContent {
        NewViewContent(
            view: view, checkpoint: proposal.checkpoint,
            state: proposal.checkpoint.number > 0 ? Self.stateName(proposal.checkpointLedger) : nil,
            proposals: proposal.proposals.map(\.description))
    }

    /// Executions (with results) and checkpoints that `replica`'s step made possible.
    mutating func progress(_ replica: ReplicaID, _ after: PBFTState) {
        let row = after[replica]
        let done = max(executedThrough[replica.index], row.stableCheckpoint.number)
        if row.executedCount > done {
            for number in (done + 1)...row.executedCount {
                let digest = row.ledger(at: SequenceNumber(number))!
                let result = digest.isRequest ? Self.stateName(Self.ledger(row, through: number)) : nil
                append(replica, .executed(seq: SequenceNumber(number), digest: digest.description, result: result), .step)
            }
        }
        executedThrough[replica.index] = max(done, row.executedCount)
        let interval = spec.configuration.checkpointInterval
        guard interval > 0 else { return }
        for number in stride(from: interval, through: spec.configuration.maxSequence.number, by: interval)
        where number <= row.executedCount && !checkpointed[replica.index].contains(number) {
            checkpointed[replica.index].insert(number)
            let seq = SequenceNumber(number)
            let state = Self.stateName(Self.ledger(row, through: number))
            append(replica, .checkpointTaken(seq: seq, state: state), .step)
            send(replica, .checkpoint(seq: seq, state: state))
        }
    }

    /// At random: a delivery nothing needed, and now and then a duplicate delivery.
    mutating func addNoise() {
        if !outstanding.isEmpty && Double.random(in: 0..<1, using: &generator) < noise {
            let index = Int.random(in: 0..<outstanding.count, using: &generator)
            let delivery = outstanding.remove(at: index)
            if !received[delivery.destination.index].contains(Received(sender: delivery.sender, message: delivery.message)) {
                _ = deliver(delivery, .delivery)
            }
        }
        if !delivered.isEmpty && Double.random(in: 0..<1, using: &generator) < noise / 5 {
            let delivery = delivered[Int.random(in: 0..<delivered.count, using: &generator)]
            if !faults.isByzantine(delivery.sender) { _ = deliver(delivery, .delivery) }
        }
    }
}
