/// A canonical, bit-packed encoding of a state: the input of fingerprints and of exact-mode storage.
///
/// Values are appended as `(value, width)` pairs and packed into 64-bit words, so a state of a few
/// small fields costs a word or two (like SPIN's state vector). Equal states must produce equal
/// sequences of appends; that is the whole contract, and it makes fingerprints independent of Swift's
/// per-process seeded `Hasher`.
public struct StateEncoder: Sendable {
    @usableFromInline var storage: [UInt64]
    @usableFromInline var count = 0
    @usableFromInline var pending: UInt64 = 0
    @usableFromInline var pendingBits: Int = 0

    /// An empty encoder.
    public init() { storage = Array(repeating: 0, count: 16) }

    /// An empty encoder with room for `capacity` words before it grows (0: nothing allocated).
    @inlinable
    public init(capacity: Int) { storage = Array(repeating: 0, count: max(0, capacity)) }

    /// The completed words. Call `finish()` before reading them.
    public var words: [UInt64] { Array(storage[0..<count]) }

    /// Calls `body` with the completed words, without copying them.
    @inlinable
    public func withWords<R>(_ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The number of words emitted so far (a partial word pending is not counted until `finish()`).
    @inlinable
    public var wordCount: Int { count }

    /// The emitted word at `index` (below `wordCount`).
    @inlinable
    public func word(at index: Int) -> UInt64 { storage[index] }

    /// Empties the encoder and keeps its storage.
    @inlinable
    public mutating func reset() {
        count = 0
        pending = 0
        pendingBits = 0
    }

    @inlinable @inline(__always)
    mutating func emit(_ word: UInt64) {
        if count == storage.count { storage.append(contentsOf: repeatElement(0, count: max(storage.count, 16))) }
        storage[count] = word
        count &+= 1
    }

    /// Appends the low `bits` bits of `value` (1 ≤ `bits` ≤ 64).
    ///
    /// - Precondition: `value < 2^bits`; checked under `BFT_INTERNAL_CHECKS`.
    @inlinable @inline(__always)
    public mutating func append(_ value: UInt64, bits: Int) {
        #if BFT_INTERNAL_CHECKS
            precondition(bits >= 1 && bits <= 64, "StateEncoder: width \(bits) out of 1...64")
            precondition(bits == 64 || value >> UInt64(bits) == 0, "StateEncoder: \(value) does not fit \(bits) bits")
        #endif
        pending |= value << UInt64(pendingBits)
        pendingBits &+= bits
        if pendingBits >= 64 {
            emit(pending)
            pendingBits &-= 64
            pending = pendingBits == 0 ? 0 : value >> UInt64(bits &- pendingBits)
        }
    }

    /// Appends a full 64-bit word.
    @inlinable
    public mutating func append(_ value: UInt64) { append(value, bits: 64) }

    /// Appends every word of `words` as 64 bits, in order: the same encoding as appending them one
    /// by one, with one capacity and uniqueness check for all of them rather than one per word. A
    /// model that packs its state into whole words itself hands them over with this (PBFT does).
    @inlinable
    public mutating func append(words: UnsafeBufferPointer<UInt64>) {
        guard !words.isEmpty else { return }
        let start = count
        let end = count &+ words.count
        if end > storage.count { storage.append(contentsOf: repeatElement(0, count: max(end &- storage.count, storage.count, 16))) }
        let shift = UInt64(pendingBits)
        var carry = pending
        storage.withUnsafeMutableBufferPointer { buffer in
            var index = start
            if shift == 0 {
                for word in words {
                    buffer[index] = word
                    index &+= 1
                }
            } else {
                for word in words {
                    buffer[index] = carry | word &<< shift
                    carry = word &>> (64 &- shift)
                    index &+= 1
                }
            }
        }
        count = end
        pending = carry
    }

    /// Appends an integer as 64 bits (two's complement).
    @inlinable
    public mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value)), bits: 64) }

    /// Appends a small non-negative integer in `bits` bits.
    @inlinable
    public mutating func append(_ value: Int, bits: Int) {
        #if BFT_INTERNAL_CHECKS
            precondition(value >= 0, "StateEncoder: negative value \(value) in a \(bits)-bit field")
        #endif
        append(UInt64(truncatingIfNeeded: value), bits: bits)
    }

    /// Appends a Boolean as one bit.
    @inlinable
    public mutating func append(_ value: Bool) { append(value ? 1 : 0, bits: 1) }

    /// Appends any encodable value.
    @inlinable
    public mutating func append<T: StateEncodable>(_ value: T) { value.encode(into: &self) }

    /// Flushes the partial word; call once after the last append.
    @inlinable
    public mutating func finish() {
        if pendingBits > 0 {
            emit(pending)
            pending = 0
            pendingBits = 0
        }
    }

    /// The stable 64-bit fingerprint of the finished encoding.
    @inlinable
    public var fingerprint: UInt64 { withWords { Fingerprint.of($0) } }
}

/// A value with a canonical encoding into a `StateEncoder`.
///
/// Implementations append their fields in a fixed order; collections append their length first.
public protocol StateEncodable {
    /// Appends this value's canonical encoding.
    func encode(into encoder: inout StateEncoder)
}

extension StateEncodable {
    /// The finished words of this value's canonical encoding.
    public var encodedWords: [UInt64] {
        var encoder = StateEncoder()
        encode(into: &encoder)
        encoder.finish()
        return encoder.words
    }
}

extension Int: StateEncodable {
    /// 64 bits, two's complement.
    public func encode(into encoder: inout StateEncoder) { encoder.append(self) }
}

extension UInt64: StateEncodable {
    /// 64 bits.
    public func encode(into encoder: inout StateEncoder) { encoder.append(self, bits: 64) }
}

extension UInt32: StateEncodable {
    /// 32 bits.
    public func encode(into encoder: inout StateEncoder) { encoder.append(UInt64(self), bits: 32) }
}

extension UInt16: StateEncodable {
    /// 16 bits.
    public func encode(into encoder: inout StateEncoder) { encoder.append(UInt64(self), bits: 16) }
}

extension UInt8: StateEncodable {
    /// 8 bits.
    public func encode(into encoder: inout StateEncoder) { encoder.append(UInt64(self), bits: 8) }
}

extension Int8: StateEncodable {
    /// 8 bits, two's complement.
    public func encode(into encoder: inout StateEncoder) {
        encoder.append(UInt64(UInt8(bitPattern: self)), bits: 8)
    }
}

extension Bool: StateEncodable {
    /// One bit.
    public func encode(into encoder: inout StateEncoder) { encoder.append(self) }
}

extension String: StateEncodable {
    /// The UTF-8 length, then the bytes.
    public func encode(into encoder: inout StateEncoder) {
        encoder.append(utf8.count)
        for byte in utf8 { encoder.append(UInt64(byte), bits: 8) }
    }
}

extension Optional: StateEncodable where Wrapped: StateEncodable {
    /// A presence bit, then the value.
    public func encode(into encoder: inout StateEncoder) {
        switch self {
        case .none: encoder.append(false)
        case .some(let value):
            encoder.append(true)
            value.encode(into: &encoder)
        }
    }
}

extension Array: StateEncodable where Element: StateEncodable {
    /// The count (32 bits), then the elements in order.
    public func encode(into encoder: inout StateEncoder) {
        encoder.append(UInt64(count), bits: 32)
        for element in self { element.encode(into: &encoder) }
    }
}
