/// One frame's content: the sender, the message, and its authenticator — an HMAC-SHA256 for the normal
/// case (PREPAREs and CHECKPOINTs also carry their own signature inside), client traffic and state
/// transfer, an Ed25519 signature for NEW-VIEW, none for VIEW-CHANGE, whose signature is inside (Castro &
/// Liskov, TOCS 2002 §3.2 and §4.5: MACs where they suffice, signatures where messages are forwarded as
/// proof).
public struct Envelope: Hashable, Sendable {
    /// Who sent it (checked by the authenticator).
    public let sender: PeerIdentity
    /// The message.
    public let message: WireMessage
    /// The MAC or signature over `WireCodec.signedBytes(sender:message:)`.
    public var authenticator: [UInt8]

    /// An envelope from `sender` with `message`, not yet authenticated unless `authenticator` is given.
    public init(sender: PeerIdentity, message: WireMessage, authenticator: [UInt8] = []) {
        self.sender = sender
        self.message = message
        self.authenticator = authenticator
    }
}
