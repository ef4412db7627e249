/// The requests one sequence number orders (Castro & Liskov, TOCS 2002 §5.1.4, batching): the primary
/// assigns a sequence number to a batch, and replicas execute its requests in order.
///
/// The empty batch is the null request of a NEW-VIEW (OSDI '99 §4.4), with the zero digest. A batch of
/// one request has that request's digest, so that unbatched runs name requests as clients do; a larger
/// batch has the SHA-256 of its requests' digests.
public struct RequestBatch: Hashable, Sendable {
    /// The requests, in execution order.
    public let requests: [ClientRequest]
    /// The batch's digest (see the type's discussion).
    public let digest: Digest

    /// A batch of `requests`.
    public init(_ requests: [ClientRequest]) {
        self.requests = requests
        switch requests.count {
        case 0: digest = .zero
        case 1: digest = requests[0].digest
        default:
            var writer = ByteWriter(capacity: 5 + 32 * requests.count)
            writer.write(UInt8(0x42))  // "B"
            writer.write(UInt32(requests.count))
            for request in requests { writer.write(request.digest) }
            digest = .hashing(writer.bytes)
        }
    }

    /// The null request: executes nothing.
    public static let null = RequestBatch([])

    /// Whether this is the null request.
    public var isNull: Bool { requests.isEmpty }
}
