import ProtocolSpecs

/// A prepared certificate as a VIEW-CHANGE carries it: the replica prepared `digest` at `seq` in
/// `view` (the PRE-PREPARE and quorum − 1 matching PREPAREs, Castro & Liskov §4.4).
public struct PreparedClaim: Hashable, Sendable {
    /// The sequence number.
    public var seq: SequenceNumber
    /// The view it was prepared in.
    public var view: View
    /// The digest.
    public var digest: String

    /// A claim.
    public init(seq: SequenceNumber, view: View, digest: String) {
        self.seq = seq
        self.view = view
        self.digest = digest
    }

    /// `2=req1@v0`.
    public var summary: String { "\(seq.number)=\(digest)@\(view)" }
}
