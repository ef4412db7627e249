/// The messages one correct sender has put on the network, at most one per key, packed into one
/// 64-bit word as sixteen 4-bit contents (0 = nothing sent under that key).
///
/// This is the network's storage, indexed by sender and key (for PBFT, the key is a view and a
/// sequence number and the content a digest: a correct replica sends at most one PREPARE per view and
/// sequence number). Messages are only ever added, so delivery is a read (see `FaultModel`'s
/// vocabulary notes). The packing gives a canonical, allocation-free value: equal logs are equal
/// words, which is what state encodings and symmetry sorting need.
public struct MessageLog: Hashable, Sendable {
    /// The number of keys.
    public static let capacity = 16

    /// Key k's content is bits 4k ..< 4k + 4.
    public private(set) var word: UInt64

    /// An empty log.
    public init() { word = 0 }

    /// The log with exactly this packing.
    public init(word: UInt64) { self.word = word }

    /// Whether nothing was sent.
    public var isEmpty: Bool { word == 0 }

    /// The content sent under `key` (0 when none).
    ///
    /// - Precondition: `0 ≤ key < 16`.
    @inline(__always)
    public subscript(key: Int) -> UInt8 {
        get { UInt8(truncatingIfNeeded: word >> UInt64(4 * key)) & 0xF }
        set {
            #if BFT_INTERNAL_CHECKS
                precondition(key >= 0 && key < Self.capacity && newValue < 16, "MessageLog: key \(key) content \(newValue)")
            #endif
            let shift = UInt64(4 * key)
            word = (word & ~(0xF << shift)) | (UInt64(newValue & 0xF) << shift)
        }
    }

    /// The log with every content c replaced by `table[c]` (e.g. a permutation of request digests).
    public func mapped(_ table: [UInt8]) -> MessageLog {
        var result = MessageLog()
        var rest = word
        var key = 0
        while rest != 0 {
            let content = Int(rest & 0xF)
            if content != 0 { result[key] = table[content] }
            rest >>= 4
            key += 1
        }
        return result
    }
}
