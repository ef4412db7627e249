/// What a handler returns: the replica's next state and what it sends, or why the handler does not
/// apply (swift-nio's state machines return actions in the same way).
public enum Reaction<P: ReplicaProtocol>: Sendable {
    /// The handler applies.
    case fires(Effect<P>)
    /// The handler does not apply, and this is why.
    case refused(P.Refusal)

    /// The handler applies: `next` is the replica's new state, sending nothing; `quorum` is the
    /// matching messages it acted on, if any (for charts).
    @inlinable
    public static func fire(_ next: P.Replica, quorum: Quorum<P.Message>? = nil) -> Reaction {
        .fires(Effect(next: next, sends: Outbox(), quorum: quorum))
    }

    /// The handler applies: `next` is the replica's new state and `message` the one message it sends
    /// (no allocation); `quorum` is the matching messages it acted on, if any (for charts).
    @inlinable
    public static func fire(_ next: P.Replica, sending message: P.Message, quorum: Quorum<P.Message>? = nil) -> Reaction {
        .fires(Effect(next: next, sends: Outbox(message), quorum: quorum))
    }

    /// The handler applies: `next` is the replica's new state and `messages` what it sends, in order.
    @inlinable
    public static func fire(_ next: P.Replica, sendingAll messages: [P.Message], quorum: Quorum<P.Message>? = nil) -> Reaction {
        .fires(Effect(next: next, sends: Outbox(messages), quorum: quorum))
    }

    /// Whether the handler applies.
    @inlinable
    public var isFiring: Bool { if case .fires = self { true } else { false } }

    /// The reason, when refused.
    @inlinable
    public var refusal: P.Refusal? { if case .refused(let reason) = self { reason } else { nil } }
}

/// The effect of a handler that applies.
public struct Effect<P: ReplicaProtocol>: Sendable {
    /// The replica's state after the step.
    public var next: P.Replica
    /// The messages it sends, each to `recipients(of:from:)`.
    public var sends: Outbox<P.Message>
    /// The matching messages the step acted on, if it read a quorum.
    public var quorum: Quorum<P.Message>?

    /// An effect.
    @inlinable
    public init(next: P.Replica, sends: Outbox<P.Message>, quorum: Quorum<P.Message>? = nil) {
        self.next = next
        self.sends = sends
        self.quorum = quorum
    }
}

/// A quorum a step acted on: `count` matching copies of `message` from distinct senders.
public struct Quorum<Message: Sendable>: Sendable {
    /// The message content.
    public var message: Message
    /// The number of distinct senders needed.
    public var count: Int

    /// A quorum.
    @inlinable
    public init(_ message: Message, count: Int) {
        self.message = message
        self.count = count
    }
}

/// The messages one step sends: inline for the common cases of none or one, so that evaluating a
/// guard in the checker's inner loop does not allocate.
public struct Outbox<Message: Sendable>: Sendable, Sequence {
    @usableFromInline var first: Message?
    @usableFromInline var rest: [Message]

    /// No message.
    @inlinable
    public init() {
        first = nil
        rest = []
    }

    /// One message.
    @inlinable
    public init(_ message: Message) {
        first = message
        rest = []
    }

    /// The messages `messages`, in order.
    @inlinable
    public init(_ messages: [Message]) {
        first = messages.first
        rest = messages.count > 1 ? Array(messages.dropFirst()) : []
    }

    /// The number of messages.
    @inlinable
    public var count: Int { first == nil ? 0 : 1 + rest.count }

    /// The messages in order.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(outbox: self) }

    /// Iterates the messages in order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let outbox: Outbox
        @usableFromInline var position = 0

        @inlinable
        init(outbox: Outbox) { self.outbox = outbox }

        /// The next message.
        @inlinable
        public mutating func next() -> Message? {
            defer { position += 1 }
            if position == 0 { return outbox.first }
            return position - 1 < outbox.rest.count ? outbox.rest[position - 1] : nil
        }
    }
}
