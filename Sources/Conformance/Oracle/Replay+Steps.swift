import MessagePassing
import ModelChecking
import ProtocolSpecs

/// Local protocol steps: each maps to one spec action, which must be enabled in the spec state and
/// backed by what the replica received (Castro & Liskov §4.2–4.4).
extension Replay {
    /// Judges a local step of correct `event.replica` and takes it.
    mutating func judgeStep(_ event: TraceEvent) -> Finding? {
        let replica = event.replica
        switch event.body {
        case .request(let text):
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            guard digest.isRequest else {
                return Finding(
                    problem: "\(name(replica)) accepted the null digest as a client request", nearestMiss: "null is no client's request")
            }
            return nil
        case .prePrepared(let view, let seq, let text):
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            if primary(view) == replica {
                guard case .request(let request) = digest else {
                    return Finding(
                        problem: "the primary \(name(replica)) pre-prepared the null digest at (\(view), \(seq.number))",
                        nearestMiss: "a primary orders client requests; null enters a view only through NEW-VIEW's O")
                }
                return take(.propose(primary: replica, view: view, slot: seq, request: request), event)
            }
            return take(.acceptPrePrepare(replica: replica, view: view, slot: seq, digest: digest), event)
        case .prepared(let view, let seq, let text):
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            return take(.prepare(replica: replica, view: view, slot: seq, digest: digest), event)
        case .committed(let view, let seq, let text):
            guard let digest = binding.digest(text) else { return unknownDigest(text) }
            return take(.commit(replica: replica, view: view, slot: seq, digest: digest), event)
        case .executed(let seq, let text, let result):
            return judgeExecution(event, seq: seq, text: text, result: result)
        case .checkpointTaken(let seq, let stateText):
            if let finding = checkpointProblem(replica, seq, stateText, what: "took checkpoint \(seq.number)") { return finding }
            bindState(stateText, history(of: replica, through: seq.number), at: event.location)
            return nil
        case .checkpointStable(let seq, let stateText):
            guard let history = history(ofState: stateText, seq: seq) else {
                return Finding(
                    problem:
                        "\(name(replica)) made checkpoint \(seq.number) with state \"\(stateText)\" stable, a state no correct replica took at \(seq.number)",
                    nearestMiss: "a stable checkpoint needs a quorum of matching CHECKPOINTs, so some correct replica must have taken it")
            }
            return take(.stabilizeCheckpoint(replica: replica, slot: seq, ledger: Self.unpack(history)), event)
        case .viewChangeStarted(let view):
            return take(.timeout(replica: replica, view: view), event)
        case .newViewEntered(let content):
            return judgeNewView(event, content)
        case .send, .receive:
            preconditionFailure("judgeStep: \(event.body.kind) is not a step")
        }
    }

    /// The headline for a step no spec step explains.
    func unexplained(_ event: TraceEvent) -> String {
        "no enabled spec step of \(name(event.replica)), backed by the messages it received, explains this \(event.body.kind.rawValue) event"
    }

    static func unpack(_ history: History) -> [Digest] {
        (0..<history.count).map { Digest(code: UInt8(truncatingIfNeeded: history.prefix >> UInt64(4 * $0)) & 0xF) ?? .null }
    }

    /// Takes `action` for `event` if the spec enables it and the replica's evidence supports it.
    mutating func take(_ action: PBFTAction, _ event: TraceEvent) -> Finding? {
        let shortfall = evidenceShortfall(action)
        let enabled = isEnabled(action)
        if enabled && shortfall == nil {
            apply(action)
            loggedSteps += 1
            return nil
        }
        let miss =
            enabled
            ? shortfall : (specObstacle(action) ?? shortfall ?? "the spec's rule for \(PBFTAction.kindName(of: action)) does not hold here")
        return Finding(problem: unexplained(event), nearestMiss: miss)
    }

    /// Applies a spec step (logged or silent) and its bookkeeping.
    mutating func apply(_ action: PBFTAction) {
        guard let next = spec.successor(of: state, taking: action) else { preconditionFailure("Replay: \(action) has no successor") }
        state = next
        let replica = action.replica
        executedThrough[replica.index] = max(executedThrough[replica.index], state[replica].stableCheckpoint.number)
    }

    /// Whether the spec enables `action` in the current state (the model checker's own rules).
    mutating func isEnabled(_ action: PBFTAction) -> Bool {
        actions.removeAll(keepingCapacity: true)
        spec.actions(in: state, into: &actions)
        return actions.contains(action)
    }

    /// The spec's enabled steps of `replica`.
    mutating func enabledSteps(of replica: ReplicaID) -> [PBFTAction] {
        actions.removeAll(keepingCapacity: true)
        spec.actions(in: state, into: &actions)
        return actions.filter { $0.replica == replica }
    }

    // MARK: Execution

    mutating func judgeExecution(_ event: TraceEvent, seq: SequenceNumber, text: String, result: String?) -> Finding? {
        let replica = event.replica
        let me = name(replica)
        guard let digest = binding.digest(text) else { return unknownDigest(text) }
        let done = executedThrough[replica.index]
        guard seq.number == done + 1 else {
            return Finding(
                problem: "\(me) executed seq \(seq.number) out of order",
                nearestMiss: seq.number <= done
                    ? "\(me) has already executed (or obtained by state transfer) everything through seq \(done)"
                    : "\(me) has executed through seq \(done); requests execute in sequence-number order, so the next is seq \(done + 1)")
        }
        let row = state[replica]
        guard let committed = row.ledger(at: seq) else {
            return Finding(
                problem: "\(me) executed seq \(seq.number) (\(text)), which it has not committed",
                nearestMiss: "a replica executes a sequence number after its committed event for it")
        }
        guard committed == digest else {
            return Finding(
                problem: "\(me) executed \(text) at seq \(seq.number), but committed \(binding.name(of: committed)) there",
                nearestMiss: "a replica executes what it committed")
        }
        let history = history(of: replica, through: seq.number)
        if let result, digest.isRequest, let prior = results[history], prior.result != result {
            return Finding(
                problem:
                    "\(me) executed seq \(seq.number) with result \"\(result)\", but the same history \(describe(history)) gave \"\(prior.result)\" at \(prior.location)",
                nearestMiss: "execution is deterministic: replicas that executed the same requests reply the same result",
                related: [prior.location])
        }
        executedThrough[replica.index] = seq.number
        if let result, digest.isRequest, results[history] == nil { results[history] = (result, event.location) }
        return nil
    }

    // MARK: View changes

    mutating func judgeNewView(_ event: TraceEvent, _ content: NewViewContent) -> Finding? {
        let replica = event.replica
        let me = name(replica)
        let view = content.view
        let isPrimary = primary(view) == replica
        actions.removeAll(keepingCapacity: true)
        spec.actions(in: state, into: &actions)
        var allowed: [NewViewProposal] = []
        for action in actions {
            switch action {
            case .sendNewView(let builder, let target, let proposal) where isPrimary && builder == replica && target == view:
                if matches(proposal, content) { return takeNewView(action, event) }
                allowed.append(proposal)
            case .acceptNewView(let backup, let target, let proposal) where !isPrimary && backup == replica && target == view:
                if matches(proposal, content) { return takeNewView(action, event) }
                allowed.append(proposal)
            default: continue
            }
        }
        let headline = unexplained(event)
        let row = state[replica]
        let listed = allowed.prefix(4).map(describe).joined(separator: "; ") + (allowed.count > 4 ? "; … \(allowed.count - 4) more" : "")
        if isPrimary {
            guard row.view == view, row.isAwaitingNewView else {
                return Finding(
                    problem: headline,
                    nearestMiss:
                        "\(me) is in \(row.view)\(row.isAwaitingNewView ? " (changing views)" : ""): the new primary sends NEW-VIEW(\(view)) after its own view-change to \(view)"
                )
            }
            if let shortfall = viewChangeShortfall(replica, view) { return Finding(problem: headline, nearestMiss: shortfall) }
            return Finding(
                problem: headline,
                nearestMiss: allowed.isEmpty
                    ? "the spec allows \(me) no NEW-VIEW(\(view)) here"
                    : "O or the checkpoint differs from every NEW-VIEW(\(view)) the spec allows \(me) here: \(listed)")
        }
        let firstView = row.isAwaitingNewView ? row.view.number : row.view.number + 1
        guard view.number >= firstView else {
            return Finding(problem: headline, nearestMiss: "\(me) is already in \(row.view); it accepts NEW-VIEW only for a later view")
        }
        let fromPrimary = evidence[replica.index].newViews.filter { $0.sender == primary(view) && $0.content.view == view }
        guard fromPrimary.contains(where: { $0.content.hasSameProposal(as: content) }) else {
            let got = fromPrimary.map { $0.content.summary }.joined(separator: "; ")
            return Finding(
                problem: headline,
                nearestMiss: "\(me) entered \(view) without receiving that NEW-VIEW from the primary \(name(primary(view)))"
                    + (got.isEmpty ? "" : " (it received \(got))"))
        }
        return Finding(
            problem: headline,
            nearestMiss: allowed.isEmpty
                ? "the spec has \(me) accept no NEW-VIEW(\(view)) here"
                : "backups recompute O from V; the NEW-VIEWs(\(view)) the spec has \(me) accept here are: \(listed)")
    }

    private mutating func takeNewView(_ action: PBFTAction, _ event: TraceEvent) -> Finding? {
        if let shortfall = evidenceShortfall(action) {
            return Finding(problem: unexplained(event), nearestMiss: shortfall)
        }
        apply(action)
        loggedSteps += 1
        return nil
    }

    /// Whether the spec's `proposal` says what `content` says.
    func matches(_ proposal: NewViewProposal, _ content: NewViewContent) -> Bool {
        guard proposal.checkpoint == content.checkpoint, proposal.proposals.count == content.proposals.count else { return false }
        for (digest, text) in zip(proposal.proposals, content.proposals) where binding.digest(text) != digest { return false }
        if proposal.checkpoint.number == 0 { return true }
        return history(ofState: content.state, seq: content.checkpoint)
            == History(count: proposal.checkpoint.number, prefix: Self.pack(proposal.checkpointLedger))
    }

    func describe(_ proposal: NewViewProposal) -> String {
        let entries = proposal.proposals.enumerated().map {
            "\(proposal.checkpoint.number + $0.offset + 1):\(binding.name(of: $0.element))"
        }
        return "h=\(proposal.checkpoint.number) O=[\(entries.joined(separator: " "))]"
    }
}
