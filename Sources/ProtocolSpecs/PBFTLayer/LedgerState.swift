/// The state a checkpoint certifies — the executed ledger through its sequence number — as one value
/// that CHECKPOINT, VIEWCHANGE and NEWVIEW carry (Castro & Liskov §4.3: "the digest of the state";
/// tutorial, "PBFT: Further dealing with failures").
///
/// Three forms, one per use:
/// - **exact** (model checking): the digests of slots 1 … n, 4 bits each (slot i at bits 4(i − 1)),
///   so that the state is the ledger itself and a replica that takes it by state transfer fills its
///   ledger from it (`PBFTLayer.prefix(of:through:)`);
/// - **hashed** (judging traces of unbounded runs): a 64-bit fold of the same digests, so that a
///   replica that discarded its log up to a stable checkpoint still computes the state of every
///   later checkpoint (two histories share one value with probability about 2^-64 per pair);
/// - **named**: the digest an implementation's trace gives a state, before the trace validator has
///   matched it with a hashed state a correct replica computed.
///
/// Which of exact and hashed a spec uses is its configuration's (`PBFTLayer.isJudging`): the rules
/// compare, fold and adopt states through the spec, never through the representation.
///
/// Encoded in JSON as one string: `"exact:1a"` (the 4-bit digests, hexadecimal), `"#1a2b…"`
/// (hashed), or `"name:…"` (an implementation's name).
public enum LedgerState: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The digests of slots 1 … n, 4 bits each.
    case exact(UInt64)
    /// A fold of the digests of slots 1 … n.
    case hashed(UInt64)
    /// A state an implementation named.
    case named(String)

    /// The state of the genesis checkpoint (nothing executed), in the exact form.
    public static let genesis = LedgerState.exact(0)
    /// The hashed state of the genesis checkpoint.
    public static let hashedGenesis = LedgerState.hashed(0x243F_6A88_85A3_08D3)

    /// Exact before hashed before named; then by value.
    public static func < (lhs: LedgerState, rhs: LedgerState) -> Bool {
        switch (lhs, rhs) {
        case (.exact(let a), .exact(let b)), (.hashed(let a), .hashed(let b)): a < b
        case (.named(let a), .named(let b)): a < b
        case (.exact, _): true
        case (.hashed, .named): true
        default: false
        }
    }

    /// The hashed state after `state` with `digestCode` executed at `slot`: a SplitMix64-style
    /// finaliser over the three values (Steele, Lea & Flood, OOPSLA 2014), deterministic on every
    /// platform and process (never Swift's seeded `Hasher`).
    static func fold(_ state: UInt64, slot: Int, digestCode: Int) -> UInt64 {
        var x =
            state ^ (UInt64(truncatingIfNeeded: slot) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: digestCode) &+ 0xBF58_476D_1CE4_E5B9)
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// `[req1 req2]`-style for exact states (the digests, read by `PBFTLayer`), `#1a2b…` for hashed
    /// ones, the name for named ones.
    public var description: String {
        switch self {
        case .exact(let code): "exact:\(String(code, radix: 16))"
        case .hashed(let code): "#\(String(code, radix: 16))"
        case .named(let name): name
        }
    }

    /// Decodes `"exact:1a"`, `"#1a2b"` or `"name:…"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.hasPrefix("exact:"), let code = UInt64(text.dropFirst(6), radix: 16) {
            self = .exact(code)
        } else if text.hasPrefix("#"), let code = UInt64(text.dropFirst(), radix: 16) {
            self = .hashed(code)
        } else if text.hasPrefix("name:") {
            self = .named(String(text.dropFirst(5)))
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected \"exact:…\", \"#…\" or \"name:…\", got \"\(text)\""))
        }
    }

    /// Encodes as one string (see the type's description).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .exact, .hashed: try container.encode(description)
        case .named(let name): try container.encode("name:" + name)
        }
    }
}
