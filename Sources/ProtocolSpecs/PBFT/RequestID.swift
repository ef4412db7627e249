/// A client request ⟨T⟩_c (tutorial, "PBFT: Normal-case protocol in view v"; Castro & Liskov §4.1).
///
/// The model's clients have issued all their requests before the run starts; a request is signed by
/// its client, so a Byzantine replica can put a request's digest in a message but cannot invent a new
/// request. Encoded in JSON as `"req1"` (requests are numbered from 1).
public struct RequestID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The request's number, from 1.
    public var number: Int { raw }
    /// The number itself: a model's bound (`requests`) is its configuration's, and a trace may name
    /// as many requests as its run has.
    let raw: Int

    /// Request `number`.
    ///
    /// - Precondition: `number ≥ 1`.
    public init(_ number: Int) {
        precondition(number >= 1, "RequestID: \(number) is not a request number (from 1)")
        raw = number
    }

    /// Requests are ordered by number.
    public static func < (lhs: RequestID, rhs: RequestID) -> Bool { lhs.number < rhs.number }

    /// `req1`.
    public var description: String { "req\(number)" }

    /// Decodes `"req1"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(text), case .request(let request) = digest else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a request like \"req1\", got \"\(text)\""))
        }
        self = request
    }

    /// Encodes as `"req1"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
