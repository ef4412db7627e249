/// The parent links of a contiguous run of parents of one BFS level: for each parent in order, a
/// one-bit per child then a zero-bit, and each child's action ordinal in a byte (ordinals of 255 and
/// more in a side table). One chunk of the search builds one segment; see ``TraceLog``.
@usableFromInline
struct TraceLogSegment: Sendable {
    /// The unary bitmap: bit `j + p` is set for the child `j` of the parent `p`.
    @usableFromInline var bits: [UInt64]
    /// One byte per child: its action ordinal, or 255 when the ordinal is in `largeOrdinals`.
    @usableFromInline var ordinals: [UInt8]
    /// The ordinals that do not fit a byte, by child.
    @usableFromInline var largeOrdinals: [Int: UInt32] = [:]
    /// The number of parents.
    @usableFromInline let parentCount: Int

    /// A segment of `parentCount` parents whose children, in order, have the parents (offsets in the
    /// segment, non-decreasing) and action ordinals given.
    @inlinable
    init(
        parentCount: Int, childParents: UnsafeBufferPointer<UInt16>, childOrdinals: UnsafeBufferPointer<UInt32>
    ) {
        self.parentCount = parentCount
        let childCount = childOrdinals.count
        var bits = [UInt64](repeating: 0, count: (childCount + parentCount + 63) / 64)
        var large: [Int: UInt32] = [:]
        bits.withUnsafeMutableBufferPointer { bits in
            // Child j sits after its j earlier siblings and cousins and after the zero-bits that close
            // the parents before its own: at bit j + (its parent's offset).
            for child in 0..<childCount {
                let bit = child &+ Int(childParents[child])
                bits[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        ordinals = [UInt8](unsafeUninitializedCapacity: childCount) { buffer, initialized in
            for child in 0..<childCount {
                let ordinal = childOrdinals[child]
                if ordinal >= UInt32(UInt8.max) {
                    large[child] = ordinal
                    buffer[child] = UInt8.max
                } else {
                    buffer[child] = UInt8(truncatingIfNeeded: ordinal)
                }
            }
            initialized = childCount
        }
        self.bits = bits
        largeOrdinals = large
    }

    /// A segment from its stored parts (see `serialized()`).
    init(parentCount: Int, bits: [UInt64], ordinals: [UInt8], largeOrdinals: [Int: UInt32]) {
        self.parentCount = parentCount
        self.bits = bits
        self.ordinals = ordinals
        self.largeOrdinals = largeOrdinals
    }

    /// The number of children.
    @usableFromInline
    var childCount: Int { ordinals.count }

    /// Bit `index` of the bitmap.
    func bit(_ index: Int) -> Bool { bits[index >> 6] >> UInt64(index & 63) & 1 == 1 }

    /// The action ordinal of child `child`.
    func ordinal(_ child: Int) -> Int {
        let small = ordinals[child]
        return small == UInt8.max ? Int(largeOrdinals[child]!) : Int(small)
    }

    /// The offset in this segment of the parent of child `child`: the number of zero-bits before the
    /// child's one-bit.
    func parentIndex(of child: Int) -> Int {
        var parent = 0
        var seen = 0
        for index in 0..<(childCount + parentCount) {
            if bit(index) {
                if seen == child { return parent }
                seen += 1
            } else {
                parent += 1
            }
        }
        preconditionFailure("TraceLog: no parent for child \(child)")
    }

    /// The bytes the segment occupies.
    var bytes: Int { bits.capacity * 8 + ordinals.capacity + largeOrdinals.count * 24 }
}

extension TraceLogSegment {
    /// The segment as bytes: parent count, child count, the bitmap, the byte ordinals, then the large
    /// ordinals sorted by child (never in dictionary order, so equal segments give equal bytes).
    func serialized() -> ByteWriter {
        var writer = ByteWriter()
        writer.append(parentCount)
        writer.append(childCount)
        writer.append(bits.count)
        writer.append(raw: bits)
        writer.append(raw: ordinals)
        writer.append(largeOrdinals.count)
        for child in largeOrdinals.keys.sorted() {
            writer.append(child)
            writer.append(largeOrdinals[child]!)
        }
        return writer
    }

    /// The segment `serialized()` wrote.
    init(deserializing reader: inout ByteReader) throws(StorageError) {
        let parentCount = try reader.count(atMost: 1 << 40)
        let childCount = try reader.count(atMost: 1 << 40)
        let wordCount = try reader.int()
        guard wordCount == (childCount + parentCount + 63) / 64 else {
            throw StorageError("\(reader.source): a parent-log segment of \(wordCount) words for \(childCount + parentCount) bits")
        }
        let bits = try reader.raw(UInt64.self, count: wordCount)
        let ordinals = try reader.raw(UInt8.self, count: childCount)
        let largeCount = try reader.count(atMost: childCount)
        var large: [Int: UInt32] = [:]
        for _ in 0..<largeCount {
            let child = try reader.count(atMost: childCount - 1)
            large[child] = try reader.uint32()
        }
        self.init(parentCount: parentCount, bits: bits, ordinals: ordinals, largeOrdinals: large)
    }
}
