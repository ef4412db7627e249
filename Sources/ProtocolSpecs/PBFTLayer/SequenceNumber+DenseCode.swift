import MessagePassing

/// Sequence numbers as field values of the layer port (`PBFTLayer`): the code is the number, so a
/// config's `max_seq` is the field's declared range. The type holds any sequence number; the
/// derived encoding takes the bits the declared range needs.
extension SequenceNumber: DenseCode {
    /// Any non-negative sequence number.
    public static var codeCapacity: Int { .max }
    /// The number.
    public var denseCode: Int { number }
    /// Sequence number `code`.
    public static func withDenseCode(_ code: Int) -> SequenceNumber { SequenceNumber(code) }
}
