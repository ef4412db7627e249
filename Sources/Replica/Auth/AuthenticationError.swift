/// Why a frame was refused by authentication; the transport drops it and counts the reason.
public enum AuthenticationError: Error, Hashable, Sendable {
    /// The sender is not in the cluster's directory.
    case nonMember(PeerIdentity)
    /// The HMAC does not match.
    case badMAC(PeerIdentity)
    /// A signature (of the frame, or of a VIEW-CHANGE inside a NEW-VIEW) does not verify.
    case badSignature(PeerIdentity)
    /// The VIEW-CHANGE of this replica (sent by it, or carried in a NEW-VIEW's V) holds, in C or in a
    /// prepared certificate's proof, a CHECKPOINT or PREPARE whose signature does not verify: a claim the
    /// replica cannot prove (Castro & Liskov, OSDI '99 §4.4; TOCS 2002 §4.5).
    case forgedProof(ReplicaID)
    /// The frame's sender is not the peer the connection was opened by.
    case senderMismatch(claimed: PeerIdentity, connection: PeerIdentity)
    /// The frame's sender has not greeted on the connection it came on (a client host's connection admits
    /// only the clients that greeted on it).
    case notGreeted(PeerIdentity)
    /// A key in the configuration is malformed.
    case badKey(PeerIdentity)
}
