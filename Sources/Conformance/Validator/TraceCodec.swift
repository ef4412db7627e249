import Foundation
import MessagePassing

/// What the generic `TraceValidator` needs from one protocol: how its version-2 trace events read
/// as observations of the spec's steps, which spec steps may explain a logged send, and how a
/// replica's live state shrinks when its stable point moves. The rules themselves stay in the spec
/// (`Spec`, a `ReplicaProtocol`): the codec never decides whether a step is allowed.
///
/// This is the "trace spec" of TLA+ trace validation (Cirstea, Kuppe, Merz, Loillier et al.,
/// "Validating Traces of Distributed Programs Against TLA+ Specifications", 2024): a mapping from
/// each kind of log event to the spec actions it may stand for, with the search among them left to
/// the validator. CCF's trace validation is the anchor for judging long runs by live state only.
///
/// **Instances and marks.** Every event belongs to an `Instance` of the spec — one broadcast of
/// many, or the single instance of a protocol whose state spans the whole run (PBFT). A replica's
/// `Mark` is its stable point: instances at or below it are retired (`isRetired(_:at:)`), messages
/// it no longer needs are dropped (`isLive(_:in:at:)`), and its row is compacted (`compact(_:at:spec:)`).
/// The validator keeps nothing else, so memory is bounded by what is live, not by the run.
public protocol TraceCodec: Sendable {
    /// The protocol whose rules judge the trace.
    associatedtype Spec: ReplicaProtocol
    /// What an event belongs to: a broadcast instance, or one value for a single-instance protocol.
    associatedtype Instance: Hashable & Comparable & Sendable & CustomStringConvertible
    /// A replica's stable point (e.g. the last retired instance, or the stable checkpoint).
    associatedtype Mark: Comparable & Sendable & CustomStringConvertible
    /// What the validator learns during a run about the names an implementation gives to values
    /// the spec computes (PBFT: a checkpoint's state digest); `NoNames` when there are none.
    associatedtype Names: Sendable = NoNames

    /// The header's `protocol`, e.g. `reliable-broadcast`.
    static var protocolName: String { get }
    /// The variants a header or `--variant` may name, the protocol as specified first.
    static var variantNames: [String] { get }

    /// The spec that judges a run with `header`, in `variant` (one of `variantNames`). Every replica
    /// of the returned spec must be correct: the validator keeps each replica's own view of what it
    /// received, and judges messages from the header's Byzantine replicas with
    /// `accepts(_:fromByzantine:spec:)`.
    ///
    /// - Throws: `MalformedTrace` naming the header field at fault (`params.values`, `n`, …).
    func spec(for header: TraceHeaderV2, variant: String, location: TraceLocation) throws -> Spec

    /// What one event line means: an observation, a move of the replica's stable point, or both.
    /// The line is read in place: its kind is `fields.keyword("event", in:)` (a non-empty string,
    /// checked before the call), its numbers, names and values are read from the line's bytes.
    ///
    /// - Parameters:
    ///   - fields: the whole line (`replica`, `lsn` and `event` included).
    ///   - names: the names learnt so far; a codec may number new ones (e.g. digests).
    /// - Throws: `MalformedTrace` naming the field at fault.
    func decode(_ fields: EventFields, spec: Spec, names: inout Names) throws -> CodecEvent<Self>

    /// What one event line of the usual shape means, read in one pass with `TraceLineCursor`
    /// (`TraceLineCursor.eventStart` first) and written into `event`'s parts in place (one of
    /// `DecodedEvent.received`, `sent`, `took` or `meansNothing`, then `stable` if the event moves
    /// it); `nil` for a line of another shape, which `decode` then reads (a codec may leave every
    /// line to it: the default), whatever parts were written. Where it answers, it must answer as
    /// `decode` does, and its effects on `names` must be ones `decode` repeats harmlessly (e.g.
    /// numbering a digest, which numbers it once).
    ///
    /// - Returns: the line's replica and log sequence number.
    func decodeUsualLine(
        _ line: UnsafeBufferPointer<UInt8>, replicas: TraceKeywords, spec: Spec, names: inout Names, into event: inout DecodedEvent<Self>
    )
        -> (replica: ReplicaID, lsn: Int)?

    /// The spec steps of `replica` that may have sent `message` (in the order to try them): inputs
    /// (quorum and local steps, client requests) and receipts. A receipt the replica has not logged
    /// is reported as such; the others are judged by the spec's handlers.
    func steps(producing message: Spec.Message, at replica: ReplicaID, spec: Spec) -> [ProtocolStep<Spec>]

    /// Whether Byzantine `sender` could have sent `message` under its own identity (e.g. it is in
    /// the spec's `vocabulary(of:)`).
    func accepts(_ message: Spec.Message, fromByzantine sender: ReplicaID, spec: Spec) -> Bool

    /// The stable point before anything is retired.
    var initialMark: Mark { get }
    /// Whether `instance` lies at or below `mark` (its live state is discarded).
    func isRetired(_ instance: Instance, at mark: Mark) -> Bool
    /// Whether a replica at `mark` still needs `message` of a live `instance` (PBFT: its sequence
    /// number is above the stable checkpoint). Default: yes.
    func isLive(_ message: Spec.Message, in instance: Instance, at mark: Mark) -> Bool
    /// Whether a replica at `mark` whose spec row is `row` still needs `message` of a live
    /// `instance`: what its row has moved past beside its mark (PBFT: VIEW-CHANGEs and NEW-VIEWs of
    /// views below the replica's, Castro & Liskov §4.4). Must imply `isLive(_:in:at:)`, and once false
    /// stay false as the row and the mark move on. Default: `isLive(_:in:at:)`.
    func isLive(_ message: Spec.Message, in instance: Instance, at mark: Mark, row: Spec.Replica) -> Bool
    /// Drops from `row` everything at or below `mark` (PBFT: log entries up to the stable
    /// checkpoint), in place. Default: nothing.
    func compact(_ row: inout Spec.Replica, at mark: Mark, spec: Spec)

    /// `row` moved to what the log says after a divergence at `observation`, so that `--all` goes on
    /// judging the replica from its own account (e.g. after an unexplained send of READY(v), the
    /// replica has sent READY(v)).
    func resynchronise(_ row: Spec.Replica, to observation: Observation<Self>, spec: Spec) -> Spec.Replica

    /// The names known before any event of a run with `header` is judged.
    func initialNames(for header: TraceHeaderV2) -> Names
    /// `message` with every implementation name already bound replaced by the spec's value.
    func canonical(_ message: Spec.Message, names: Names) -> Spec.Message
    /// Whether `message` may carry an implementation name: a message that carries none is its own
    /// canonical form, and a canonical one that still carries one holds a name not bound yet, which
    /// a later binding would replace (so that the validator makes messages canonical, and re-reads
    /// what a replica received, only when it must). Default: yes, unless there are no names.
    func carriesNames(_ message: Spec.Message) -> Bool
    /// `input` with every implementation name already bound replaced by the spec's value.
    func canonical(_ input: Spec.Input, names: Names) -> Spec.Input
    /// Whether `input` may carry an implementation name (else it is its own canonical form).
    /// Default: yes, unless there are no names.
    func carriesNames(_ input: Spec.Input) -> Bool
    /// Whether the `logged` send is the `owed` one the spec computed: equal, or equal once a name
    /// in `logged` is bound to the spec's value in `owed` (recorded in `names` when `recording`), or
    /// a conflict (a name bound to another value, or a value already named otherwise).
    func match(logged: Spec.Message, owed: Spec.Message, names: inout Names, recording: Bool) -> NameMatch

    /// How many bindings `names` holds (reported as the run's peak). Default: 0.
    func nameCount(_ names: Names) -> Int
    /// Whether `names` has grown enough since it last forgot anything for a sweep to be worth it
    /// (`forgetNames(_:keeping:)`). Default: no.
    func wantsToForget(_ names: Names) -> Bool
    /// Forgets from `names` every binding that nothing in `live` uses: `live` holds every message,
    /// input and row the validator still keeps or has read ahead, so a name seen again later is
    /// bound afresh, consistently with everything it is then compared with. Keeps the names'
    /// memory bounded by the live state, not by the run. Default: nothing.
    func forgetNames(_ names: inout Names, keeping live: LiveValues<Spec>)

    /// What the spec's names for implementation values in `text` (a divergence's lines) stand for
    /// in the trace, one `name = value` each, in order of appearance (PBFT: `req3 = 4c6f…`).
    /// Default: none.
    func glossary(of text: String, names: Names) -> [String]

    /// Whether `step` reads messages that reach a replica inside another message, so that the
    /// replica's view is what it received plus what correct replicas sent (PBFT: a backup checks a
    /// NEW-VIEW against the VIEW-CHANGEs it carries, Castro & Liskov §4.4). Default: no.
    func readsNetwork(_ step: ProtocolStep<Spec>) -> Bool

    /// The instance a snapshot entry names.
    func instance(from value: JSONValue) -> Instance?
    /// The mark a snapshot entry names.
    func mark(from value: JSONValue) -> Mark?
}

/// Every message, input and row a validation still keeps or has read ahead (`TraceCodec.forgetNames`).
public struct LiveValues<Spec: ReplicaProtocol> {
    /// Messages: received, sent and owed, and those of events read but not yet judged.
    public var messages: [Spec.Message] = []
    /// Inputs of steps owed or read but not yet judged.
    public var inputs: [Spec.Input] = []
    /// The live rows.
    public var rows: [Spec.Replica] = []
}

/// No implementation names: every value a trace carries is the spec's own.
public struct NoNames: Sendable {
    /// Nothing.
    public init() {}
}

/// How a logged send compares with one the spec owes (`TraceCodec.match(logged:owed:names:)`).
public enum NameMatch: Sendable, Equatable {
    /// The same message (names bound before included).
    case equal
    /// The same message once a new name is bound; the binding is recorded.
    case bound
    /// Different messages.
    case different
    /// The same message but for a name that is bound to another value, or a value that has another
    /// name: why.
    case conflict(String)
}

extension TraceCodec where Names == NoNames {
    /// None.
    public func initialNames(for header: TraceHeaderV2) -> NoNames { NoNames() }
    /// Unchanged.
    public func canonical(_ message: Spec.Message, names: NoNames) -> Spec.Message { message }
    /// No names.
    public func carriesNames(_ message: Spec.Message) -> Bool { false }
    /// No names.
    public func carriesNames(_ input: Spec.Input) -> Bool { false }
    /// Unchanged.
    public func canonical(_ input: Spec.Input, names: NoNames) -> Spec.Input { input }
    /// Equal or different.
    public func match(logged: Spec.Message, owed: Spec.Message, names: inout NoNames, recording: Bool) -> NameMatch {
        logged == owed ? .equal : .different
    }
}

extension TraceCodec {
    /// Any message may.
    public func carriesNames(_ message: Spec.Message) -> Bool { true }
    /// Any input may.
    public func carriesNames(_ input: Spec.Input) -> Bool { true }

    /// The trace's own names.
    public func glossary(of text: String, names: Names) -> [String] { [] }

    /// None counted.
    public func nameCount(_ names: Names) -> Int { 0 }
    /// Never.
    public func wantsToForget(_ names: Names) -> Bool { false }
    /// Nothing to forget.
    public func forgetNames(_ names: inout Names, keeping live: LiveValues<Spec>) {}

    /// A replica reads what it received, only.
    public func readsNetwork(_ step: ProtocolStep<Spec>) -> Bool { false }

    /// Every message of a live instance stays.
    public func isLive(_ message: Spec.Message, in instance: Instance, at mark: Mark) -> Bool { true }

    /// What the mark alone says.
    public func isLive(_ message: Spec.Message, in instance: Instance, at mark: Mark, row: Spec.Replica) -> Bool {
        isLive(message, in: instance, at: mark)
    }

    /// Nothing to compact.
    public func compact(_ row: inout Spec.Replica, at mark: Mark, spec: Spec) {}

    /// No usual shape: every line is read by `decode`.
    public func decodeUsualLine(
        _ line: UnsafeBufferPointer<UInt8>, replicas: TraceKeywords, spec: Spec, names: inout Names, into event: inout DecodedEvent<Self>
    )
        -> (replica: ReplicaID, lsn: Int)?
    { nil }
}

/// What one event line means to the validator: an observation of the replica, a move of its
/// stable point, or both (a stable checkpoint is a spec step and a move of the mark).
public struct CodecEvent<Codec: TraceCodec>: Sendable {
    /// What the replica did, if it was more than moving its stable point.
    public var observation: Observation<Codec>?
    /// Further observations the same line stands for, judged right after the first (PBFT: a
    /// NEW-VIEW carries O's PRE-PREPAREs, Castro & Liskov §4.4).
    public var more: [Observation<Codec>]
    /// The replica's new stable point, if the event moves it (applied after the observations).
    public var stable: Codec.Mark?
    /// A divergence the codec found in the implementation's own values rather than in a spec step
    /// (PBFT: a reply whose result is not the one the replica's execution logged, or two correct
    /// replicas reporting different results for one sequence number of a deterministic service),
    /// reported at the event's line once its observations are judged.
    public var problem: String?

    /// An event.
    public init(_ observation: Observation<Codec>?, more: [Observation<Codec>] = [], stable: Codec.Mark? = nil, problem: String? = nil) {
        self.observation = observation
        self.more = more
        self.stable = stable
        self.problem = problem
    }
}

/// One thing a replica's log says it did, in the spec's vocabulary.
public enum Observation<Codec: TraceCodec>: Sendable, CustomStringConvertible {
    /// It received `message` from `sender`: the sender must have sent it (or be Byzantine and able
    /// to); it joins what the replica can count; if the spec has a rule for its receipt, the receipt
    /// is tried as a step.
    case received(Codec.Spec.Message, from: ReplicaID, instance: Codec.Instance)
    /// It sent `message`: an effect of the step being taken, or of a step `steps(producing:)` finds.
    case sent(Codec.Spec.Message, instance: Codec.Instance)
    /// It took the step of `input` (a client request, a delivery, a timer), which must fire.
    case input(Codec.Spec.Input, instance: Codec.Instance)

    /// The instance.
    public var instance: Codec.Instance {
        switch self {
        case .received(_, _, let instance), .sent(_, let instance), .input(_, let instance): instance
        }
    }

    /// E.g. `recv INITIAL(a) from r0 (instance 3)`.
    public var description: String {
        switch self {
        case .received(let message, let sender, let instance): "recv \(message) from \(sender) (instance \(instance))"
        case .sent(let message, let instance): "send \(message) (instance \(instance))"
        case .input(let input, let instance): "\(input) (instance \(instance))"
        }
    }
}
