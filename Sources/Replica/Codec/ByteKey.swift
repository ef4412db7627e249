#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes as a dictionary or set key, hashed in one call over their memory (`Hasher.combine(bytes:)`):
/// `[UInt8]` hashes element by element, one `Hasher` round per byte, which showed in the replicas'
/// profiles for the service keys and results they hash per request. Equal exactly when the bytes are.
struct ByteKey: Hashable, Sendable {
    /// The bytes.
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Whether the bytes are equal, compared with `memcmp` (`[UInt8]`'s `==` compares element by element).
    static func == (a: ByteKey, b: ByteKey) -> Bool {
        guard a.bytes.count == b.bytes.count else { return false }
        return a.bytes.withUnsafeBytes { mine in
            b.bytes.withUnsafeBytes { theirs in mine.count == 0 || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0 }
        }
    }

    /// Byte order (what entries of an executed state are sorted by).
    func precedes(_ other: ByteKey) -> Bool {
        // `memcmp` over the common prefix, then the shorter first: `lexicographicallyPrecedes` compared
        // element by element, and sorting a batch's written keys showed in the replicas' profiles.
        bytes.withUnsafeBytes { mine in
            other.bytes.withUnsafeBytes { theirs in
                let common = min(mine.count, theirs.count)
                let order = common == 0 ? 0 : memcmp(mine.baseAddress!, theirs.baseAddress!, common)
                return order == 0 ? mine.count < theirs.count : order < 0
            }
        }
    }
}
