/// Packing of digest sequences into words of 4-bit codes (slot 1 in the lowest nibble).
enum PackedDigests {
    static func pack(_ digests: [Digest]) -> UInt64 {
        var word: UInt64 = 0
        for (index, digest) in digests.enumerated() { word |= UInt64(digest.code) << UInt64(4 * index) }
        return word
    }

    static func unpack(_ word: UInt64, count: Int) -> [Digest] {
        (0..<count).map { Digest(code: UInt8(truncatingIfNeeded: word >> UInt64(4 * $0)) & 0xF) ?? .null }
    }
}
