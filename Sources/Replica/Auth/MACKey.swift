import Crypto

/// A pairwise HMAC-SHA256 key (Castro & Liskov, TOCS 2002 §3.2; RFC 2104) with its inner and outer
/// padded key blocks hashed once, when the key is made (the precomputation RFC 2104 §4 describes): a
/// frame's MAC then costs the hash blocks of its bytes plus one, instead of setting up the key every
/// time. The two hashes are swift-crypto's `SHA256`, fed raw buffers: its generic `HMAC` looked up type
/// metadata and went through `DataProtocol` regions on every MAC, which cost more than the hashing.
struct MACKey: @unchecked Sendable {
    // `@unchecked`: swift-crypto does not mark `SHA256` `Sendable`. It is a value whose hash state is
    // copy-on-write (checked for a unique reference before every update), and `inner` and `outer` are
    // never mutated: each MAC starts from copies, so sharing one key across threads shares no mutable
    // state.
    /// SHA-256 after the key XOR ipad.
    private let inner: SHA256
    /// SHA-256 after the key XOR opad.
    private let outer: SHA256

    /// The key with the raw bytes `key`.
    init(_ key: [UInt8]) {
        // RFC 2104 §2: a key longer than the block is hashed first; the key is padded with zeros to the block.
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += Array(repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }

    /// Calls `body` with the 32-byte MAC of `bytes`.
    private func withCode<Result>(for bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var hash = inner
        bytes.withUnsafeBytes { hash.update(bufferPointer: $0) }
        let innerDigest = hash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize().withUnsafeBytes(body)
    }

    /// The MAC of `bytes`.
    func code(for bytes: ArraySlice<UInt8>) -> [UInt8] { withCode(for: bytes) { Array($0) } }

    /// Whether `code` is the MAC of `bytes` (compared in constant time).
    func isValid(_ code: [UInt8], for bytes: ArraySlice<UInt8>) -> Bool {
        withCode(for: bytes) { expected in
            guard code.count == expected.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<expected.count { difference |= code[index] ^ expected[index] }
            return difference == 0
        }
    }
}
