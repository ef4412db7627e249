import MessagePassing

/// Digests as field values of the layer port (`PBFTLayer`): null is 0 and request r is r, so a
/// config's `requests` is the field's declared range (Castro & Liskov §4.4: the null request).
extension Digest: DenseCode {
    /// Null and any number of requests.
    public static var codeCapacity: Int { .max }
    /// 0 for null, r for request r.
    public var denseCode: Int { order }
    /// The digest with code `code`.
    public static func withDenseCode(_ code: Int) -> Digest { code == 0 ? .null : .request(RequestID(code)) }
}
