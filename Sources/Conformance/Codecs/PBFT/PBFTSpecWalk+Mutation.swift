import ModelChecking

/// The mutation suite on long runs walked from the spec: each `TraceMutation` that a version-2
/// PBFT trace can express, planted at a seeded place in the second half of the run, with the lines
/// where the validator must report it (`receive-before-send` in a merged file).
extension PBFTSpecWalk {
    /// The mutations a walk's per-replica files can carry (`receive-before-send` needs one merged file).
    public static let mutations: [TraceMutation] = [
        .dropReceive, .changeDigest, .tooFewPrepares, .executeOutOfOrder, .forgedSender, .truncatedLog, .trailingEvents,
    ]
    /// The mutation a walk's merged file (`mergedFile(events:)`) carries: a receipt moved before its send.
    public static let mergedMutations: [TraceMutation] = [.receiveBeforeSend]

    /// A planted mutation: the altered files and where the validator must report the first divergence.
    public struct Mutant: Sendable {
        /// The files, as `files(events:)` returns them, altered.
        public var files: [(name: String, text: String)]
        /// The (file, 1-based line) pairs at which the first divergence may be reported.
        public var expected: [(file: String, line: Int)]
        /// What was changed, in a sentence.
        public var summary: String
    }

    /// `files` (a walk's per-replica files, or its merged file for `mergedMutations`) altered by
    /// `mutation` at a place chosen with `seed` in the second half of the run, or `nil` when the run
    /// has no place for it.
    public static func mutate(
        _ files: [(name: String, text: String)], by mutation: TraceMutation, seed: UInt64
    ) -> Mutant? {
        var generator = SeededGenerator(seed: seed)
        var lines = files.map { $0.text.split(separator: "\n").map(String.init) }
        guard !lines.isEmpty else { return nil }
        let file = Int.random(in: 0..<lines.count, using: &generator)
        let ownName = files[file].name.replacingOccurrences(of: ".ndjson", with: "")
        /// Positions (0-based, the header is 0) in `file`'s second half whose line matches `body`.
        func places(_ body: (String) -> Bool) -> [Int] {
            let count = lines[file].count
            return (count / 2..<count).filter { body(lines[file][$0]) }
        }
        func pick(_ positions: [Int]) -> Int? {
            positions.isEmpty ? nil : positions[Int.random(in: 0..<positions.count, using: &generator)]
        }
        func result(_ expected: [(file: String, line: Int)], _ summary: String) -> Mutant {
            var altered = files
            for index in altered.indices { altered[index].text = lines[index].joined(separator: "\n") + "\n" }
            return Mutant(files: altered, expected: expected, summary: summary)
        }
        let sendOfVote = { (line: String) in
            line.contains(#""event":"send""#) && (line.contains(#""type":"PREPARE""#) || line.contains(#""type":"COMMIT""#))
        }
        switch mutation {
        case .changeDigest:
            guard let at = pick(places(sendOfVote)) else { return nil }
            lines[file][at] = lines[file][at].replacingOccurrences(of: #""digest":""#, with: #""digest":"bad-"#)
            return result([(files[file].name, at + 1)], "\(ownName) sends a vote for another digest at line \(at + 1)")
        case .forgedSender:
            let receipts = places { $0.contains(#""event":"recv""#) && $0.contains(#""type":"PREPARE""#) }
            guard let at = pick(receipts), let sender = field("from", in: lines[file][at]) else { return nil }
            let others = files.map { $0.name.replacingOccurrences(of: ".ndjson", with: "") }.filter { $0 != ownName && $0 != sender }
            guard let forger = others.first else { return nil }
            var line = lines[file][at].replacingOccurrences(of: "\"from\":\"\(sender)\"", with: "\"from\":\"\(forger)\"")
            line = line.replacingOccurrences(of: #""digest":""#, with: #""digest":"forged-"#)
            line = line.replacingOccurrences(of: #""msg":""#, with: #""msg":"forged-"#)
            lines[file][at] = line
            return result([(files[file].name, at + 1)], "\(ownName) receives a PREPARE \(forger) never sent, at line \(at + 1)")
        case .dropReceive, .tooFewPrepares:
            // A `prepared` step, and the PREPAREs it counted.
            for at in places({ $0.contains(#""event":"prepared""#) }).shuffled(using: &generator) {
                guard let vote = voteFields(in: lines[file][at]) else { continue }
                let receipts = (1..<at).filter {
                    lines[file][$0].contains(#""event":"recv""#) && lines[file][$0].contains("\"type\":\"PREPARE\",\(vote)")
                }
                guard !receipts.isEmpty else { continue }
                if mutation == .dropReceive {
                    for position in receipts.reversed() { lines[file].remove(at: position) }
                    renumber(&lines[file])
                    return result(
                        [(files[file].name, at + 1 - receipts.count)],
                        "\(ownName) loses the \(receipts.count) PREPARE receipts its prepared step at line \(at + 1 - receipts.count) counted"
                    )
                }
                // The step (and the COMMIT it sends) moved before the first of those receipts.
                let moved = lines[file][at]
                let commit = lines[file][at + 1]
                lines[file].removeSubrange(at...at + 1)
                lines[file].insert(contentsOf: [moved, commit], at: receipts[0])
                renumber(&lines[file])
                return result(
                    [(files[file].name, receipts[0] + 1)],
                    "\(ownName) becomes prepared before its PREPAREs arrive, at line \(receipts[0] + 1)")
            }
            return nil
        case .truncatedLog:
            // Cut at a send that others receive; the first receipt of a message sent after the cut.
            guard let cut = pick(places { $0.contains(#""event":"send""#) }) else { return nil }
            var ids = Set<String>()
            for line in lines[file][cut...] where line.contains(#""event":"send""#) {
                if let id = field("msg", in: line) { ids.insert(id) }
            }
            lines[file].removeSubrange(cut...)
            var expected: [(file: String, line: Int)] = []
            for (index, other) in lines.enumerated() where index != file {
                if let position = other.indices.first(where: {
                    other[$0].contains(#""event":"recv""#) && field("msg", in: other[$0]).map(ids.contains) == true
                }) {
                    expected.append((files[index].name, position + 1))
                }
            }
            guard !expected.isEmpty else { return nil }
            return result(expected, "\(ownName)'s log is cut at line \(cut + 1) while others still receive what it sent later")
        case .trailingEvents:
            // A committed step at a sequence number far beyond anything prepared.
            let lsn = lines[file].count
            lines[file].append(
                "{\"replica\":\"\(ownName)\",\"lsn\":\(lsn),\"event\":\"committed\",\"view\":0,\"seq\":4611686018427387903,\"digest\":\"trailing\"}"
            )
            return result([(files[file].name, lsn + 1)], "\(ownName)'s log ends with a committed step no message explains")
        case .receiveBeforeSend:
            // In a merged file: a receipt moved to just before its send, past other replicas' lines only.
            guard files.count == 1 else { return nil }
            let all = lines[0]
            for at in places({ $0.contains(#""event":"recv""#) }).shuffled(using: &generator) {
                guard let id = field("msg", in: all[at]), let receiver = field("replica", in: all[at]),
                    let send = (1..<at).last(where: { all[$0].contains(#""event":"send""#) && field("msg", in: all[$0]) == id }),
                    !(send..<at).contains(where: { field("replica", in: all[$0]) == receiver })
                else { continue }
                let moved = lines[0].remove(at: at)
                lines[0].insert(moved, at: send)
                return result([(files[0].name, send + 1)], "\(receiver) receives \(id) before it is sent, at line \(send + 1)")
            }
            return nil
        case .executeOutOfOrder:
            // Two executions of consecutive sequence numbers swapped.
            for at in places({ $0.contains(#""event":"executed""#) }).shuffled(using: &generator) {
                guard let seq = number("seq", in: lines[file][at]),
                    let later = (at + 1..<lines[file].count).first(where: {
                        lines[file][$0].contains(#""event":"executed""#) && number("seq", in: lines[file][$0]) == seq + 1
                    })
                else { continue }
                lines[file].swapAt(at, later)
                renumber(&lines[file])
                return result([(files[file].name, at + 1)], "\(ownName) executes \(seq + 1) before \(seq), at line \(at + 1)")
            }
            return nil
        }
    }

    /// `lines` (a file's, the header first) with their `lsn`s numbered 1, 2, … again after lines
    /// were removed or moved, so that the mutant differs only in what the mutation says.
    static func renumber(_ lines: inout [String]) {
        for index in lines.indices.dropFirst() {
            lines[index] = lines[index].replacing(/"lsn":\d+/, with: "\"lsn\":\(index)", maxReplacements: 1)
        }
    }

    /// The string value of `key` in one of a walk's lines.
    static func field(_ key: String, in line: String) -> String? {
        guard let start = line.range(of: "\"\(key)\":\"") else { return nil }
        guard let end = line[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(line[start.upperBound..<end])
    }

    /// The integer value of `key` in one of a walk's lines.
    static func number(_ key: String, in line: String) -> Int? {
        guard let start = line.range(of: "\"\(key)\":") else { return nil }
        return Int(line[start.upperBound...].prefix { $0.isNumber })
    }

    /// `"view":v,"seq":n,"digest":"d"` of a step line.
    static func voteFields(in line: String) -> String? {
        guard let start = line.range(of: #""view":"#) else { return nil }
        return String(line[start.lowerBound...].dropLast())
    }
}
