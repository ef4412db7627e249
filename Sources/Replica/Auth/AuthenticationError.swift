/// Why a frame was refused by authentication; the transport drops it and counts the reason.
public enum AuthenticationError: Error, Hashable, Sendable {
    /// The sender is not in the cluster's directory.
    case nonMember(PeerIdentity)
    /// The HMAC does not match.
    case badMAC(PeerIdentity)
    /// A signature (of the frame, or of a VIEW-CHANGE inside a NEW-VIEW) does not verify.
    case badSignature(PeerIdentity)
    /// The frame's sender is not the peer the connection was opened by.
    case senderMismatch(claimed: PeerIdentity, connection: PeerIdentity)
    /// A key in the configuration is malformed.
    case badKey(PeerIdentity)
}
