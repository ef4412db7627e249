/// A sequence number: the slot of the ledger a request is ordered at (Castro & Liskov §4.2; the
/// tutorial's round ρ). Slot 0 is the genesis checkpoint; requests take slots 1, 2, ….
/// Encoded in JSON as a plain integer.
public struct SequenceNumber: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The number, from 0.
    public var number: Int { raw }
    /// The number itself (64 bits): a model's bound (`max_seq`) is its configuration's.
    let raw: Int

    /// Sequence number `number`.
    ///
    /// - Precondition: `number ≥ 0`.
    public init(_ number: Int) {
        precondition(number >= 0, "SequenceNumber: \(number) is negative")
        raw = number
    }

    /// The genesis checkpoint, 0.
    public static let genesis = SequenceNumber(0)

    /// The next sequence number.
    public var next: SequenceNumber { SequenceNumber(number + 1) }

    /// Sequence numbers are ordered by number.
    public static func < (lhs: SequenceNumber, rhs: SequenceNumber) -> Bool { lhs.number < rhs.number }

    /// `#2`.
    public var description: String { "#\(number)" }

    /// Decodes a plain integer.
    public init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Int.self)
        guard number >= 0 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "sequence number \(number) out of range"))
        }
        raw = number
    }

    /// Encodes as a plain integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}
