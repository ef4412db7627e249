import Crypto
import Foundation

/// A pairwise HMAC-SHA256 key (Castro & Liskov, TOCS 2002 §3.2) with its inner and outer padded key
/// blocks hashed once, when the key is made (the precomputation RFC 2104 §4 describes): a frame's MAC
/// then costs the hash blocks of its bytes plus one, instead of setting up the key every time.
struct MACKey: @unchecked Sendable {
    // `@unchecked`: swift-crypto does not mark `HMAC` `Sendable`. It is a value whose hash states are
    // copy-on-write (checked for a unique reference before every update), and `base` is never mutated:
    // each MAC starts from a copy, so sharing one key across threads shares no mutable state.
    private let base: HMAC<SHA256>

    /// The key with the raw bytes `key`.
    init(_ key: [UInt8]) { base = HMAC<SHA256>(key: SymmetricKey(data: key)) }

    /// The MAC of `bytes`.
    func code(for bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hmac = base
        hmac.update(data: bytes)
        return Array(hmac.finalize())
    }

    /// Whether `code` is the MAC of `bytes` (compared in constant time).
    func isValid(_ code: [UInt8], for bytes: ArraySlice<UInt8>) -> Bool {
        var hmac = base
        hmac.update(data: bytes)
        return hmac.finalize() == code
    }
}
