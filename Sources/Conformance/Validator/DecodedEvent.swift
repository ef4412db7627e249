import MessagePassing

/// One event line read and decoded, with where it was written, kept in its parts: its first
/// observation as a message and a sender (a receipt), a message (a send) or an input, not as an
/// `Observation`. A trace source updates its head in place, part by part, and the validator reads
/// the parts in place: a whole value of a generic type such as `CodecEvent` or `Observation` is
/// copied and destroyed through its value witnesses (about 300 instructions each, measured with
/// callgrind), several times an event otherwise. A codec's one-pass reader writes the parts
/// directly (`TraceCodec.decodeUsualLine`).
public struct DecodedEvent<Codec: TraceCodec> {
    /// The replica whose event it is.
    public internal(set) var replica: ReplicaID
    /// Its log sequence number.
    public internal(set) var lsn: Int
    /// Where it was written.
    public internal(set) var location: TraceLocation
    /// The instance of the first observation (`nil`: the event only moves the stable point).
    public private(set) var instance: Codec.Instance? = nil
    /// The message received or sent.
    public private(set) var message: Codec.Spec.Message? = nil
    /// The sender of a message received.
    public private(set) var sender: ReplicaID? = nil
    /// The input taken.
    public private(set) var input: Codec.Spec.Input? = nil
    /// Further observations (`CodecEvent.more`).
    public private(set) var more: [Observation<Codec>] = []
    /// The replica's new stable point, if the event moves it (`CodecEvent.stable`).
    public var stable: Codec.Mark? = nil
    /// A divergence in the implementation's own values (`CodecEvent.problem`).
    public private(set) var problem: String? = nil

    /// An event of `replica` that means nothing (a placeholder).
    public init(replica: ReplicaID, lsn: Int, location: TraceLocation) {
        self.replica = replica
        self.lsn = lsn
        self.location = location
    }

    /// The event means that the replica received `message` from `sender` in `instance`, and
    /// nothing else (no further observation, no stable point, no problem).
    public mutating func received(_ message: Codec.Spec.Message, from sender: ReplicaID, instance: Codec.Instance) {
        (self.message, self.sender, self.input, self.instance) = (message, sender, nil, instance)
        clearRest()
    }

    /// The event means that the replica sent `message` in `instance`, and nothing else.
    public mutating func sent(_ message: Codec.Spec.Message, instance: Codec.Instance) {
        (self.message, self.sender, self.input, self.instance) = (message, nil, nil, instance)
        clearRest()
    }

    /// The event means that the replica took the step of `input` in `instance`, and nothing else.
    public mutating func took(_ input: Codec.Spec.Input, instance: Codec.Instance) {
        (self.message, self.sender, self.input, self.instance) = (nil, nil, input, instance)
        clearRest()
    }

    /// The event means nothing to the validator (a note).
    public mutating func meansNothing() {
        (message, sender, input, instance) = (nil, nil, nil, nil)
        clearRest()
    }

    /// No further observation, stable point or problem.
    mutating func clearRest() {
        if !more.isEmpty { more = [] }
        stable = nil
        if problem != nil { problem = nil }
    }

    /// Its first observation, made whole (for a divergence's text and for comparisons).
    public var observation: Observation<Codec>? {
        guard let instance else { return nil }
        if let message, let sender { return .received(message, from: sender, instance: instance) }
        if let message { return .sent(message, instance: instance) }
        if let input { return .input(input, instance: instance) }
        return nil
    }

    /// Its meaning as the general reader returns it (`TraceCodec.decode`).
    public var meaning: CodecEvent<Codec> { CodecEvent(observation, more: more, stable: stable, problem: problem) }

    /// Its first observation as a divergence names it (`Observation.description`), or `event`.
    func describe() -> String { observation?.description ?? "event" }

    /// Becomes the event of `replica` at `line` of the same file that means `meaning`, part by part
    /// (in place: see above).
    mutating func update(replica: ReplicaID, lsn: Int, line: Int, meaning: CodecEvent<Codec>) {
        self.replica = replica
        self.lsn = lsn
        location.line = line
        switch meaning.observation {
        case .some(.received(let message, let sender, let instance)): received(message, from: sender, instance: instance)
        case .some(.sent(let message, let instance)): sent(message, instance: instance)
        case .some(.input(let input, let instance)): took(input, instance: instance)
        case .none: meansNothing()
        }
        more = meaning.more
        stable = meaning.stable
        problem = meaning.problem
    }
}
