import MessagePassing

/// A value the sender of a reliable broadcast may send: `a`, `b`, … (Bracha 1987, §2: the sender's
/// message v; tutorial, "Variations on consensus: Byzantine Broadcast (Generals)": the general's
/// transaction T). The values of a model are interchangeable: none is special to any rule.
///
/// Encoded in JSON as its letter, e.g. `"a"`.
public struct BroadcastValue: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, DenseCode {
    /// Values are letters: `a` … `z`.
    public static var codeCapacity: Int { 26 }

    /// The value's number, from 0 (`a`).
    public var index: Int { Int(raw) }
    let raw: UInt8

    /// Value number `index` (0 is `a`).
    ///
    /// - Precondition: `0 ≤ index < 26`.
    public init(_ index: Int) {
        precondition(index >= 0 && index < Self.codeCapacity, "BroadcastValue: \(index) out of 0..<\(Self.codeCapacity)")
        raw = UInt8(index)
    }

    /// The value's number.
    public var denseCode: Int { index }

    /// Value number `code`.
    public static func withDenseCode(_ code: Int) -> BroadcastValue { BroadcastValue(code) }

    /// Values are ordered by number.
    public static func < (lhs: BroadcastValue, rhs: BroadcastValue) -> Bool { lhs.raw < rhs.raw }

    /// The letter, e.g. `a`.
    public var description: String { String(UnicodeScalar(UInt8(ascii: "a") + raw)) }

    /// Decodes a letter.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.count == 1, let scalar = text.unicodeScalars.first, scalar.isASCII, ("a"..."z").contains(Character(scalar)) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a value like \"a\", got \"\(text)\""))
        }
        raw = UInt8(scalar.value) - UInt8(ascii: "a")
    }

    /// Encodes as a letter.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
