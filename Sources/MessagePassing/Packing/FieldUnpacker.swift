/// Reads visited fields back from packed words, the inverse of `FieldPacker`: the round-trip test of
/// the derived encoding decodes every reachable state with it.
public struct FieldUnpacker: FieldVisitor {
    @usableFromInline let words: [UInt64]
    /// The bit `position` stands at (settable from inlined code).
    @usableFromInline var cursor: Int
    /// The position of the next bit to read.
    public var position: Int { cursor }

    /// An unpacker stores what it reads into the fields.
    @inlinable
    public static var writesFields: Bool { true }

    /// An unpacker reading `words` from bit 0.
    @inlinable
    public init(words: [UInt64]) {
        self.words = words
        cursor = 0
    }

    /// Reads the next `bits` bits (0 ≤ `bits` ≤ 64).
    ///
    /// - Precondition: the words hold them.
    @inlinable
    public mutating func read(bits: Int) -> UInt64 {
        guard bits > 0 else { return 0 }
        let word = cursor >> 6
        let offset = cursor & 63
        precondition(word < words.count, "FieldUnpacker: read past the end of the encoding")
        var value = words[word] >> UInt64(offset)
        if offset + bits > 64 {
            precondition(word + 1 < words.count, "FieldUnpacker: read past the end of the encoding")
            value |= words[word + 1] << UInt64(64 - offset)
        }
        cursor += bits
        return bits == 64 ? value : value & ((1 << UInt64(bits)) - 1)
    }

    /// Reads the value's offset in its range.
    @inlinable
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value, in codes: ClosedRange<Int>) {
        value = Value.withDenseCode(codes.lowerBound + Int(read(bits: FieldWidth.bits(forCodes: codes.count))))
    }

    /// Reads 0 as `nil`, else 1 + the value's offset.
    @inlinable
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value?, in codes: ClosedRange<Int>) {
        let code = Int(read(bits: FieldWidth.bits(forCodes: codes.count + 1)))
        value = code == 0 ? nil : Value.withDenseCode(codes.lowerBound + code - 1)
    }

    /// Reads one bit per code of the range.
    @inlinable
    public mutating func visit<Element: DenseCode>(_ name: StaticString, _ value: inout DenseSet<Element>, in codes: ClosedRange<Int>) {
        value = DenseSet(bits: read(bits: codes.count) << UInt64(codes.lowerBound))
    }

    /// Reads one optional value per key of the range.
    @inlinable
    public mutating func visit<Key: DenseCode, Value: DenseCode & Equatable>(
        _ name: StaticString, _ value: inout DenseMap<Key, Value>, keys: ClosedRange<Int>, values: ClosedRange<Int>
    ) {
        value = DenseMap()
        let bits = FieldWidth.bits(forCodes: values.count + 1)
        for code in keys {
            let entry = Int(read(bits: bits))
            if entry != 0 { value[Key.withDenseCode(code)] = Value.withDenseCode(values.lowerBound + entry - 1) }
        }
    }

    /// Reads one bit per replica.
    @inlinable
    public mutating func visit(_ name: StaticString, _ value: inout ReplicaSet, among replicaCount: Int) {
        value = ReplicaSet(bits: read(bits: replicaCount))
    }
}
