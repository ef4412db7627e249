/// The digest d of what a slot orders: a client request, or the null request that a NEWVIEW puts in
/// a slot no prepared certificate covers (Castro & Liskov §4.4: "d_null … executed as a no-op";
/// tutorial: "𝓝 contains no-op proposals for missing rounds").
///
/// The domain is finite and small — the requests of the model plus null — which is what keeps the
/// Byzantine vocabulary finite. Packed as a 4-bit code: 0 means "no digest", 1 is null, 1 + r is
/// request r. Encoded in JSON as `"null"` or `"req1"`.
public enum Digest: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The null request: a no-op.
    case null
    /// A client request.
    case request(RequestID)

    /// The 4-bit code (never 0) of the packed `pbft` model, whose requests are at most
    /// `PBFTConfiguration.requestCapacity`.
    public var code: UInt8 {
        switch self {
        case .null: 1
        case .request(let request): UInt8(1 + request.number)
        }
    }

    /// The digest with 4-bit `code`, or `nil` for code 0 ("no digest").
    public init?(code: UInt8) {
        switch code {
        case 0: return nil
        case 1: self = .null
        default: self = .request(RequestID(Int(code) - 1))
        }
    }

    /// Parses `"null"` or `"req1"`.
    public init?(_ text: String) {
        if text == "null" {
            self = .null
        } else if text.hasPrefix("req"), let number = Int(text.dropFirst(3)), number >= 1 {
            self = .request(RequestID(number))
        } else {
            return nil
        }
    }

    /// Whether this is a client request (not null).
    public var isRequest: Bool { if case .request = self { true } else { false } }

    /// Null first, then requests by number.
    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.order < rhs.order }

    /// 0 for null, r for request r: the order, for any number of requests.
    @inline(__always)
    var order: Int {
        switch self {
        case .null: 0
        case .request(let request): request.number
        }
    }

    /// `null` or `req1`.
    public var description: String {
        switch self {
        case .null: "null"
        case .request(let request): request.description
        }
    }

    /// Decodes `"null"` or `"req1"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected \"null\" or a request like \"req1\", got \"\(text)\""))
        }
        self = digest
    }

    /// Encodes as `"null"` or `"req1"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
