import Foundation
import MessagePassing

/// A reader of one trace line that expects the line, byte by byte, in the shape the usual writers
/// give it: no blanks, the keys in a fixed order, plain strings and integers. A codec's
/// `TraceCodec.decodeUsualLine` spells out each event kind's shape with it and reads the values in
/// the same pass, without first recording every member (`ScannedObject`) and then looking each key
/// up. Every method returns `nil` or `false` at the first byte that does not fit; the line then goes
/// to the general reader, which accepts any key order and words the errors. So what this accepts is
/// read exactly as the general reader reads it: a string is one `ScannedObject` accepts (printable
/// ASCII, no escapes), an integer one it reads as an integer (no leading zero, fraction or exponent).
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
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position &+ 1
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                position = cursor &+ 1
                return UnsafeBufferPointer(rebasing: bytes[start..<cursor])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor &+= 1
        }
        return nil
    }

    /// Moves past a non-empty string, returning its bytes.
    public mutating func nonEmptyString() -> UnsafeBufferPointer<UInt8>? {
        guard let text = string(), !text.isEmpty else { return nil }
        return text
    }

    /// Moves past an integer in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int? {
        var cursor = position
        let negative = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor &+= 1 }
        let digits = cursor
        var magnitude: UInt64 = 0
        while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9") {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[cursor] &- UInt8(ascii: "0")))
            if overflow || carry { return nil }
            magnitude = sum
            cursor &+= 1
        }
        // No digits, a leading zero, a fraction or an exponent: not this reader's to decide.
        guard cursor > digits, !(bytes[digits] == UInt8(ascii: "0") && cursor &- digits > 1) else { return nil }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") || bytes[cursor] | 0x20 == UInt8(ascii: "e") { return nil }
        let value: Int
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            value = Int(truncatingIfNeeded: 0 &- magnitude)
        } else {
            guard magnitude <= UInt64(Int.max) else { return nil }
            value = Int(magnitude)
        }
        guard range.contains(value) else { return nil }
        position = cursor
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
