import Foundation
import MessagePassing

/// A reader of one trace line that expects the line, byte by byte, in the shape the usual writers
/// give it: no blanks, the keys in a fixed order, plain strings and integers. A codec's
/// `TraceCodec.decodeUsualLine` spells out each event kind's shape with it and reads the values in
/// the same pass, without first recording every member (`ScannedObject`) and then looking each key
/// up. Every method returns `nil` or `false` at the first byte that does not fit; the line then goes
/// to the general reader, which accepts any key order and words the errors. Strings and integers are
/// taken and read by `ScannedObject`'s own rules (`plainStringEnd`, `integerEnd`, `integerValue`), so
/// what this accepts is read exactly as the general reader reads it.
public struct TraceLineCursor {
    /// The line.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var position = 0

    /// A cursor at the start of `bytes`.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Whether every byte was read.
    public var isAtEnd: Bool { position == bytes.count }

    /// Moves past `text` when the line continues with it.
    public mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - position >= count, memcmp(bytes.baseAddress! + position, text.utf8Start, count) == 0 else { return false }
        position &+= count
        return true
    }

    /// Moves past a string, returning its bytes without the quotes.
    public mutating func string() -> UnsafeBufferPointer<UInt8>? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\""),
            let close = ScannedObject.plainStringEnd(bytes.baseAddress!, bytes.count, from: position &+ 1)
        else { return nil }
        defer { position = close &+ 1 }
        return UnsafeBufferPointer(rebasing: bytes[(position &+ 1)..<close])
    }

    /// Moves past a non-empty string, returning its bytes.
    public mutating func nonEmptyString() -> UnsafeBufferPointer<UInt8>? {
        guard let text = string(), !text.isEmpty else { return nil }
        return text
    }

    /// Moves past an integer in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int? {
        guard position < bytes.count, let close = ScannedObject.integerEnd(bytes.baseAddress!, bytes.count, from: position),
            let value = ScannedObject.integerValue(bytes.baseAddress!, position, close), range.contains(value)
        else { return nil }
        position = close
        return value
    }

    /// Moves past an array of strings (`[]` included).
    public mutating func stringArray() -> Bool {
        guard literal("[") else { return false }
        if literal("]") { return true }
        while true {
            guard string() != nil else { return false }
            if literal("]") { return true }
            guard literal(",") else { return false }
        }
    }

    /// Moves past the start every event line of the usual shape has,
    /// `{"replica":"NAME","lsn":N,"event":"KIND"`, returning the replica (one of `replicas`), the
    /// log sequence number (at least 1) and the kind's bytes (non-empty).
    public mutating func eventStart(replicas: TraceKeywords) -> (replica: ReplicaID, lsn: Int, kind: UnsafeBufferPointer<UInt8>)? {
        guard literal(#"{"replica":"#), let name = string(), let index = replicas.index(of: name), literal(#","lsn":"#),
            let lsn = integer(1...Int.max), literal(#","event":"#), let kind = nonEmptyString()
        else { return nil }
        return (ReplicaID(index), lsn, kind)
    }
}
