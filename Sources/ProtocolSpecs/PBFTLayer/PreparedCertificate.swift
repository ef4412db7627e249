import MessagePassing

/// A prepared certificate as a VIEWCHANGE carries it: the view in which its sender prepared, and the
/// digest it prepared (Castro & Liskov §4.4, TOCS §4.5: the P component holds, per sequence number,
/// the certificate of the highest view; tutorial, "PBFT: A view-change in view v"). The slot is the
/// key under which the message stores it.
///
/// Encoded in JSON as `{"view": "v0", "digest": "req1"}`.
public struct PreparedCertificate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The view of the PREPREPARE and PREPAREs.
    public var view: View
    /// The prepared digest.
    public var digest: Digest

    /// A certificate for `digest` prepared in `view`.
    public init(view: View, digest: Digest) {
        self.view = view
        self.digest = digest
    }

    /// By view, then digest.
    public static func < (lhs: PreparedCertificate, rhs: PreparedCertificate) -> Bool {
        (lhs.view.number, lhs.digest.order) < (rhs.view.number, rhs.digest.order)
    }

    /// `req1@v0`.
    public var description: String { "\(digest)@\(view)" }
}
