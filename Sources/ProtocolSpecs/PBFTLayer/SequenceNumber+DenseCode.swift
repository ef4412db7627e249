import MessagePassing

/// Sequence numbers as field values of the layer port (`PBFTLayer`): the code is the number, so a
/// config's `max_seq` is the field's declared range.
extension SequenceNumber: DenseCode {
    /// Sequence numbers 0 … `PBFTConfiguration.sequenceCapacity`.
    public static var codeCapacity: Int { PBFTConfiguration.sequenceCapacity + 1 }
    /// The number.
    public var denseCode: Int { number }
    /// Sequence number `code`.
    public static func withDenseCode(_ code: Int) -> SequenceNumber { SequenceNumber(code) }
}
