/// Stable 64-bit fingerprints of canonical state encodings.
///
/// The hash is a fixed-seed multiply-fold construction in the style of wyhash: each pair of words is
/// folded through a 64×64→128-bit product. It never uses Swift's `Hasher`, so the same state has the
/// same fingerprint in every process, on every run, with every thread count.
public enum Fingerprint {
    @usableFromInline static let secret0: UInt64 = 0xa076_1d64_78bd_642f
    @usableFromInline static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
    @usableFromInline static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    @usableFromInline static let secret3: UInt64 = 0x5899_65cc_7537_4cc3

    @inlinable @inline(__always)
    static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The fingerprint of a word sequence.
    ///
    /// - Complexity: O(`words.count`).
    @inlinable
    public static func of(_ words: [UInt64]) -> UInt64 {
        words.withUnsafeBufferPointer { of($0) }
    }

    /// The fingerprint of a word buffer.
    @inlinable @inline(__always)
    public static func of(_ words: UnsafeBufferPointer<UInt64>) -> UInt64 {
        var hasher = Streaming(wordCount: words.count)
        var i = 0
        let n = words.count
        while i + 1 < n {
            hasher.combine(words[i], words[i + 1])
            i += 2
        }
        if i < n { hasher.combine(last: words[i]) }
        return hasher.finish()
    }

    /// The fingerprint of a word sequence of known length fed a pair at a time (then, for an odd
    /// length, one last word): the same value as `of` the same words, without first storing them.
    public struct Streaming {
        @usableFromInline var h: UInt64
        @usableFromInline let count: UInt64

        /// A fingerprint of `wordCount` words, none fed yet.
        @inlinable @inline(__always)
        public init(wordCount: Int) {
            count = UInt64(wordCount)
            h = secret0 ^ count &* secret1
        }

        /// Feeds the next two words.
        @inlinable @inline(__always)
        public mutating func combine(_ first: UInt64, _ second: UInt64) { h = fold(first ^ secret1, second ^ h ^ secret2) }

        /// Feeds the last word of an odd-length sequence.
        @inlinable @inline(__always)
        public mutating func combine(last word: UInt64) { h = fold(word ^ secret1, h ^ secret3) }

        /// The fingerprint, once all `wordCount` words are fed.
        @inlinable @inline(__always)
        public func finish() -> UInt64 {
            let result = fold(h ^ secret2, count ^ secret0)
            // Never 0: the fingerprint tables use 0 as the empty-slot marker.
            return result == 0 ? secret3 : result
        }
    }
}
