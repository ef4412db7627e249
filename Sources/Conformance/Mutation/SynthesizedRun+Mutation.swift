import MessagePassing
import ModelChecking
import ProtocolSpecs

extension SynthesizedRun {
    /// This run altered by `mutation` at a place chosen with `seed`, or `nil` when the run has no place
    /// for it (e.g. no replica executed twice). `merged` says how the mutant will be written: it
    /// decides where a moved receive goes and which truncation receive is reported first.
    public func mutated(by mutation: TraceMutation, seed: UInt64, merged: Bool = false) -> Mutant? {
        var generator = SeededGenerator(seed: seed ^ 0x00A1_7E4E_D)
        func pick<T>(_ options: [T]) -> T? { options.isEmpty ? nil : options[Int.random(in: 0..<options.count, using: &generator)] }
        let nextID = (entries.map(\.id).max() ?? -1) + 1
        var copy = self
        switch mutation {
        case .dropReceive:
            let candidates = entries.indices.filter { index in
                guard case .evidence = entries[index].purpose else { return false }
                return isCorrect(entries[index].event.replica)
            }
            guard let index = pick(candidates), case .evidence(let step) = entries[index].purpose else { return nil }
            copy.entries.remove(at: index)
            return Mutant(
                run: copy, mutation: mutation, expected: [step], isExact: true,
                summary: "dropped \(describe(index)), which \(describe(id: step)) needs")

        case .receiveBeforeSend:
            let sends = sendPositions()
            if merged {
                let candidates = entries.indices.filter { index in
                    guard case .receive(let msg, let from, _) = entries[index].event.body else { return false }
                    return isCorrect(entries[index].event.replica) && isCorrect(from) && sends[MessageID(from, msg)] != nil
                }
                guard let index = pick(candidates), case .receive(let msg, let from, _) = entries[index].event.body else { return nil }
                let target = sends[MessageID(from, msg)]!
                let entry = copy.entries.remove(at: index)
                copy.entries.insert(entry, at: target)
                return Mutant(
                    run: copy, mutation: mutation, expected: [entry.id], isExact: true,
                    summary: "moved \(describe(index)) before its send (\(describe(target)))")
            }
            // Per replica: before the receiver's own event that the send causally depends on.
            let (clocks, sendClocks) = vectorClocks()
            var candidates: [(index: Int, before: Int)] = []
            for index in entries.indices {
                guard case .receive(let msg, let from, _) = entries[index].event.body, isCorrect(entries[index].event.replica),
                    isCorrect(from),
                    let sendClock = sendClocks[MessageID(from, msg)]
                else { continue }
                let receiver = entries[index].event.replica
                let known = sendClock[receiver.index]
                guard known >= 1,
                    let position = entries.indices.first(where: {
                        entries[$0].event.replica == receiver && clocks[$0][receiver.index] == known
                    })
                else { continue }
                candidates.append((index, position))
            }
            guard let choice = pick(candidates) else { return nil }
            let entry = copy.entries.remove(at: choice.index)
            copy.entries.insert(entry, at: choice.before)
            return Mutant(
                run: copy, mutation: mutation, expected: [entry.id], isExact: false,
                summary: "moved \(describe(choice.index)) before \(describe(choice.before)), which its send depends on")

        case .changeDigest:
            let candidates = entries.indices.filter { index in
                guard entries[index].purpose == .send, case .send(_, _, let message) = entries[index].event.body else { return false }
                switch message {
                case .prePrepare, .prepare, .commit: return true
                default: return false
                }
            }
            guard let index = pick(candidates), case .send(let msg, let to, let message) = entries[index].event.body else { return nil }
            let sender = entries[index].event.replica
            let current: String
            switch message {
            case .prePrepare(_, _, let digest), .prepare(_, _, let digest), .commit(_, _, let digest): current = digest
            default: return nil
            }
            guard let replacement = pick((header.requests + [header.nullDigest]).filter { $0 != current }) else { return nil }
            let changed = Self.replacingDigest(of: message, with: replacement)
            copy.entries[index].event.body = .send(msg: msg, to: to, message: changed)
            for other in copy.entries.indices {
                if case .receive(msg, sender, .some) = copy.entries[other].event.body {
                    copy.entries[other].event.body = .receive(msg: msg, from: sender, message: changed)
                }
            }
            return Mutant(
                run: copy, mutation: mutation, expected: [entries[index].id], isExact: true,
                summary: "\(describe(index)) now carries \(replacement) instead of \(current)")

        case .tooFewPrepares:
            var candidates: [(step: Int, first: Int)] = []
            for index in entries.indices {
                guard case .prepared = entries[index].event.body else { continue }
                let id = entries[index].id
                let evidence = entries.indices.filter { entries[$0].purpose == .evidence(step: id) }
                let prepares = evidence.filter {
                    if case .receive(_, _, .prepare?) = entries[$0].event.body { return true }
                    return false
                }
                if let first = evidence.first, !prepares.isEmpty { candidates.append((index, first)) }
            }
            guard let choice = pick(candidates) else { return nil }
            let entry = copy.entries.remove(at: choice.step)
            copy.entries.insert(entry, at: choice.first)
            return Mutant(
                run: copy, mutation: mutation, expected: [entry.id], isExact: true,
                summary: "moved \(describe(choice.step)) before the PREPAREs it needs arrive")

        case .executeOutOfOrder:
            var candidates: [(Int, Int)] = []
            for index in 0..<header.replicaCount where isCorrect(ReplicaID(index)) {
                let executions = entries.indices.filter { position in
                    guard entries[position].event.replica == ReplicaID(index), case .executed = entries[position].event.body else {
                        return false
                    }
                    return true
                }
                for (first, second) in zip(executions, executions.dropFirst()) {
                    if case .executed(let a, _, _) = entries[first].event.body, case .executed(let b, _, _) = entries[second].event.body,
                        b.number == a.number + 1
                    {
                        candidates.append((first, second))
                    }
                }
            }
            guard let (first, second) = pick(candidates) else { return nil }
            copy.entries.swapAt(first, second)
            return Mutant(
                run: copy, mutation: mutation, expected: [entries[second].id], isExact: true,
                summary: "swapped \(describe(first)) and \(describe(second))")

        case .forgedSender:
            let correct = (0..<header.replicaCount).map(ReplicaID.init).filter(isCorrect)
            guard correct.count >= 2, let receiver = pick(correct), let sender = pick(correct.filter { $0 != receiver }) else { return nil }
            let positions = entries.indices.filter { entries[$0].event.replica == receiver }
            guard let position = pick(positions) else { return nil }
            let message = TraceMessage.prepare(view: View(0), seq: SequenceNumber(1), digest: header.requests.first ?? header.nullDigest)
            let msg = "\(header.name(of: sender)).forged"
            let forged = Entry(
                id: nextID,
                event: TraceEvent(
                    replica: receiver, lsn: 0, body: .receive(msg: msg, from: sender, message: message),
                    location: TraceLocation(file: "", line: 0)),
                purpose: .delivery)
            copy.entries.insert(forged, at: position)
            return Mutant(
                run: copy, mutation: mutation, expected: [nextID], isExact: true,
                summary: "\(header.name(of: receiver)) receives \(msg), a \(message.summary) that \(header.name(of: sender)) never sent")

        case .truncatedLog:
            var candidates: [Int] = []
            for index in entries.indices {
                guard entries[index].purpose == .send, case .send(let msg, _, _) = entries[index].event.body else { continue }
                let sender = entries[index].event.replica
                if entries.contains(where: { isReceive($0, of: MessageID(sender, msg)) }) { candidates.append(index) }
            }
            guard let cut = pick(candidates) else { return nil }
            let sender = entries[cut].event.replica
            var cutMessages: Set<MessageID> = []
            for index in cut..<entries.count where entries[index].event.replica == sender {
                if case .send(let msg, _, _) = entries[index].event.body { cutMessages.insert(MessageID(sender, msg)) }
            }
            copy.entries = entries.enumerated().filter { $0.offset < cut || $0.element.event.replica != sender }.map(\.element)
            let receives = copy.entries.filter { entry in cutMessages.contains { isReceive(entry, of: $0) } }.map(\.id)
            return Mutant(
                run: copy, mutation: mutation, expected: merged ? Array(receives.prefix(1)) : receives, isExact: true,
                summary: "cut \(header.name(of: sender))'s log before \(describe(cut))")

        case .trailingEvents:
            var candidates: [Int] = []
            for index in 0..<header.replicaCount where isCorrect(ReplicaID(index)) {
                let last = entries.indices.last { position in
                    guard entries[position].event.replica == ReplicaID(index) else { return false }
                    switch entries[position].event.body {
                    case .prePrepared, .prepared, .committed, .executed, .checkpointStable, .viewChangeStarted, .newViewEntered: return true
                    default: return false
                    }
                }
                if let last { candidates.append(last) }
            }
            guard let index = pick(candidates) else { return nil }
            var repeated = entries[index]
            repeated.id = nextID
            var another = entries[index]
            another.id = nextID + 1
            copy.entries += [repeated, another]
            return Mutant(
                run: copy, mutation: mutation, expected: [nextID], isExact: true,
                summary: "appended two more copies of \(describe(index)) after the end of the log")
        }
    }

    // MARK: Helpers

    /// A message's identity: sender and id.
    struct MessageID: Hashable {
        var sender: ReplicaID
        var msg: String
        init(_ sender: ReplicaID, _ msg: String) {
            self.sender = sender
            self.msg = msg
        }
    }

    func isCorrect(_ replica: ReplicaID) -> Bool { !header.faulty.contains(replica) && !header.crashed.contains(replica) }

    func isReceive(_ entry: Entry, of message: MessageID) -> Bool {
        guard isCorrect(entry.event.replica), case .receive(let msg, let from, _) = entry.event.body else { return false }
        return from == message.sender && msg == message.msg
    }

    /// The position of the first send of every message.
    func sendPositions() -> [MessageID: Int] {
        var result: [MessageID: Int] = [:]
        for index in entries.indices {
            if case .send(let msg, _, _) = entries[index].event.body, result[MessageID(entries[index].event.replica, msg)] == nil {
                result[MessageID(entries[index].event.replica, msg)] = index
            }
        }
        return result
    }

    /// Lamport's vector clocks of every entry, and of every message at its first send.
    func vectorClocks() -> (entries: [[Int]], sends: [MessageID: [Int]]) {
        var current = Array(repeating: Array(repeating: 0, count: header.replicaCount), count: header.replicaCount)
        var result: [[Int]] = []
        var sends: [MessageID: [Int]] = [:]
        for entry in entries {
            let replica = entry.event.replica.index
            current[replica][replica] += 1
            switch entry.event.body {
            case .receive(let msg, let from, _):
                if let clock = sends[MessageID(from, msg)] {
                    for index in clock.indices { current[replica][index] = max(current[replica][index], clock[index]) }
                }
            case .send(let msg, _, _):
                if sends[MessageID(entry.event.replica, msg)] == nil { sends[MessageID(entry.event.replica, msg)] = current[replica] }
            default: break
            }
            result.append(current[replica])
        }
        return (result, sends)
    }

    static func replacingDigest(of message: TraceMessage, with digest: String) -> TraceMessage {
        switch message {
        case .prePrepare(let view, let seq, _): .prePrepare(view: view, seq: seq, digest: digest)
        case .prepare(let view, let seq, _): .prepare(view: view, seq: seq, digest: digest)
        case .commit(let view, let seq, _): .commit(view: view, seq: seq, digest: digest)
        default: message
        }
    }

    func describe(_ index: Int) -> String {
        let event = entries[index].event
        return "\(header.name(of: event.replica))'s \(event.body.summary(header))"
    }

    func describe(id: Int) -> String {
        entries.firstIndex { $0.id == id }.map { describe($0) } ?? "event \(id)"
    }
}
