import Foundation
import MessagePassing
import ModelChecking
import ProtocolSpecs

/// PBFT states and traces in ITF. The layout, one variable per field of a replica's row, keyed by
/// replica as a TLA+ or Quint spec of PBFT would keep them:
///
/// | variable | ITF value |
/// |---|---|
/// | `view` | `#map` replica → int |
/// | `awaitingNewView` | `#map` replica → bool |
/// | `stableCheckpoint` | `#map` replica → int |
/// | `conflictingCommit` | `#map` replica → bool |
/// | `ledger` | `#map` replica → `#map` seq → digest |
/// | `prepares` | `#map` replica → `#map` `#tup`(view, seq) → digest (PRE-PREPAREs and PREPAREs sent) |
/// | `commits` | `#map` replica → `#set` of `#tup`(view, seq) (COMMITs sent) |
/// | `viewChanges` | `#map` replica → `#map` view → checkpoint reported |
/// | `newViews` | `#map` view → record {checkpoint, checkpointLedger, lastSlot} (correct primaries' NEW-VIEWs) |
/// | `action` | the step into the state, Quint-style `{"tag": kind, "value": record}`; `init` at state 0 |
extension ITFTrace {
    /// The variables of the PBFT layout, in order.
    public static let pbftVariables = [
        "view", "awaitingNewView", "stableCheckpoint", "conflictingCommit", "ledger", "prepares", "commits", "viewChanges", "newViews",
        "action",
    ]

    /// Apalache's ADR-002 types of the state variables (`#meta.varTypes`).
    static let pbftVariableTypes: [JSONValue.Member] = [
        .init("view", .string("Str -> Int")), .init("awaitingNewView", .string("Str -> Bool")),
        .init("stableCheckpoint", .string("Str -> Int")),
        .init("conflictingCommit", .string("Str -> Bool")), .init("ledger", .string("Str -> (Int -> Str)")),
        .init("prepares", .string("Str -> (<<Int, Int>> -> Str)")), .init("commits", .string("Str -> Set(<<Int, Int>>)")),
        .init("viewChanges", .string("Str -> (Int -> Int)")),
        .init("newViews", .string("Int -> { checkpoint: Int, checkpointLedger: Seq(Str), lastSlot: Int }")),
    ]

    /// A trace of the PBFT spec in ITF, with the model's parameters in `#meta.bftcheck` so that it can
    /// be imported back.
    ///
    /// - Parameters:
    ///   - trace: the states and the steps between them.
    ///   - spec: the model.
    ///   - parameters: the config parameters the model was built from (`replicas`, `f`, …).
    ///   - source: the config or counterexample file.
    ///   - description: one line for `#meta.description`.
    ///   - property: the property a counterexample violates, if it is one.
    ///   - origin: for a counterexample, the config it came from and whether symmetry was on, so that
    ///     importing it gives back the same file.
    public static func pbft(
        _ trace: Trace<PBFT>, spec: PBFT, parameters: [String: String], source: String, description: String, property: String? = nil,
        origin: (config: String, symmetry: Bool)? = nil
    ) -> ITFTrace {
        var bftcheck: [JSONValue.Member] = [
            .init("model", .string("pbft")),
            .init("parameters", .object(parameters.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
        ]
        if let property { bftcheck.append(.init("property", .string(property))) }
        if let origin { bftcheck += [.init("config", .string(origin.config)), .init("symmetry", .bool(origin.symmetry))] }
        let meta: [JSONValue.Member] = [
            .init("format", .string("ITF")), .init("format-description", .string("https://apalache-mc.org/docs/adr/015adr-trace.html")),
            .init("source", .string(source)), .init("description", .string(description)), .init("varTypes", .object(pbftVariableTypes)),
            .init("bftcheck", .object(bftcheck)),
        ]
        var states = [State(meta: [.init("index", .integer(0))], values: encode(trace.initialState) + [.init("action", initAction)])]
        for (index, step) in trace.steps.enumerated() {
            states.append(
                State(
                    meta: [.init("index", .integer(index + 1)), .init("action", .string(step.action.description))],
                    values: encode(step.state) + [.init("action", encode(step.action))]))
        }
        return ITFTrace(meta: meta, vars: pbftVariables, states: states)
    }

    static let initAction: JSONValue = .object([.init("tag", .string("init")), .init("value", ITF.tuple([]))])

    /// The state variables of `state` (all but `action`).
    public static func encode(_ state: PBFTState) -> [JSONValue.Member] {
        let replicas = state.replicas.indices.map(ReplicaID.init)
        func perReplica(_ value: (PBFTReplica) -> JSONValue) -> JSONValue {
            ITF.map(replicas.map { (.string($0.description), value(state[$0])) })
        }
        let views = (0..<PBFTConfiguration.viewCapacity).map(View.init)
        let slots = (1...PBFTConfiguration.sequenceCapacity).map(SequenceNumber.init)
        return [
            .init("view", perReplica { ITF.bigint($0.view.number) }),
            .init("awaitingNewView", perReplica { .bool($0.isAwaitingNewView) }),
            .init("stableCheckpoint", perReplica { ITF.bigint($0.stableCheckpoint.number) }),
            .init("conflictingCommit", perReplica { .bool($0.hasConflictingCommit) }),
            .init(
                "ledger",
                perReplica { row in
                    ITF.map(slots.compactMap { slot in row.ledger(at: slot).map { (ITF.bigint(slot.number), .string($0.description)) } })
                }),
            .init(
                "prepares",
                perReplica { row in
                    ITF.map(
                        views.flatMap { view in
                            slots.compactMap { slot in
                                row.prepare(in: view, at: slot).map {
                                    (ITF.tuple([ITF.bigint(view.number), ITF.bigint(slot.number)]), .string($0.description))
                                }
                            }
                        })
                }),
            .init(
                "commits",
                perReplica { row in
                    ITF.set(
                        views.flatMap { view in
                            slots.filter { row.hasSentCommit(in: view, at: $0) }.map {
                                ITF.tuple([ITF.bigint(view.number), ITF.bigint($0.number)])
                            }
                        })
                }),
            .init(
                "viewChanges",
                perReplica { row in
                    ITF.map(
                        views.dropFirst().compactMap { view in
                            row.viewChangeCheckpoint(for: view).map { (ITF.bigint(view.number), ITF.bigint($0.number)) }
                        })
                }),
            .init(
                "newViews",
                ITF.map(
                    state.newViews.enumerated().compactMap { view, record in
                        record.map { record in
                            (
                                ITF.bigint(view),
                                .object([
                                    .init("checkpoint", ITF.bigint(record.checkpoint.number)),
                                    .init("checkpointLedger", .array(record.checkpointLedger.map { .string($0.description) })),
                                    .init("lastSlot", ITF.bigint(record.lastSlot.number)),
                                ])
                            )
                        }
                    })),
        ]
    }

    /// A step as a Quint-style variant: `{"tag": "prepare", "value": {"replica": "r1", …}}`.
    public static func encode(_ action: PBFTAction) -> JSONValue {
        guard let data = try? JSONEncoder.sorted.encode(action), let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
            case .object(let members) = json, members.count == 1
        else { preconditionFailure("ITF: a PBFT step without a one-key JSON form") }
        return .object([.init("tag", .string(members[0].key)), .init("value", ITF.fromJSON(members[0].value))])
    }

    /// The step a variant names, if it is one.
    static func decodeAction(_ value: JSONValue, at path: String) throws -> PBFTAction? {
        guard let tag = value["tag"]?.stringValue, tag != "init", let inner = value["value"] else { return nil }
        let json = JSONValue.object([.init(tag, try ITF.toJSON(inner, at: path + ".value"))])
        do {
            return try JSONDecoder().decode(PBFTAction.self, from: Data(JSONWriter.compact(json).utf8))
        } catch {
            throw ITFError(path, "not a PBFT step: \(error)")
        }
    }

    /// The PBFT state of ITF `state`, for a model with `replicaCount` replicas and views up to `maxView`.
    ///
    /// - Throws: `ITFError` naming the variable at fault.
    public static func decodePBFTState(_ state: State, replicaCount: Int, maxView: Int, at path: String) throws -> PBFTState {
        func variable(_ name: String) throws -> [String: JSONValue] {
            guard let value = state.value(name) else { throw ITFError(path, "missing variable \"\(name)\"") }
            var result: [String: JSONValue] = [:]
            for (index, pair) in try ITF.pairs(value, at: "\(path).\(name)").enumerated() {
                result[try ITF.string(pair.0, at: "\(path).\(name)[\(index)].key")] = pair.1
            }
            return result
        }
        let views = try variable("view")
        let awaiting = try variable("awaitingNewView")
        let stable = try variable("stableCheckpoint")
        let conflicting = try variable("conflictingCommit")
        let ledgers = try variable("ledger")
        let prepares = try variable("prepares")
        let commits = try variable("commits")
        let viewChanges = try variable("viewChanges")
        var rows: [JSONValue] = []
        for index in 0..<replicaCount {
            let name = ReplicaID(index).description
            let at = "\(path)[\(name)]"
            func entry(_ table: [String: JSONValue], _ variable: String) throws -> JSONValue {
                guard let value = table[name] else { throw ITFError("\(path).\(variable)", "no entry for replica \(name)") }
                return value
            }
            var ledger: [JSONValue.Member] = []
            for (slot, digest) in try ITF.pairs(try entry(ledgers, "ledger"), at: "\(at).ledger") {
                ledger.append(.init("s\(try ITF.integer(slot, at: "\(at).ledger"))", .string(try ITF.string(digest, at: "\(at).ledger"))))
            }
            var sent: [JSONValue.Member] = []
            for (key, digest) in try ITF.pairs(try entry(prepares, "prepares"), at: "\(at).prepares") {
                let pair = try ITF.elements(key, at: "\(at).prepares")
                guard pair.count == 2 else { throw ITFError("\(at).prepares", "expected #tup(view, seq) keys") }
                sent.append(
                    .init(
                        "v\(try ITF.integer(pair[0], at: "\(at).prepares")).s\(try ITF.integer(pair[1], at: "\(at).prepares"))",
                        .string(try ITF.string(digest, at: "\(at).prepares"))))
            }
            var committed: [JSONValue] = []
            for key in try ITF.elements(try entry(commits, "commits"), at: "\(at).commits") {
                let pair = try ITF.elements(key, at: "\(at).commits")
                guard pair.count == 2 else { throw ITFError("\(at).commits", "expected #tup(view, seq) elements") }
                committed.append(
                    .string("v\(try ITF.integer(pair[0], at: "\(at).commits")).s\(try ITF.integer(pair[1], at: "\(at).commits"))"))
            }
            var changes: [JSONValue.Member] = []
            for (view, checkpoint) in try ITF.pairs(try entry(viewChanges, "viewChanges"), at: "\(at).viewChanges") {
                changes.append(
                    .init(
                        "v\(try ITF.integer(view, at: "\(at).viewChanges"))", .integer(try ITF.integer(checkpoint, at: "\(at).viewChanges"))
                    ))
            }
            rows.append(
                .object([
                    .init("view", .string("v\(try ITF.integer(try entry(views, "view"), at: "\(at).view"))")),
                    .init("awaitingNewView", .bool(try ITF.bool(try entry(awaiting, "awaitingNewView"), at: "\(at).awaitingNewView"))),
                    .init(
                        "stableCheckpoint", .integer(try ITF.integer(try entry(stable, "stableCheckpoint"), at: "\(at).stableCheckpoint"))),
                    .init(
                        "conflictingCommit", .bool(try ITF.bool(try entry(conflicting, "conflictingCommit"), at: "\(at).conflictingCommit"))
                    ),
                    .init("ledger", .object(ledger)), .init("prepares", .object(sent)), .init("commits", .array(committed)),
                    .init("viewChanges", .object(changes)),
                ]))
        }
        guard let newViewValue = state.value("newViews") else { throw ITFError(path, "missing variable \"newViews\"") }
        var records = Array(repeating: JSONValue.null, count: maxView + 1)
        for (key, record) in try ITF.pairs(newViewValue, at: "\(path).newViews") {
            let view = try ITF.integer(key, at: "\(path).newViews")
            guard view >= 0 && view <= maxView else { throw ITFError("\(path).newViews", "view \(view) is outside 0...\(maxView)") }
            records[view] = try ITF.toJSON(record, at: "\(path).newViews[\(view)]")
        }
        let json = JSONValue.object([.init("replicas", .array(rows)), .init("newViews", .array(records))])
        do {
            return try JSONDecoder().decode(PBFTState.self, from: Data(JSONWriter.compact(json).utf8))
        } catch {
            throw ITFError(path, "not a PBFT state: \(Self.describe(error))")
        }
    }

    /// The config parameters in `#meta.bftcheck.parameters`, if the trace carries them.
    public var pbftParameters: [String: String]? {
        guard let bftcheck = metaValue("bftcheck"), bftcheck["model"] == .string("pbft"), let members = bftcheck["parameters"]?.members
        else {
            return nil
        }
        var result: [String: String] = [:]
        for member in members {
            switch member.value {
            case .string(let text): result[member.key] = text
            case .integer(let number): result[member.key] = String(number)
            default: continue
            }
        }
        return result
    }

    /// The config `#meta.bftcheck.config` names, and whether symmetry was on, if the trace says.
    public var origin: (config: String, symmetry: Bool)? {
        guard let bftcheck = metaValue("bftcheck"), let config = bftcheck["config"]?.stringValue else { return nil }
        return (config, bftcheck["symmetry"] == .bool(true))
    }

    /// The property `#meta.bftcheck.property` names, if any.
    public var property: String? { metaValue("bftcheck")?["property"]?.stringValue }

    /// The trace of `spec` these states describe: each state must follow from the one before by a
    /// PBFT step — the one `action` names when it does, else the first enabled step that does.
    /// States equal to their predecessor (stuttering) are skipped.
    ///
    /// - Throws: `ITFError` for a malformed state; `ITFStepError` where no spec step leads on.
    public func pbftTrace(of spec: PBFT) throws -> Trace<PBFT> {
        guard !states.isEmpty else { throw ITFError("states", "an empty trace") }
        let configuration = spec.configuration
        func decode(_ index: Int) throws -> PBFTState {
            try Self.decodePBFTState(
                states[index], replicaCount: configuration.replicaCount, maxView: configuration.maxView.number, at: "states[\(index)]")
        }
        let initial = try decode(0)
        guard initial == spec.initialStates[0] else {
            throw ITFStepError(
                index: 0, problem: "state 0 is not the initial state of the PBFT model with these parameters", differences: [])
        }
        var trace = Trace<PBFT>(initialState: initial)
        for index in 1..<states.count {
            let state = try decode(index)
            let previous = trace.finalState
            if state == previous { continue }
            let enabled = spec.actions(in: previous)
            if let named = try states[index].value("action").flatMap({ try Self.decodeAction($0, at: "states[\(index)].action") }),
                enabled.contains(named), spec.successor(of: previous, taking: named) == state
            {
                trace.steps.append(.init(action: named, state: state))
                continue
            }
            guard let action = enabled.first(where: { spec.successor(of: previous, taking: $0) == state }) else {
                let target = Self.encode(state)
                var closest: (action: PBFTAction, differences: [String])? = nil
                for action in enabled {
                    guard let next = spec.successor(of: previous, taking: action) else { continue }
                    let differences = zip(Self.encode(next), target).filter { $0.0 != $0.1 }.map(\.0.key)
                    if closest == nil || differences.count < closest!.differences.count { closest = (action, differences) }
                }
                let hint = closest.map { "; the closest step, \($0.action), differs in \($0.differences.joined(separator: ", "))" } ?? ""
                throw ITFStepError(
                    index: index,
                    problem: "no PBFT step leads from state \(index - 1) to state \(index) (\(enabled.count) steps enabled\(hint))",
                    differences: closest?.differences ?? [])
            }
            trace.steps.append(.init(action: action, state: state))
        }
        return trace
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context): context.debugDescription
        default: "\(error)"
        }
    }
}
