/// What a node's transport counted: frames refused and why, and the state machine's drops by reason.
public struct TransportCounters: Hashable, Sendable {
    /// Frames that could not be decoded (malformed, oversized, unknown version); each closed its
    /// connection.
    public var malformedFrames = 0
    /// Frames whose MAC or signature did not verify, from non-members, or from the wrong connection.
    public var authenticationFailures = 0
    /// Frames received and authenticated.
    public var framesReceived = 0
    /// Frames written.
    public var framesSent = 0
    /// Messages that could not be sent because the peer's connection was down.
    public var unsentFrames = 0
    /// Connections to other replicas dialled again and re-established after they dropped (what TOCS 2002
    /// §5.2's retransmission needs below it: a path to the peer).
    public var reconnections = 0
    /// Inputs the state machine dropped, by reason.
    public var drops: [DropReason: Int] = [:]

    /// No counts yet.
    public init() {}
}
