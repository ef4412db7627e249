import MessagePassing
import ProtocolSpecs

/// How a run's names meet the spec: which PBFT model judges it (n, f, the fault model, quorums,
/// and bounds just large enough for the trace), and the numbering of digests and checkpoint states.
///
/// Bounds come from the trace, not from a config: the spec's rules for a step never depend on the
/// bounds except through the watermark cap H = min(h + L, max-seq) and the checkpoint slots, which
/// are set here to agree with the header. A larger bound only adds steps the trace never takes.
struct SpecBinding {
    /// The model that judges the run.
    let spec: PBFT
    /// Request digests in spec order: `requests[i]` is request i + 1.
    let requests: [String]
    /// Every digest string of the run → its index: 1 null, 1 + r request r, 16… anything else.
    let digestIndex: [String: Int]
    /// Index → digest string (for messages).
    let digestNames: [Int: String]
    /// Every checkpoint-state string of the run → a small index.
    let stateIndex: [String: Int]
    /// The header's checkpoint interval (not clamped).
    let checkpointInterval: Int

    /// The first index of digests that are neither null nor a request.
    static let firstUnknownDigest = 16

    init(_ run: TraceRun) throws {
        let header = run.header
        var requests = header.requests
        var known = Set(requests)
        var digests: [String] = []
        var states: [String] = []
        var maxView = 0
        var maxSeq = 1
        func note(_ view: View) { maxView = max(maxView, view.number) }
        func note(_ seq: SequenceNumber) { maxSeq = max(maxSeq, seq.number) }
        func note(_ content: NewViewContent) {
            note(content.view)
            note(SequenceNumber(content.checkpoint.number + content.proposals.count))
            note(content.checkpoint)
            digests += content.proposals
            if let state = content.state { states.append(state) }
        }
        func note(_ message: TraceMessage) {
            switch message {
            case .prePrepare(let view, let seq, let digest), .prepare(let view, let seq, let digest),
                .commit(let view, let seq, let digest):
                note(view)
                note(seq)
                digests.append(digest)
            case .checkpoint(let seq, let state):
                note(seq)
                states.append(state)
            case .viewChange(let content):
                note(content.view)
                note(content.checkpoint)
                if let state = content.state { states.append(state) }
                for claim in content.prepared {
                    note(claim.seq)
                    note(claim.view)
                    digests.append(claim.digest)
                }
            case .newView(let content): note(content)
            }
        }
        for log in run.logs {
            for event in log {
                switch event.body {
                case .send(_, _, let message): note(message)
                case .receive(_, _, let message): if let message { note(message) }
                case .request(let digest):
                    digests.append(digest)
                    guard digest != header.nullDigest, !known.contains(digest) else { continue }
                    guard requests.count < PBFTConfiguration.requestCapacity else {
                        throw MalformedTrace(
                            event.location.file, event.location.line, field: "digest",
                            "a \(requests.count + 1)th client request; the PBFT spec's capacity is \(PBFTConfiguration.requestCapacity) requests"
                        )
                    }
                    requests.append(digest)
                    known.insert(digest)
                case .prePrepared(let view, let seq, let digest), .prepared(let view, let seq, let digest),
                    .committed(let view, let seq, let digest):
                    note(view)
                    note(seq)
                    digests.append(digest)
                case .executed(let seq, let digest, _):
                    note(seq)
                    digests.append(digest)
                case .checkpointTaken(let seq, let state), .checkpointStable(let seq, let state):
                    note(seq)
                    states.append(state)
                case .viewChangeStarted(let view): note(view)
                case .newViewEntered(let content): note(content)
                }
            }
        }
        guard requests.count <= PBFTConfiguration.requestCapacity else {
            throw MalformedTrace(
                run.files[0].path, 1, field: "requests",
                "\(requests.count) requests; the PBFT spec's capacity is \(PBFTConfiguration.requestCapacity)")
        }
        var digestIndex: [String: Int] = [header.nullDigest: 1]
        var digestNames: [Int: String] = [1: header.nullDigest]
        for (offset, request) in requests.enumerated() {
            digestIndex[request] = offset + 2
            digestNames[offset + 2] = request
        }
        for digest in digests where digestIndex[digest] == nil {
            let index = Self.firstUnknownDigest + digestNames.count
            digestIndex[digest] = index
            digestNames[index] = digest
        }
        var stateIndex: [String: Int] = [:]
        for state in states where stateIndex[state] == nil { stateIndex[state] = stateIndex.count + 1 }

        let kinds = (0..<header.replicaCount).map { index -> FaultKind in
            let replica = ReplicaID(index)
            return header.faulty.contains(replica) ? .byzantine : header.crashed.contains(replica) ? .crashed : .correct
        }
        let interval = header.checkpointInterval <= maxSeq ? header.checkpointInterval : 0
        let configuration = PBFTConfiguration(
            replicaCount: header.replicaCount, faultThreshold: header.faultThreshold, faults: FaultModel(kinds: kinds),
            quorum: header.quorum, newViewQuorum: header.newViewQuorum, maxView: maxView, maxSequence: maxSeq,
            requestCount: max(1, requests.count), checkpointInterval: interval, window: min(header.window ?? maxSeq, maxSeq))
        if let problem = configuration.problems.first {
            throw MalformedTrace(
                run.files[0].path, 1, field: problem.parameter, "the header does not make a PBFT model: \(problem.problem)")
        }
        spec = PBFT(configuration)
        self.requests = requests
        self.digestIndex = digestIndex
        self.digestNames = digestNames
        self.stateIndex = stateIndex
        checkpointInterval = header.checkpointInterval
    }

    /// The spec's digest for a digest string, or `nil` when it is neither null nor a request.
    @inline(__always)
    func digest(_ text: String) -> Digest? {
        guard let index = digestIndex[text], index < Self.firstUnknownDigest else { return nil }
        return Digest(code: UInt8(index))
    }

    /// The digest string of a spec digest.
    func name(of digest: Digest) -> String { digestNames[Int(digest.code)] ?? digest.description }
}
