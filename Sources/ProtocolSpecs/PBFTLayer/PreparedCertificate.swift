import MessagePassing

/// A prepared certificate as a VIEWCHANGE carries it: the view in which its sender prepared, and the
/// digest it prepared (Castro & Liskov §4.4, TOCS §4.5: the P component holds, per sequence number,
/// the certificate of the highest view; tutorial, "PBFT: A view-change in view v"). The slot is the
/// key under which the message stores it.
///
/// Encoded in JSON as `{"view": "v0", "digest": "req1"}`.
public struct PreparedCertificate: Hashable, Sendable, Codable, CustomStringConvertible, DenseCode {
    /// The view of the PREPREPARE and PREPAREs.
    public var view: View
    /// The prepared digest.
    public var digest: Digest

    /// A certificate for `digest` prepared in `view`.
    public init(view: View, digest: Digest) {
        self.view = view
        self.digest = digest
    }

    /// Views times digests.
    public static var codeCapacity: Int { PBFTConfiguration.viewCapacity * Digest.codeCapacity }
    /// view · |digests| + digest.
    public var denseCode: Int { view.denseCode * Digest.codeCapacity + digest.denseCode }
    /// The certificate with code `code`.
    public static func withDenseCode(_ code: Int) -> PreparedCertificate {
        PreparedCertificate(view: View(code / Digest.codeCapacity), digest: .withDenseCode(code % Digest.codeCapacity))
    }

    /// `req1@v0`.
    public var description: String { "\(digest)@\(view)" }
}
