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
        var values: [UInt64] = [0, 0, 0, 0]
        for (offset, byte) in bytes.enumerated() { values[offset / 8] = values[offset / 8] << 8 | UInt64(byte) }
        words = (values[0], values[1], values[2], values[3])
    }

    /// The SHA-256 digest of `data`.
    ///
    /// - Parameter data: the canonical encoding of what is digested.
    public static func hashing(_ data: [UInt8]) -> Digest {
        Digest(bytes: Array(SHA256.hash(data: data)))!
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return result
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
