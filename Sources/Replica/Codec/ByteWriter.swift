/// Appends fixed-width big-endian integers and length-prefixed byte strings: the canonical encoding that
/// digests are computed over and that wire frames carry.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends one byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Appends `value` big-endian in 2 bytes.
    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends `value` big-endian in 4 bytes.
    public mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }

    /// Appends `value` big-endian in 8 bytes.
    public mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }

    /// Appends a digest's 32 bytes.
    public mutating func write(_ digest: Digest) { digest.appendBytes(to: &bytes) }

    /// Appends `data` as it is.
    public mutating func write(bytes data: [UInt8]) { bytes += data }

    /// Appends a 4-byte length, then `data`.
    public mutating func writeBlob(_ data: [UInt8]) {
        write(UInt32(data.count))
        bytes += data
    }
}
