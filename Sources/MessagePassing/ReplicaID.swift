/// The identity of one replica: `r0`, `r1`, … (Castro & Liskov §4: replicas are numbered 0…|R| − 1,
/// and the primary of view v is replica v mod |R|).
///
/// Opaque on purpose: specs never do arithmetic on replica numbers except in the one place where
/// replica symmetry breaks, the primary of a view. Encoded in JSON as `"r2"`.
public struct ReplicaID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The replica's number, 0-based.
    public var index: Int { Int(raw) }
    let raw: UInt8

    /// Replica number `index`.
    ///
    /// - Precondition: `0 ≤ index < ReplicaSet.capacity`.
    public init(_ index: Int) {
        precondition(index >= 0 && index < ReplicaSet.capacity, "ReplicaID: \(index) out of 0..<\(ReplicaSet.capacity)")
        raw = UInt8(index)
    }

    /// Replicas are ordered by number.
    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.index < rhs.index }

    /// `r` followed by the number, e.g. `r2`.
    public var description: String { "r\(index)" }

    /// Decodes `"r2"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("r"), let index = Int(text.dropFirst()), index >= 0, index < ReplicaSet.capacity else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a replica id like \"r2\", got \"\(text)\""))
        }
        raw = UInt8(index)
    }

    /// Encodes as `"r2"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
