import MessagePassing
import ProtocolSpecs

/// Judges implementation traces with the PBFT spec's rules — the same `PBFT` transition system the
/// model checker explores (TLA+ trace validation's idea; P's PObserve's setting of logs from real
/// replicas).
///
/// The oracle merges the replicas' logs in a causal order (a receive after its send), then replays
/// every event: a local step must be a spec step that the spec enables *and* that the messages the
/// replica received support; a send must carry a message the replica's spec state says it has sent;
/// a receive must match a send addressed to the receiver, unless the sender is declared faulty, in
/// which case the message only has to be well formed (a Byzantine replica may send anything under
/// its own identity). A run conforms only when every event is explained and every event is read.
///
/// Why the merge is sound and complete: the spec's steps read other replicas only through messages
/// that exist, and messages are never withdrawn, so processing other replicas' events earlier never
/// disables a step. So an event that is not explained yet waits while every other replica advances
/// as far as causality allows (its receives after their sends); it diverges only if it is still
/// unexplained when nothing else can move. This matters for what the logs cannot show: a Byzantine
/// VIEW-CHANGE may carry a certificate made of PREPAREs the receiver never saw.
public struct ConformanceOracle: Sendable {
    /// How many unlogged spec steps of a replica the oracle may infer before one of its events (TLA+
    /// trace validation's silent actions). 0, the default, requires every step to be logged.
    public var maxSilentSteps: Int

    /// An oracle allowing `maxSilentSteps` unlogged steps before each event.
    public init(maxSilentSteps: Int = 0) {
        self.maxSilentSteps = max(0, maxSilentSteps)
    }

    /// Reads and judges the run in `paths` (files, or directories of `*.ndjson`).
    ///
    /// - Throws: `MalformedTrace` when the input breaks the format.
    public func check(paths: [String]) throws -> ConformanceReport {
        try check(try TraceRun.load(paths))
    }

    /// Judges `run`.
    ///
    /// - Throws: `MalformedTrace` when the run does not fit the spec's capacity.
    /// - Complexity: O(events × enabled spec steps) for logged steps; the silent-step search, only on
    ///   a failing event, is exponential in `maxSilentSteps`.
    public func check(_ run: TraceRun) throws -> ConformanceReport {
        let binding = try SpecBinding(run)
        var replay = Replay(run, binding)
        var consumed = 0
        var failure: (event: TraceEvent, finding: Finding)? = nil
        if run.isMerged {
            for event in run.mergedOrder {
                if let finding = judge(&replay, event, merged: true) {
                    failure = (event, finding)
                    break
                }
                consumed += 1
            }
        } else {
            let count = run.header.replicaCount
            var positions = Array(repeating: 0, count: count)
            // A replica whose next event is not explained yet waits while the others advance as far
            // as causality lets them (explanations only grow with others' progress); it diverges only
            // if nothing else can move. The one reported is the one that has waited longest.
            var waitingSince: [Int?] = Array(repeating: nil, count: count)
            var round = 0
            while true {
                var progressed = false
                var pending = false
                for index in 0..<count {
                    let log = run.logs[index]
                    while positions[index] < log.count {
                        let event = log[positions[index]]
                        if isBlocked(event, replay) {
                            pending = true
                            break
                        }
                        if judge(&replay, event, merged: false) != nil {
                            if waitingSince[index] == nil { waitingSince[index] = round }
                            pending = true
                            break
                        }
                        waitingSince[index] = nil
                        positions[index] += 1
                        consumed += 1
                        progressed = true
                    }
                    round += 1
                }
                if !pending { break }
                if !progressed {
                    let stuck = (0..<count).filter { waitingSince[$0] != nil }
                    if let index = stuck.min(by: { (waitingSince[$0]!, $0) < (waitingSince[$1]!, $1) }) {
                        let event = run.logs[index][positions[index]]
                        failure = (event, judge(&replay, event, merged: false)!)
                    } else {
                        failure = causalCycle(run, positions)
                    }
                    break
                }
            }
        }
        return report(run, binding, &replay, consumed: consumed, failure: failure)
    }

    /// Whether `event` must wait: a correct replica's receive of a correct replica's message whose
    /// send is in the run but not yet processed.
    private func isBlocked(_ event: TraceEvent, _ replay: Replay) -> Bool {
        guard case .receive(let msg, let sender, _) = event.body else { return false }
        let header = replay.header
        guard !header.faulty.contains(event.replica), !header.crashed.contains(event.replica) else { return false }
        guard !header.faulty.contains(sender), !header.crashed.contains(sender) else { return false }
        let key = TraceRun.MessageKey(sender: sender, msg: msg)
        return replay.sent[key] == nil && replay.run.sends[key] != nil
    }

    /// Judges one event, trying unlogged spec steps of its replica first when allowed.
    private func judge(_ replay: inout Replay, _ event: TraceEvent, merged: Bool) -> Finding? {
        guard let finding = judgeOnce(&replay, event, merged: merged) else { return nil }
        guard maxSilentSteps > 0 else { return finding }
        if case .receive = event.body { return finding }
        if replay.header.faulty.contains(event.replica) || replay.header.crashed.contains(event.replica) { return finding }
        var frontier = [replay]
        for _ in 0..<maxSilentSteps where !frontier.isEmpty {
            var next: [Replay] = []
            for candidate in frontier {
                var probe = candidate
                for action in probe.enabledSteps(of: event.replica) where probe.evidenceShortfall(action) == nil {
                    var stepped = candidate
                    stepped.apply(action)
                    stepped.silentSteps += 1
                    var attempt = stepped
                    if judgeOnce(&attempt, event, merged: merged) == nil {
                        replay = attempt
                        return nil
                    }
                    next.append(stepped)
                }
            }
            frontier = next
        }
        return finding
    }

    private func judgeOnce(_ replay: inout Replay, _ event: TraceEvent, merged: Bool) -> Finding? {
        let header = replay.header
        let replica = event.replica
        if header.crashed.contains(replica) {
            return Finding(
                problem: "\(header.name(of: replica)) is declared crashed, yet its log has events",
                nearestMiss: "a crashed replica takes no step")
        }
        if header.faulty.contains(replica) { return nil }
        switch event.body {
        case .send(let msg, let to, let message): return replay.judgeSend(event, msg: msg, to: to, message: message)
        case .receive(let msg, let from, let message):
            return replay.judgeReceive(event, msg: msg, from: from, message: message, merged: merged)
        default: return replay.judgeStep(event)
        }
    }

    /// The divergence of a deadlocked merge: receives waiting, around a cycle, for sends that come
    /// after them.
    private func causalCycle(_ run: TraceRun, _ positions: [Int]) -> (TraceEvent, Finding) {
        var chain: [(event: TraceEvent, send: TraceRun.SendRecord)] = []
        var index = (0..<positions.count).first { positions[$0] < run.logs[$0].count }!
        var seen: [Int: Int] = [:]
        while seen[index] == nil {
            seen[index] = chain.count
            let event = run.logs[index][positions[index]]
            guard case .receive(let msg, let sender, _) = event.body, let send = run.sends[TraceRun.MessageKey(sender: sender, msg: msg)]
            else {
                preconditionFailure("causalCycle: a blocked head that is not a pending receive: \(event)")
            }
            chain.append((event, send))
            index = sender.index
        }
        let cycle = Array(chain[seen[index]!...])
        let blamed = cycle.min { $0.event.replica < $1.event.replica }!
        let header = run.header
        let links = cycle.map { link -> String in
            guard case .receive(let msg, let sender, _) = link.event.body else { return "" }
            return
                "\(header.name(of: link.event.replica)) receives \(msg) at \(link.event.location), which \(header.name(of: sender)) sends only later, at \(link.send.location)"
        }
        guard case .receive(let msg, let sender, _) = blamed.event.body else { preconditionFailure("causalCycle: not a receive") }
        let finding = Finding(
            problem:
                "\(header.name(of: blamed.event.replica)) received \(msg) (\(blamed.send.message.summary)) from \(header.name(of: sender)) before it could have been sent: the logs' receives and sends form a causal cycle",
            nearestMiss: links.joined(separator: "; "),
            related: cycle.flatMap { [$0.event.location, $0.send.location] }.filter { $0 != blamed.event.location })
        return (blamed.event, finding)
    }

    private func report(
        _ run: TraceRun, _ binding: SpecBinding, _ replay: inout Replay, consumed: Int, failure: (event: TraceEvent, finding: Finding)?
    ) -> ConformanceReport {
        let header = run.header
        let configuration = binding.spec.configuration
        var spec = "n=\(header.replicaCount) f=\(header.faultThreshold) quorum=\(configuration.quorum)"
        if configuration.newViewQuorum != configuration.quorum { spec += " newview_quorum=\(configuration.newViewQuorum)" }
        spec += " views 0...\(configuration.maxView.number) seq 1...\(configuration.maxSequence.number) requests \(binding.requests.count)"
        if configuration.checkpointInterval > 0 { spec += " checkpoint every \(configuration.checkpointInterval)" }
        var divergence: Divergence? = nil
        if let (event, finding) = failure {
            let replica = event.replica
            let judged = !header.faulty.contains(replica) && !header.crashed.contains(replica)
            var steps: [String] = []
            if judged {
                let enabled = replay.enabledSteps(of: replica).map(replay.describe)
                steps = Array(enabled.prefix(16))
                if enabled.count > 16 { steps.append("… \(enabled.count - 16) more") }
            }
            divergence = Divergence(
                file: event.location.file, line: event.location.line, replica: header.name(of: replica), lsn: event.lsn,
                kind: event.body.kind.rawValue, event: event.summary(header), problem: finding.problem, nearestMiss: finding.nearestMiss,
                replicaState: judged ? replay.snapshot(of: replica) : nil, enabledSteps: steps, silentStepsTried: maxSilentSteps,
                related: finding.related.map(\.description))
        }
        return ConformanceReport(
            verdict: divergence == nil ? "conformant" : "divergent", files: run.files.map(\.path), merged: run.isMerged,
            replicas: header.replicaNames, faulty: header.faulty.map(header.name(of:)), crashed: header.crashed.map(header.name(of:)),
            events: run.eventCount, consumed: consumed, specSteps: replay.loggedSteps, silentSteps: replay.silentSteps,
            maxSilentSteps: maxSilentSteps, spec: spec, divergence: divergence)
    }
}
