import Foundation

/// A JSON object line read without building a `JSONValue` tree: the members' key and value byte
/// ranges, for the common shape of a trace event (string keys, plain strings without escapes,
/// integers, nested objects, literals). Anything else — escapes, fractions, arrays, non-ASCII text,
/// bad syntax — makes `scan` return `nil`, and the line is read by the strict `JSONParser`, which
/// also words the error. The bytes must outlive the object (it is used within one `nextLine` call).
struct ScannedObject {
    /// What a member's value is.
    enum Kind {
        case string, integer, object, literal
    }

    /// One member: byte ranges of its key (without quotes) and value (strings without quotes).
    struct Member {
        var keyStart: Int
        var keyEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var kind: Kind
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var members: [Member] = []

    /// The object in `bytes[start..<end]`, or `nil` when it is not of the simple shape.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil) -> ScannedObject? {
        var object = ScannedObject(bytes: bytes)
        object.members.reserveCapacity(8)
        var position = start
        guard let stop = object.scanObject(at: &position, end: end ?? bytes.count) else { return nil }
        var tail = stop
        while tail < (end ?? bytes.count), bytes[tail] == 0x20 || bytes[tail] == 0x09 { tail += 1 }
        return tail == (end ?? bytes.count) ? object : nil
    }

    /// Scans `{…}` at `position`, recording its members (not those of nested objects); returns the
    /// position after `}`.
    private mutating func scanObject(at position: inout Int, end: Int) -> Int? {
        func skip(_ position: inout Int) {
            while position < end, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        }
        guard position < end, bytes[position] == UInt8(ascii: "{") else { return nil }
        position += 1
        skip(&position)
        if position < end, bytes[position] == UInt8(ascii: "}") { return position + 1 }
        while true {
            guard let (keyStart, keyEnd) = scanString(at: &position, end: end) else { return nil }
            skip(&position)
            guard position < end, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skip(&position)
            guard position < end else { return nil }
            var member = Member(keyStart: keyStart, keyEnd: keyEnd, valueStart: position, valueEnd: position, kind: .literal)
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let (start, stop) = scanString(at: &position, end: end) else { return nil }
                (member.valueStart, member.valueEnd, member.kind) = (start, stop, .string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = position
                if bytes[position] == UInt8(ascii: "-") { position += 1 }
                let digits = position
                while position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
                // No digits, a leading zero, a fraction or an exponent: the strict parser decides.
                guard position > digits, !(bytes[digits] == UInt8(ascii: "0") && position - digits > 1) else { return nil }
                if position < end, bytes[position] == UInt8(ascii: ".") || bytes[position] | 0x20 == UInt8(ascii: "e") { return nil }
                (member.valueStart, member.valueEnd, member.kind) = (start, position, .integer)
            case UInt8(ascii: "{"):
                var nested = ScannedObject(bytes: bytes)
                let start = position
                guard let stop = nested.scanObject(at: &position, end: end) else { return nil }
                position = stop
                (member.valueStart, member.valueEnd, member.kind) = (start, stop, .object)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = position
                for word in ["true", "false", "null"] where matches(word, at: start, end: end) { position = start + word.utf8.count }
                guard position > start else { return nil }
                (member.valueStart, member.valueEnd, member.kind) = (start, position, .literal)
            default:
                return nil
            }
            members.append(member)
            skip(&position)
            guard position < end else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                skip(&position)
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { return nil }
            return position + 1
        }
    }

    /// A string without escapes and of printable ASCII; returns the range inside the quotes.
    private func scanString(at position: inout Int, end: Int) -> (Int, Int)? {
        guard position < end, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var cursor = start
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                position = cursor + 1
                return (start, cursor)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        return nil
    }

    private func matches(_ word: String, at start: Int, end: Int) -> Bool {
        var position = start
        for byte in word.utf8 {
            guard position < end, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    /// The member whose key is `key`.
    func member(_ key: String) -> Member? {
        var key = key
        return key.withUTF8 { wanted in
            members.first { member in
                member.keyEnd - member.keyStart == wanted.count
                    && memcmp(bytes.baseAddress! + member.keyStart, wanted.baseAddress!, wanted.count) == 0
            }
        }
    }

    /// A member's key as a string.
    func key(of member: Member) -> String { text(member.keyStart, member.keyEnd) }

    /// The text of `bytes[start..<end]` (ASCII).
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A member's value as a `JSONValue` (for error messages and rare accessors).
    func value(of member: Member) -> JSONValue {
        switch member.kind {
        case .string: return .string(text(member.valueStart, member.valueEnd))
        case .integer:
            let written = text(member.valueStart, member.valueEnd)
            return Int(written).map(JSONValue.integer) ?? .largeInteger(written)
        case .literal:
            switch bytes[member.valueStart] {
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            default: return .null
            }
        case .object:
            return (try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[member.valueStart..<member.valueEnd]))) ?? .null
        }
    }

    /// A member's value as an unsigned 64-bit integer, or `nil` when it is not one.
    func unsigned(of member: Member) -> UInt64? {
        guard member.kind == .integer, bytes[member.valueStart] != UInt8(ascii: "-") else { return nil }
        var number: UInt64 = 0
        for index in member.valueStart..<member.valueEnd {
            let (times, overflow) = number.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if overflow || carry { return nil }
            number = sum
        }
        return number
    }
}
