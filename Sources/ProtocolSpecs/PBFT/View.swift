import MessagePassing

/// A view number (Castro & Liskov §4: "the replicas move through a succession of configurations
/// called views"; tutorial, "PBFT: Normal-case protocol in view v"). Encoded in JSON as `"v1"`.
public struct View: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The number, from 0.
    public var number: Int { raw }
    /// The number itself: a 64-bit view, so that a trace of a long run holds any view it reaches. A
    /// model's bound (`max_view`) is its configuration's, checked where the configuration is read.
    let raw: Int

    /// View `number`.
    ///
    /// - Precondition: `number ≥ 0`.
    public init(_ number: Int) {
        precondition(number >= 0, "View: \(number) is negative")
        raw = number
    }

    /// The view after this one.
    public var next: View { View(number + 1) }

    /// The primary of this view among `replicaCount` replicas: replica v mod n (Castro & Liskov §4).
    /// This is the one place where replica symmetry is broken.
    public func primary(among replicaCount: Int) -> ReplicaID { ReplicaID(number % replicaCount) }

    /// Views are ordered by number.
    public static func < (lhs: View, rhs: View) -> Bool { lhs.number < rhs.number }

    /// `v1`.
    public var description: String { "v\(number)" }

    /// Decodes `"v1"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("v"), let number = Int(text.dropFirst()), number >= 0 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a view like \"v1\", got \"\(text)\""))
        }
        raw = number
    }

    /// Encodes as `"v1"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
