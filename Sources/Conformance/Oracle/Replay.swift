import MessagePassing
import ModelChecking
import ProtocolSpecs

/// The oracle's replay of one run: the spec state reached so far, what each replica has received,
/// which messages have been sent, and the observations the spec abstracts (checkpoint states and
/// results, identified with the histories they are of).
///
/// A value type: the silent-step search copies it, tries steps on the copy, and keeps the copy only
/// when the event it could not explain is then explained.
struct Replay {
    /// A message as sent so far: its content, every destination it was sent to, where it was first sent.
    struct SentMessage {
        var message: TraceMessage
        var destinations: ReplicaSet
        var location: TraceLocation
    }

    /// A history: the first `count` ledger slots, packed one 4-bit digest code per slot.
    struct History: Hashable {
        var count: Int
        var prefix: UInt64
    }

    let binding: SpecBinding
    let spec: PBFT
    let header: TraceHeader
    let run: TraceRun
    /// The spec state.
    var state: PBFTState
    /// What each replica has received.
    var evidence: [Evidence]
    /// For each replica, the last sequence number it executed or obtained by state transfer.
    var executedThrough: [Int]
    /// The messages sent so far, by sender and id (correct senders only).
    var sent: [TraceRun.MessageKey: SentMessage] = [:]
    /// Checkpoint states: state index → the history it is of, and back.
    var stateHistory: [Int: History] = [:]
    var historyState: [History: Int] = [:]
    /// Where each checkpoint state was first bound.
    var stateWitness: [Int: TraceLocation] = [:]
    /// Results: the history through an executed request → the result first reported for it.
    var results: [History: (result: String, location: TraceLocation)] = [:]
    /// The VIEW-CHANGE messages in the logs, by sender and view (for NEW-VIEWs' V).
    let viewChangeSenders: Set<Int>
    /// Spec steps taken for logged events, and inferred for unlogged ones.
    var loggedSteps = 0
    var silentSteps = 0
    var actions: [PBFTAction] = []

    init(_ run: TraceRun, _ binding: SpecBinding) {
        self.binding = binding
        spec = binding.spec
        header = run.header
        self.run = run
        state = binding.spec.initialStates[0]
        evidence = Array(repeating: Evidence(), count: run.header.replicaCount)
        executedThrough = Array(repeating: 0, count: run.header.replicaCount)
        var senders: Set<Int> = []
        for (key, record) in run.sends {
            if case .viewChange(let content) = record.message { senders.insert(key.sender.index * 16 + content.view.number) }
        }
        viewChangeSenders = senders
    }

    // MARK: Names

    func name(_ replica: ReplicaID) -> String { header.name(of: replica) }
    func primary(_ view: View) -> ReplicaID { view.primary(among: header.replicaCount) }
    func digestName(_ digest: Digest?) -> String { digest.map(binding.name(of:)) ?? "—" }

    /// The history of `replica`'s first `count` slots.
    func history(of replica: ReplicaID, through count: Int) -> History {
        History(count: count, prefix: state[replica].ledgerPrefix(count))
    }

    static func pack(_ ledger: [Digest]) -> UInt64 {
        var word: UInt64 = 0
        for (index, digest) in ledger.enumerated() { word |= UInt64(digest.code) << UInt64(4 * index) }
        return word
    }

    func describe(_ history: History) -> String {
        let digests = (0..<history.count).map { slot in
            Digest(code: UInt8(truncatingIfNeeded: history.prefix >> UInt64(4 * slot)) & 0xF).map(binding.name(of:)) ?? "—"
        }
        return "[\(digests.joined(separator: " "))]"
    }

    func unknownDigest(_ text: String) -> Finding {
        Finding(
            problem: "digest \"\(text)\" is neither a client request nor the null digest",
            nearestMiss: "requests are the header's \"requests\" and the digests of request events: "
                + (binding.requests.isEmpty ? "none here" : binding.requests.joined(separator: ", ")))
    }

    // MARK: Checkpoint states and results

    /// Whether `state` may name `history` (a state names one history, a history has one state).
    func stateProblem(_ stateText: String, _ history: History) -> Finding? {
        let index = binding.stateIndex[stateText]!
        if let bound = stateHistory[index], bound != history {
            return Finding(
                problem:
                    "checkpoint state \"\(stateText)\" was the state after \(describe(bound)) (first at \(stateWitness[index]!)); here it is the state after \(describe(history))",
                nearestMiss: "a checkpoint's state digest must determine the history of requests executed up to it",
                related: [stateWitness[index]!])
        }
        if let other = historyState[history], other != index {
            let otherName = binding.stateIndex.first { $0.value == other }!.key
            return Finding(
                problem:
                    "the state after \(describe(history)) is \"\(otherName)\" (first at \(stateWitness[other]!)), not \"\(stateText)\"",
                nearestMiss: "replicas that executed the same requests must report the same checkpoint state",
                related: [stateWitness[other]!])
        }
        return nil
    }

    mutating func bindState(_ stateText: String, _ history: History, at location: TraceLocation) {
        let index = binding.stateIndex[stateText]!
        if stateHistory[index] == nil {
            stateHistory[index] = history
            historyState[history] = index
            stateWitness[index] = location
        }
    }

    /// The history a checkpoint state names, if some correct replica's checkpoint bound it.
    func history(ofState stateText: String?, seq: SequenceNumber) -> History? {
        guard seq.number > 0 else { return History(count: 0, prefix: 0) }
        guard let stateText, let index = binding.stateIndex[stateText], let history = stateHistory[index], history.count == seq.number
        else {
            return nil
        }
        return history
    }

    // MARK: Sends

    /// Judges a send by correct replica `replica` and records it.
    mutating func judgeSend(_ event: TraceEvent, msg: String, to: [ReplicaID], message: TraceMessage) -> Finding? {
        let replica = event.replica
        if let finding = sendProblem(replica, message) { return finding }
        if case .checkpoint(let seq, let stateText) = message {
            bindState(stateText, history(of: replica, through: seq.number), at: event.location)
        }
        let key = TraceRun.MessageKey(sender: replica, msg: msg)
        if sent[key] == nil {
            sent[key] = SentMessage(message: message, destinations: ReplicaSet(to), location: event.location)
        } else {
            sent[key]!.destinations = sent[key]!.destinations.union(ReplicaSet(to))
        }
        return nil
    }

    /// Why correct `replica` could not have sent `message` in the current spec state, if it could not.
    func sendProblem(_ replica: ReplicaID, _ message: TraceMessage) -> Finding? {
        let row = state[replica]
        let me = name(replica)
        func pinned(_ view: View, _ seq: SequenceNumber, _ text: String, role: String) -> Finding? {
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            guard let own = row.prepare(in: view, at: seq) else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but has not pre-prepared (\(view), \(seq.number)) in the spec",
                    nearestMiss: "a replica sends \(role) for (v, n) only after its pre-prepared event for (v, n)")
            }
            guard own == digest else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but pre-prepared \(binding.name(of: own)) at (\(view), \(seq.number))",
                    nearestMiss: "the \(role) must carry the digest the replica pre-prepared")
            }
            return nil
        }
        switch message {
        case .prePrepare(let view, let seq, let text):
            guard primary(view) == replica else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but the primary of \(view) is \(name(primary(view)))",
                    nearestMiss: "only the primary of a view sends PRE-PREPAREs for it")
            }
            return pinned(view, seq, text, role: "PRE-PREPARE")
        case .prepare(let view, let seq, let text):
            guard primary(view) != replica else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but it is the primary of \(view)",
                    nearestMiss: "the primary's PRE-PREPARE stands for its PREPARE; it sends no PREPARE")
            }
            return pinned(view, seq, text, role: "PREPARE")
        case .commit(let view, let seq, let text):
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            guard row.hasSentCommit(in: view, at: seq), let own = row.prepare(in: view, at: seq) else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but is not prepared at (\(view), \(seq.number)) in the spec",
                    nearestMiss: "a replica sends COMMIT only after its prepared event for (v, n)")
            }
            guard own == digest else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but prepared \(binding.name(of: own)) at (\(view), \(seq.number))",
                    nearestMiss: "the COMMIT must carry the prepared digest")
            }
            return nil
        case .checkpoint(let seq, let stateText):
            return checkpointProblem(replica, seq, stateText, what: "sent \(message.summary)")
        case .viewChange(let content):
            guard let reported = row.viewChangeCheckpoint(for: content.view) else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but has not started a view change to \(content.view) in the spec",
                    nearestMiss: "a replica sends VIEW-CHANGE(v) after its view-change event for v")
            }
            guard reported == content.checkpoint else {
                return Finding(
                    problem:
                        "\(me) sent \(message.summary) but its stable checkpoint was \(reported.number) when it started the view change",
                    nearestMiss: "VIEW-CHANGE carries the sender's last stable checkpoint")
            }
            if content.checkpoint.number > 0,
                let finding = stateProblem(content.state!, history(of: replica, through: content.checkpoint.number))
            {
                return finding
            }
            var expected: [PreparedClaim] = []
            for number in stride(from: content.checkpoint.number + 1, through: spec.configuration.maxSequence.number, by: 1) {
                let seq = SequenceNumber(number)
                if let certificate = row.certificate(at: seq, before: content.view) {
                    expected.append(PreparedClaim(seq: seq, view: certificate.view, digest: binding.name(of: certificate.digest)))
                }
            }
            guard expected == content.prepared else {
                return Finding(
                    problem:
                        "\(me) sent \(message.summary) but its prepared certificates are [\(expected.map(\.summary).joined(separator: " "))]",
                    nearestMiss:
                        "P holds, for each sequence number above the checkpoint, the certificate of the latest view the replica prepared in"
                )
            }
            return nil
        case .newView(let content):
            guard primary(content.view) == replica else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but the primary of \(content.view) is \(name(primary(content.view)))",
                    nearestMiss: "only the new primary sends NEW-VIEW")
            }
            guard let record = state.newViews[content.view.number] else {
                return Finding(
                    problem: "\(me) sent \(message.summary) but has not entered \(content.view) in the spec",
                    nearestMiss: "the new primary sends NEW-VIEW after its new-view event")
            }
            let proposals = (0..<max(0, record.lastSlot.number - record.checkpoint.number)).map {
                digestName(row.prepare(in: content.view, at: SequenceNumber(record.checkpoint.number + 1 + $0)))
            }
            let recordHistory = History(count: record.checkpoint.number, prefix: Self.pack(record.checkpointLedger))
            guard record.checkpoint == content.checkpoint, proposals == content.proposals else {
                return Finding(
                    problem:
                        "\(me) sent \(message.summary) but entered \(content.view) with h=\(record.checkpoint.number), O=[\(proposals.joined(separator: " "))]",
                    nearestMiss: "the NEW-VIEW must carry the checkpoint and O of the primary's new-view event")
            }
            if record.checkpoint.number > 0, let finding = stateProblem(content.state!, recordHistory) { return finding }
            if let members = content.viewChanges {
                let received = evidence[replica.index].senders(of: Evidence.key(.viewChange, view: content.view.number))
                for member in members where member != replica && !received.contains(member) {
                    return Finding(
                        problem:
                            "\(me) sent \(message.summary) with V naming \(name(member)), whose VIEW-CHANGE(\(content.view)) it never received",
                        nearestMiss: "V holds VIEW-CHANGE messages the primary received (and its own)")
                }
            }
            return nil
        }
    }

    /// Why correct `replica` could not report checkpoint `seq` with `stateText` now, if it could not.
    func checkpointProblem(_ replica: ReplicaID, _ seq: SequenceNumber, _ stateText: String, what: String) -> Finding? {
        let me = name(replica)
        let interval = binding.checkpointInterval
        guard interval > 0 else {
            return Finding(problem: "\(me) \(what) but the header sets no checkpoints", nearestMiss: "checkpoint_interval is 0 (or absent)")
        }
        guard seq.number % interval == 0 else {
            return Finding(
                problem: "\(me) \(what) but \(seq.number) is not a checkpoint",
                nearestMiss: "checkpoints are taken every \(interval) executions")
        }
        let row = state[replica]
        guard row.executedCount >= seq.number else {
            return Finding(
                problem: "\(me) \(what) but has executed only through \(row.executedCount) in the spec",
                nearestMiss: "a checkpoint is of the state after executing its sequence number")
        }
        return stateProblem(stateText, history(of: replica, through: seq.number))
    }

    // MARK: Receives

    /// Judges a receive by correct replica `replica` and records its evidence.
    mutating func judgeReceive(_ event: TraceEvent, msg: String, from sender: ReplicaID, message: TraceMessage?, merged: Bool) -> Finding? {
        let replica = event.replica
        let key = TraceRun.MessageKey(sender: sender, msg: msg)
        if header.crashed.contains(sender) {
            return Finding(
                problem: "\(name(replica)) received \(msg) from \(name(sender)), which the header declares crashed",
                nearestMiss: "a crashed replica sends nothing")
        }
        if header.faulty.contains(sender) {
            let content = message ?? run.sends[key]!.message
            if case .newView(let nv) = content, let members = nv.viewChanges {
                for member in members
                where !header.faulty.contains(member) && !viewChangeSenders.contains(member.index * 16 + nv.view.number) {
                    return Finding(
                        problem:
                            "\(name(replica)) received \(content.summary) from \(name(sender)) naming \(name(member))'s VIEW-CHANGE(\(nv.view)) in V, which \(name(member)) never sent",
                        nearestMiss:
                            "a Byzantine replica sends any well-formed message under its own identity but cannot forge a correct replica's signed message"
                    )
                }
            }
            evidence[replica.index].record(content, from: sender, binding: binding)
            return nil
        }
        guard let sentMessage = sent[key] else {
            if let record = run.sends[key] {
                return Finding(
                    problem:
                        "\(name(replica)) received \(msg) (\(record.message.summary)) from \(name(sender)) before \(name(sender)) sent it at \(record.location)",
                    nearestMiss: merged
                        ? "in a merged file every receive must come after its send"
                        : "the send depends causally on events after this receive",
                    related: [record.location])
            }
            let log = run.logs[sender.index]
            let tail = log.last.map { "; its log ends at lsn \($0.lsn) (\($0.location))" } ?? "; the run has no log of \(name(sender))"
            return Finding(
                problem: "\(name(replica)) received \(msg) from \(name(sender)), a correct replica that never sent it\(tail)",
                nearestMiss: "messages are signed: a message from a correct replica must be in that replica's log"
                    + (message.map { " (claimed content \($0.summary))" } ?? ""),
                related: log.last.map { [$0.location] } ?? [])
        }
        guard sentMessage.destinations.contains(replica) else {
            return Finding(
                problem:
                    "\(name(replica)) received \(msg) from \(name(sender)), which sent it only to [\(sentMessage.destinations.map(name).joined(separator: " "))]",
                nearestMiss: "a message reaches only the replicas it was sent to", related: [sentMessage.location])
        }
        if let message, message != sentMessage.message {
            return Finding(
                problem:
                    "\(name(replica)) received \(message.summary) as \(msg) from \(name(sender)), which sent \(sentMessage.message.summary)",
                nearestMiss: "messages are signed: the content received is the content sent", related: [sentMessage.location])
        }
        evidence[replica.index].record(sentMessage.message, from: sender, binding: binding)
        return nil
    }
}
