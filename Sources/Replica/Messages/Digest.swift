import Crypto

/// A SHA-256 digest: of a client request, a request batch, or a checkpoint's state (Castro & Liskov,
/// OSDI '99 §4.2–4.3 use collision-resistant digests so that messages name requests and states by value).
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 bytes, big-endian, as four words.
    let words: (UInt64, UInt64, UInt64, UInt64)

    /// The all-zero digest: the null request (the no-op a NEW-VIEW puts where V has no certificate, §4.4)
    /// and the genesis state's history.
    public static let zero = Digest(words: (0, 0, 0, 0))

    init(words: (UInt64, UInt64, UInt64, UInt64)) { self.words = words }

    /// The digest whose bytes are `bytes`.
    ///
    /// - Parameter bytes: exactly 32 bytes; `nil` otherwise.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        if let words = bytes.withContiguousStorageIfAvailable({ Self.words(of: UnsafeRawBufferPointer($0)) }) {
            self.words = words
            return
        }
        var values: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            switch offset / 8 {
            case 0: values.0 = values.0 << 8 | UInt64(byte)
            case 1: values.1 = values.1 << 8 | UInt64(byte)
            case 2: values.2 = values.2 << 8 | UInt64(byte)
            default: values.3 = values.3 << 8 | UInt64(byte)
            }
        }
        words = values
    }

    /// The four big-endian words of the 32 bytes `raw`.
    static func words(of raw: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        func word(_ offset: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        return (word(0), word(8), word(16), word(24))
    }

    /// The SHA-256 digest of `data`.
    ///
    /// - Parameter data: the canonical encoding of what is digested.
    public static func hashing(_ data: [UInt8]) -> Digest {
        Digest(words: SHA256.hash(data: data).withUnsafeBytes { words(of: $0) })
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(32)
        appendBytes(to: &result)
        return result
    }

    /// Appends the 32 bytes, big-endian, to `bytes`.
    func appendBytes(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: words.0.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: words.1.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: words.2.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: words.3.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Lowercase hexadecimal, 64 characters: the name traces give it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether two digests are equal.
    public static func == (a: Digest, b: Digest) -> Bool { a.words == b.words }

    /// Hashes the four words.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Orders digests by their bytes.
    public static func < (a: Digest, b: Digest) -> Bool { a.words < b.words }

    /// The first 8 hex digits, for messages to people.
    public var description: String { String(hex.prefix(8)) }
}
