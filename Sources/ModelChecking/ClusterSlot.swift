/// A value one worker thread of a distributed search fills for the search to read after the
/// parallel phase (a chunk's decoded states, a chunk's property scan).
@usableFromInline
final class ClusterSlot<Value>: @unchecked Sendable {
    /// The value.
    @usableFromInline @exclusivity(unchecked) var value: Value

    /// A slot holding `value`.
    @inlinable
    init(_ value: Value) { self.value = value }
}
