/// Why bytes could not be decoded: a frame or a message that is malformed, oversized or of an unknown
/// version. The transport closes the connection and counts the error; it never traps.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field needed `needed` bytes but only `remaining` were left.
    case truncated(field: String, needed: Int, remaining: Int)
    /// A length or count above the configured limit.
    case tooLarge(field: String, size: Int, limit: Int)
    /// Bytes left over after the message.
    case trailingBytes(count: Int)
    /// A frame of a codec version this build does not speak.
    case unsupportedVersion(UInt8)
    /// An unknown message tag.
    case unknownTag(field: String, tag: UInt8)
    /// A value that is well formed but not allowed (e.g. a replica index ≥ n).
    case invalid(field: String, reason: String)

    /// One line naming the field and the problem.
    public var description: String {
        switch self {
        case .truncated(let field, let needed, let remaining): "\(field): needs \(needed) bytes, \(remaining) remain"
        case .tooLarge(let field, let size, let limit): "\(field): \(size) exceeds the limit \(limit)"
        case .trailingBytes(let count): "\(count) bytes after the end of the message"
        case .unsupportedVersion(let version): "unsupported codec version \(version)"
        case .unknownTag(let field, let tag): "\(field): unknown tag \(tag)"
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}
