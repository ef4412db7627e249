import ProtocolSpecs

/// What a VIEW-CHANGE says: the view it moves to, the sender's stable checkpoint and its state, and
/// for each sequence number above it the certificate of the highest view the sender prepared in.
public struct ViewChangeContent: Hashable, Sendable {
    /// The view the sender moves to.
    public var view: View
    /// h, the sender's last stable checkpoint.
    public var checkpoint: SequenceNumber
    /// The state digest of checkpoint h (`nil` for genesis, h = 0).
    public var state: String?
    /// The prepared certificates P, by ascending sequence number.
    public var prepared: [PreparedClaim]

    /// A VIEW-CHANGE content.
    public init(view: View, checkpoint: SequenceNumber, state: String?, prepared: [PreparedClaim]) {
        self.view = view
        self.checkpoint = checkpoint
        self.state = state
        self.prepared = prepared
    }
}
