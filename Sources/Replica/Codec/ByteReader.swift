/// Reads what `ByteWriter` wrote, checking every length against the bytes that remain and against the
/// limits it was given: malformed input is an error, never a trap.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset: Int

    /// A reader over `bytes`, from the first.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    /// How many bytes remain unread.
    public var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ field: String) throws(CodecError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field, needed: count, remaining: remaining)
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Reads one byte.
    ///
    /// - Throws: `CodecError.truncated` at the end of the input.
    public mutating func readUInt8(_ field: String) throws(CodecError) -> UInt8 { try take(1, field).first! }

    /// Reads a big-endian 2-byte integer.
    ///
    /// - Throws: `CodecError.truncated` when fewer than 2 bytes remain.
    public mutating func readUInt16(_ field: String) throws(CodecError) -> UInt16 {
        try take(2, field).reduce(0) { $0 << 8 | UInt16($1) }
    }

    /// Reads a big-endian 4-byte integer.
    ///
    /// - Throws: `CodecError.truncated` when fewer than 4 bytes remain.
    public mutating func readUInt32(_ field: String) throws(CodecError) -> UInt32 {
        try take(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Reads a big-endian 8-byte integer.
    ///
    /// - Throws: `CodecError.truncated` when fewer than 8 bytes remain.
    public mutating func readUInt64(_ field: String) throws(CodecError) -> UInt64 {
        try take(8, field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Reads a 32-byte digest.
    ///
    /// - Throws: `CodecError.truncated` when fewer than 32 bytes remain.
    public mutating func readDigest(_ field: String) throws(CodecError) -> Digest {
        Digest(bytes: try take(32, field))!
    }

    /// Reads a 4-byte length and that many bytes.
    ///
    /// - Parameter limit: the largest length accepted.
    /// - Throws: `CodecError.tooLarge` above `limit`, `CodecError.truncated` past the end.
    public mutating func readBlob(_ field: String, limit: Int) throws(CodecError) -> [UInt8] {
        let count = Int(try readUInt32(field))
        guard count <= limit else { throw .tooLarge(field: field, size: count, limit: limit) }
        return Array(try take(count, field))
    }

    /// Reads a 4-byte count of items, checked against `limit`.
    ///
    /// - Throws: `CodecError.tooLarge` above `limit`, `CodecError.truncated` past the end.
    public mutating func readCount(_ field: String, limit: Int) throws(CodecError) -> Int {
        let count = Int(try readUInt32(field))
        guard count <= limit else { throw .tooLarge(field: field, size: count, limit: limit) }
        return count
    }

    /// Checks that every byte was read.
    ///
    /// - Throws: `CodecError.trailingBytes` otherwise.
    public func finish() throws(CodecError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }
}
