import Foundation
import MessagePassing
import ProtocolSpecs

/// The trace codec of PBFT (Castro & Liskov, OSDI '99 §4.2–4.4): implementation logs of unbounded
/// runs — any view, any sequence number, any number of requests and replicas up to 64 — judged by
/// the layer port's own rules (`PBFTLayer`, built with `init(judging:…)`), one step per logged
/// protocol step, the log below each replica's stable checkpoint discarded as the run goes.
///
/// The events are those of `Docs/trace-format.md` (the `send`/`recv` messages and the local steps
/// `pre-prepared`, `prepared`, `committed`, `executed`, `checkpoint`, `checkpoint-stable`,
/// `view-change`, `new-view`, `request`), under a version-2 header whose `params` give `quorum`,
/// `newview_quorum`, `checkpoint_interval`, `window`, `null_digest` and `requests`.
///
/// What each event is to the spec (Docs/conformance.md, "PBFT"):
/// - a backup's `pre-prepared` accepts the primary's PRE-PREPARE; `prepared` and `committed` are
///   the quorum steps at their sequence number; `view-change` is the timer; `new-view` is the new
///   primary's NEW-VIEW (its O's PRE-PREPAREs travel inside it) or a backup's acceptance;
///   `checkpoint-stable` makes a checkpoint stable on the CHECKPOINTs received and moves the
///   replica's stable point (the mark), below which its live state is dropped;
/// - `checkpoint` takes a checkpoint of what the replica executed (its CHECKPOINT follows);
/// - `executed`, `request` and the primary's `pre-prepared` are notes: the sends they precede are
///   judged as effects of the steps above (a PRE-PREPARE by the primary's assignment of the
///   request);
/// - digests are numbered as they appear; state digests are bound, at a correct replica's first
///   send of one, to the hashed state the spec computes (`PBFTTraceNames`).
public struct PBFTTraceCodec: TraceCodec {
    /// The layer port of PBFT, judging.
    public typealias Spec = PBFTLayer
    /// PBFT is one instance spanning the run (a view change reads every prepared certificate).
    public typealias Instance = UInt64
    /// The stable checkpoint's sequence number (0: genesis).
    public typealias Mark = UInt64
    /// Digest and state names.
    public typealias Names = PBFTTraceNames

    /// The one instance.
    static let run: UInt64 = 1

    /// How many digest and state names a run binds before the first sweep forgets those nothing
    /// live uses (then twice what the last sweep kept, at least this).
    public let namesBeforeSweep: Int

    /// A codec; `namesBeforeSweep` (at least 1) sets how often names are swept (tests sweep often).
    public init(namesBeforeSweep: Int = 4_096) {
        precondition(namesBeforeSweep >= 1, "PBFTTraceCodec: namesBeforeSweep must be at least 1")
        self.namesBeforeSweep = namesBeforeSweep
    }

    /// `pbft`.
    public static var protocolName: String { "pbft" }

    /// `none` and the seeded mutants (`PBFTMutant`): a trace may be judged against a mutant to see
    /// which rule change it would pass.
    public static var variantNames: [String] { PBFTMutant.allCases.map(\.rawValue) }

    /// The header parameters.
    static let parameterKeys = ["quorum", "newview_quorum", "checkpoint_interval", "window", "null_digest", "requests"]

    /// The judging spec for the header's n, f and `params`.
    public func spec(for header: TraceHeaderV2, variant: String, location: TraceLocation) throws -> PBFTLayer {
        func failure(_ field: String, _ problem: String) -> MalformedTrace {
            MalformedTrace(location.file, location.line, field: "params.\(field)", problem)
        }
        for member in header.parameters where !Self.parameterKeys.contains(member.key) && !member.key.hasPrefix("x-") {
            throw failure(member.key, "unknown parameter; pbft takes \(Self.parameterKeys.joined(separator: ", "))")
        }
        let n = header.replicaCount
        func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let value = header.parameter(key) else { return nil }
            guard case .integer(let number) = value, range.contains(number) else {
                throw failure(key, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(value.kindDescription)")
            }
            return number
        }
        let quorum = try integer("quorum", 1...n)
        let newViewQuorum = try integer("newview_quorum", 1...n)
        // The header states the run's quorums; the validator judges them too, not only by them (a
        // wrong quorum formula would otherwise pass as the protocol): any two quorums must share a
        // correct replica, 2q − n ≥ f + 1, and a NEW-VIEW's V must share one with every commit
        // quorum (Castro & Liskov §4.1, §4.4).
        let f = header.faultThreshold
        let q = quorum ?? n - f
        guard 2 * q - n >= f + 1 else {
            throw failure(
                "quorum",
                "\(q)\(quorum == nil ? " (n − f, the default)" : "") is not a PBFT quorum for n = \(n), f = \(f): two quorums may share "
                    + "\(max(0, 2 * q - n)) replica\(2 * q - n == 1 ? "" : "s"), all of them faulty (any two must share a correct one: q ≥ \((n + f + 2) / 2)\(n > 3 * f ? "" : ", which needs n ≥ 3f + 1"))"
            )
        }
        if let newViewQuorum, newViewQuorum + q - n < f + 1 {
            throw failure(
                "newview_quorum",
                "\(newViewQuorum) VIEW-CHANGEs may miss every correct replica of a commit quorum of \(q) for n = \(n), f = \(f) "
                    + "(a NEW-VIEW's V must share a correct replica with it: at least \(n + f + 1 - q))")
        }
        let interval = try integer("checkpoint_interval", 0...(1 << 40)) ?? 0
        let window = try integer("window", 1...(1 << 40)) ?? (1 << 40)
        if let value = header.parameter("null_digest"), value.stringValue == nil {
            throw failure("null_digest", "expected a string, got \(value.kindDescription)")
        }
        if let value = header.parameter("requests"), value.elements?.allSatisfy({ $0.stringValue != nil }) != true {
            throw failure("requests", "expected an array of digest strings, got \(value.kindDescription)")
        }
        return PBFTLayer(
            judging: n, faultThreshold: header.faultThreshold, quorum: quorum, newViewQuorum: newViewQuorum,
            checkpointInterval: interval, window: window, mutant: PBFTMutant(rawValue: variant) ?? .none, byzantine: header.byzantine)
    }

    /// The null digest the header names (default `"null"`), and the header's requests numbered
    /// first, in order.
    public func initialNames(for header: TraceHeaderV2) -> PBFTTraceNames {
        var names = PBFTTraceNames(
            nullName: header.parameter("null_digest")?.stringValue ?? "null", namesBeforeSweep: namesBeforeSweep,
            judgedCount: header.judged.count)
        for element in header.parameter("requests")?.elements ?? [] {
            if let name = element.stringValue { _ = names.digest(name) }
        }
        names.keepRequestsGivenSoFar()
        return names
    }

    /// The digest and state names bound.
    public func nameCount(_ names: PBFTTraceNames) -> Int { names.count }

    /// Once the digest and state names have doubled since the last sweep.
    public func wantsToForget(_ names: PBFTTraceNames) -> Bool { names.wantsSweep }

    /// Forgets the request numbers and state names that no live message, input or row holds: the
    /// digests of slots every replica has discarded (Castro & Liskov §4.3), so that the names of a
    /// run of any length take memory bounded by its window.
    public func forgetNames(_ names: inout PBFTTraceNames, keeping live: LiveValues<PBFTLayer>) {
        var requests = Set<Int>()
        var states = Set<LedgerState>()
        func note(_ digest: Digest?) {
            if case .request(let request)? = digest { requests.insert(request.number) }
        }
        func note(_ message: PBFTMessage) {
            note(message.digest)
            if message.state != .genesis { states.insert(message.state) }
            for (_, digest) in message.proposals { note(digest) }
            for (_, certificate) in message.certificates { note(certificate.digest) }
        }
        for message in live.messages { note(message) }
        for input in live.inputs {
            switch input {
            case .propose(let request): requests.insert(request.number)
            case .sendNewView(let message), .acceptPrePrepare(let message), .stabilize(let message), .acceptNewView(let message):
                note(message)
            case .execute(_, let digest), .reply(let digest, _): note(digest)
            case .prepare, .commit, .timeout, .takeCheckpoint: break
            }
        }
        for row in live.rows {
            states.insert(row.stableState)
            for (_, digest) in row.ledger { note(digest) }
        }
        // Results of sequence numbers every replica has passed are never compared again.
        let lowest = live.rows.count >= names.judgedCount ? live.rows.map(\.stableCheckpoint.number).min() : nil
        names.forget(keepingRequests: requests, states: states, lowestStable: lowest)
    }

    /// A bound state name replaced by the spec's state.
    public func canonical(_ message: PBFTMessage, names: PBFTTraceNames) -> PBFTMessage { names.canonical(message) }

    /// Whether `message` carries a state name (one not bound when it was made canonical).
    public func carriesNames(_ message: PBFTMessage) -> Bool {
        guard case .named = message.state else { return false }
        return true
    }

    /// Whether the message inside `input` carries a state name.
    public func carriesNames(_ input: PBFTLayer.Input) -> Bool {
        switch input {
        case .sendNewView(let message), .acceptNewView(let message), .stabilize(let message), .acceptPrePrepare(let message):
            carriesNames(message)
        case .propose, .prepare, .commit, .timeout, .takeCheckpoint, .execute, .reply: false
        }
    }

    /// The messages inside an input made canonical.
    public func canonical(_ input: PBFTLayer.Input, names: PBFTTraceNames) -> PBFTLayer.Input {
        switch input {
        case .sendNewView(let message): .sendNewView(names.canonical(message))
        case .acceptNewView(let message): .acceptNewView(names.canonical(message))
        case .stabilize(let message): .stabilize(names.canonical(message))
        case .acceptPrePrepare(let message): .acceptPrePrepare(names.canonical(message))
        case .propose, .prepare, .commit, .timeout, .takeCheckpoint, .execute, .reply: input
        }
    }

    /// Equal messages, or equal but for a state name the spec's state binds.
    public func match(logged: PBFTMessage, owed: PBFTMessage, names: inout PBFTTraceNames, recording: Bool) -> NameMatch {
        if logged == owed { return .equal }
        var withOwedState = logged
        withOwedState.state = owed.state
        guard withOwedState == owed else { return .different }
        return names.match(logged: logged.state, owed: owed.state, recording: recording)
    }

    /// The steps that send `message`: the primary's assignment of a request (PRE-PREPARE), a
    /// backup's acceptance of the PRE-PREPARE (PREPARE), the prepared step (COMMIT), the timer
    /// (VIEW-CHANGE), the new primary's NEW-VIEW, taking a checkpoint (CHECKPOINT).
    public func steps(producing message: PBFTMessage, at replica: ReplicaID, spec: PBFTLayer) -> [ProtocolStep<PBFTLayer>] {
        switch message.kind {
        case .prePrepare:
            guard case .request(let request)? = message.digest else { return [] }
            return [.input(replica: replica, input: .propose(request))]
        case .prepare:
            guard let digest = message.digest else { return [] }
            return [.input(replica: replica, input: .acceptPrePrepare(.prePrepare(message.view, message.slot, digest)))]
        case .commit: return [.input(replica: replica, input: .prepare(message.slot))]
        case .viewChange: return [.input(replica: replica, input: .timeout)]
        case .newView: return [.input(replica: replica, input: .sendNewView(message))]
        case .checkpoint: return [.input(replica: replica, input: .takeCheckpoint(message.slot))]
        }
    }

    /// A well-formed message signed by `sender` (Castro & Liskov §2: a faulty replica signs what it
    /// likes, under its own identity): PRE-PREPARE and NEW-VIEW only from their view's primary, a
    /// NEW-VIEW or VIEW-CHANGE for a view above 0, a CHECKPOINT at a checkpoint sequence number.
    public func accepts(_ message: PBFTMessage, fromByzantine sender: ReplicaID, spec: PBFTLayer) -> Bool {
        let n = spec.configuration.replicaCount
        let k = spec.configuration.checkpointInterval
        switch message.kind {
        case .prePrepare: return message.view.primary(among: n) == sender && message.slot.number >= 1
        case .prepare, .commit: return message.slot.number >= 1
        case .checkpoint: return message.slot.number >= 1 && (k == 0 || message.slot.number % k == 0)
        case .viewChange: return message.view.number >= 1
        case .newView: return message.view.number >= 1 && message.view.primary(among: n) == sender
        }
    }

    /// A backup's acceptance of a NEW-VIEW reads the VIEW-CHANGEs it carries (V), which reach it
    /// inside the NEW-VIEW (Castro & Liskov §4.4): every VIEW-CHANGE a correct replica sent.
    public func readsNetwork(_ step: ProtocolStep<PBFTLayer>) -> Bool {
        if case .input(_, .acceptNewView) = step { return true }
        return false
    }

    /// The digest each `reqN` in `text` stands for, and the state name of each hashed state
    /// (`#…`) bound to one.
    public func glossary(of text: String, names: PBFTTraceNames) -> [String] { names.glossary(of: text) }

    /// Genesis.
    public var initialMark: UInt64 { 0 }

    /// The one instance is never retired: its log is compacted instead.
    public func isRetired(_ instance: UInt64, at mark: UInt64) -> Bool { false }

    /// Messages of sequence numbers at or below the stable checkpoint are dropped, but for the
    /// CHECKPOINTs proving it (Castro & Liskov §4.3: the log below h is discarded).
    public func isLive(_ message: PBFTMessage, in instance: UInt64, at mark: UInt64) -> Bool {
        switch message.kind {
        case .prePrepare, .prepare, .commit: UInt64(message.slot.number) > mark
        case .checkpoint: UInt64(message.slot.number) >= mark
        case .viewChange, .newView: true
        }
    }

    /// Beside the mark: VIEW-CHANGEs and NEW-VIEWs of views below the replica's. A replica in view w
    /// reads those of view w and above only (it builds or checks NEW-VIEW(w') from VIEW-CHANGE(w')s,
    /// w' ≥ w; Castro & Liskov §4.4), and views only grow, so they are dropped at its next stable
    /// checkpoint instead of being kept for the rest of the run.
    public func isLive(_ message: PBFTMessage, in instance: UInt64, at mark: UInt64, row: PBFTReplicaState) -> Bool {
        switch message.kind {
        case .viewChange, .newView: message.view >= row.view
        case .prePrepare, .prepare, .commit, .checkpoint: isLive(message, in: instance, at: mark)
        }
    }

    /// The ledger up to the stable checkpoint dropped.
    public func compact(_ row: inout PBFTReplicaState, at mark: UInt64, spec: PBFTLayer) {
        guard mark > 0, UInt64(row.stableCheckpoint.number) >= mark else { return }
        row.ledger.removeKeys(through: SequenceNumber(Int(mark)))
    }

    /// After a divergence the replica is where its log says: in the view it moved to, past the
    /// checkpoint it made stable or the NEW-VIEW it entered.
    public func resynchronise(_ row: PBFTReplicaState, to observation: Observation<Self>, spec: PBFTLayer) -> PBFTReplicaState {
        var result = row
        var entered: PBFTMessage? = nil
        switch observation {
        case .sent(let message, _):
            if message.kind == .viewChange {
                result.view = message.view
                result.isAwaitingNewView = true
            } else if message.kind == .newView {
                entered = message
            }
        case .input(.timeout, _):
            result.view = row.view.next
            result.isAwaitingNewView = true
        case .input(.stabilize(let message), _):
            result = spec.adopting(message.slot, state: message.state, into: row)
        case .input(.execute(let slot, _), _):
            result.executedThrough = slot
        case .input(.sendNewView(let message), _), .input(.acceptNewView(let message), _):
            entered = message
        default: break
        }
        if let entered {
            result = spec.adopting(entered.slot, state: entered.state, into: row)
            result.view = entered.view
            result.isAwaitingNewView = false
        }
        return result
    }

    /// The one instance, 1.
    public func instance(from value: JSONValue) -> UInt64? { value.integerValue == 1 ? 1 : nil }

    /// A sequence number of at least 0.
    public func mark(from value: JSONValue) -> UInt64? {
        guard let number = value.integerValue, number >= 0 else { return nil }
        return UInt64(number)
    }
}
