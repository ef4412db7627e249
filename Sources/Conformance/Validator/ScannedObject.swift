import Foundation

/// A JSON object line read without building a `JSONValue` tree: the members' key and value byte
/// ranges, for the common shape of a trace event (string keys, plain strings without escapes,
/// integers, nested objects and arrays, literals). Anything else — escapes, fractions, non-ASCII
/// text, deep nesting, bad syntax — makes `scan` return `nil`, and the line is read by the strict
/// `JSONParser`, which also words the error. The bytes must outlive the object (it is used within
/// one `nextLine` call).
///
/// One scan records the members of the line's object and of the objects nested in it (not those
/// inside arrays, which are read by the strict parser when asked for), so that a nested object is
/// a view of the same members (`object(at:)`), not a second scan.
struct ScannedObject {
    /// What a member's value is.
    enum Kind {
        case string, integer, object, array, literal
    }

    /// One member: byte ranges of its key (without quotes) and value (strings without quotes).
    struct Member {
        var keyStart: Int
        var keyEnd: Int
        var valueStart: Int
        var valueEnd: Int
        var kind: Kind
        /// Where the key of the member whose value holds this one starts, or −1 at the top level.
        var parent: Int
        /// The key's first eight bytes (`ScannedObject.code(_:)`), compared before the key itself.
        var keyCode: UInt64
    }

    /// The deepest nesting of objects and arrays read in place (deeper lines go to the strict parser,
    /// which allows `JSONParser.maximumDepth`).
    static let maximumDepth = 16

    let bytes: UnsafeBufferPointer<UInt8>
    /// The members of every object read, inner objects' before those of the member holding them.
    private(set) var members: [Member] = []
    /// The object this is: −1 for the line's, else where the key of the member whose value it is
    /// starts.
    private(set) var scope = -1

    /// No object (the place of one read by the strict parser).
    static var none: ScannedObject { ScannedObject(bytes: UnsafeBufferPointer(start: nil, count: 0)) }

    /// The object that is all of `bytes` (blanks around it allowed), or `nil` when it is not of the
    /// simple shape. Its members are recorded in `storage` (emptied first), whose capacity a reader
    /// keeps from line to line.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, reusing storage: inout [Member]) -> ScannedObject? {
        storage.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else { return nil }
        let scanner = Scanner(base: base, end: bytes.count)
        var position = 0
        guard scanner.object(at: &position, depth: 1, parent: -1, into: &storage) else { return nil }
        scanner.skip(&position)
        guard position == bytes.count else { return nil }
        return ScannedObject(bytes: bytes, members: storage)
    }

    /// The object that is all of `bytes`, or `nil` (a fresh buffer for its members).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> ScannedObject? {
        var storage: [Member] = []
        return scan(bytes, reusing: &storage)
    }

    /// The object that is the value of the member at `position` (whose kind is `.object`).
    func object(at position: Int) -> ScannedObject {
        var nested = self
        nested.scope = members[position].keyStart
        return nested
    }

    /// Whether the member at `position` belongs to this object (not to a nested one).
    func owns(_ position: Int) -> Bool { members[position].parent == scope }

    /// The first eight bytes of `count` bytes at `base`, little-endian, zero-padded.
    static func code(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        if count >= 8 { return UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)) }
        var code: UInt64 = 0
        for index in 0..<count { code |= UInt64(base[index]) &<< UInt64(8 &* index) }
        return code
    }

    /// The scan of one line: its bytes, read through a pointer the loops keep in a register.
    private struct Scanner {
        let base: UnsafePointer<UInt8>
        let end: Int

        func skip(_ position: inout Int) {
            while position < end, base[position] == 0x20 || base[position] == 0x09 { position += 1 }
        }

        /// After a member or an element: moves past a `,` (true: another follows) or past `closer`
        /// (false: the container ends); `nil` when neither comes next.
        func separator(at position: inout Int, closer: UInt8) -> Bool? {
            skip(&position)
            guard position < end else { return nil }
            if base[position] == UInt8(ascii: ",") {
                position += 1
                skip(&position)
                return true
            }
            guard base[position] == closer else { return nil }
            position += 1
            return false
        }

        /// Scans `{…}` at `position` and moves past its `}`, recording its members under `parent`
        /// (nothing when `parent` is `nil`: an object inside an array).
        func object(at position: inout Int, depth: Int, parent: Int?, into members: inout [Member]) -> Bool {
            guard depth <= ScannedObject.maximumDepth, position < end, base[position] == UInt8(ascii: "{") else { return false }
            position += 1
            skip(&position)
            if position < end, base[position] == UInt8(ascii: "}") {
                position += 1
                return true
            }
            while true {
                guard let (keyStart, keyEnd) = string(at: &position) else { return false }
                skip(&position)
                guard position < end, base[position] == UInt8(ascii: ":") else { return false }
                position += 1
                skip(&position)
                let valueStart = position
                // A nested object's members name this member by where its key starts.
                guard let kind = value(at: &position, depth: depth, owner: parent == nil ? nil : keyStart, into: &members) else {
                    return false
                }
                if let parent {
                    let isString = kind == .string
                    members.append(
                        Member(
                            keyStart: keyStart, keyEnd: keyEnd, valueStart: isString ? valueStart + 1 : valueStart,
                            valueEnd: isString ? position - 1 : position, kind: kind, parent: parent,
                            keyCode: code(keyStart, keyEnd - keyStart)))
                }
                guard let more = separator(at: &position, closer: UInt8(ascii: "}")) else { return false }
                if !more { return true }
            }
        }

        /// `ScannedObject.code(_:_:)` of the `count` bytes at `start`: one load, masked, when eight
        /// bytes lie within the line (a key is followed by at least `":` and a value).
        func code(_ start: Int, _ count: Int) -> UInt64 {
            guard start + 8 <= end else { return ScannedObject.code(base + start, count) }
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            return count >= 8 ? word : word & ((1 &<< UInt64(8 &* count)) &- 1)
        }

        /// Scans `[…]` at `position` and moves past its `]` (recording nothing inside).
        func array(at position: inout Int, depth: Int, into members: inout [Member]) -> Bool {
            guard depth <= ScannedObject.maximumDepth else { return false }
            position += 1
            skip(&position)
            if position < end, base[position] == UInt8(ascii: "]") {
                position += 1
                return true
            }
            while true {
                guard value(at: &position, depth: depth, owner: nil, into: &members) != nil else { return false }
                guard let more = separator(at: &position, closer: UInt8(ascii: "]")) else { return false }
                if !more { return true }
            }
        }

        /// Scans one value at `position` (inside a container at `depth`) and moves past it; an
        /// object's members are recorded under `owner`, where the key of the member whose value it is
        /// starts (`nil`: not recorded).
        func value(at position: inout Int, depth: Int, owner: Int?, into members: inout [Member]) -> Kind? {
            guard position < end else { return nil }
            switch base[position] {
            case UInt8(ascii: "\""):
                guard string(at: &position) != nil else { return nil }
                return .string
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let close = ScannedObject.integerEnd(base, end, from: position) else { return nil }
                position = close
                return .integer
            case UInt8(ascii: "{"):
                return object(at: &position, depth: depth + 1, parent: owner, into: &members) ? .object : nil
            case UInt8(ascii: "["):
                return array(at: &position, depth: depth + 1, into: &members) ? .array : nil
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let word: StaticString =
                    base[position] == UInt8(ascii: "t") ? "true" : base[position] == UInt8(ascii: "f") ? "false" : "null"
                let count = word.utf8CodeUnitCount
                guard end - position >= count else { return nil }
                for index in 0..<count where base[position + index] != word.utf8Start[index] { return nil }
                position += count
                return .literal
            default:
                return nil
            }
        }

        /// A string without escapes and of printable ASCII; returns the range inside the quotes.
        func string(at position: inout Int) -> (Int, Int)? {
            guard position < end, base[position] == UInt8(ascii: "\""),
                let close = ScannedObject.plainStringEnd(base, end, from: position + 1)
            else { return nil }
            defer { position = close + 1 }
            return (position + 1, close)
        }
    }

    /// Where the string whose contents start at `start` (after its opening quote) closes: the
    /// position of its closing quote, when every byte before it is printable ASCII and not a
    /// backslash (a plain string, which this reader takes; any other goes to the strict parser).
    /// `TraceLineCursor` takes the same strings.
    @inline(__always)
    static func plainStringEnd(_ base: UnsafePointer<UInt8>, _ end: Int, from start: Int) -> Int? {
        var cursor = start
        while cursor < end {
            let byte = base[cursor]
            if byte == UInt8(ascii: "\"") { return cursor }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor &+= 1
        }
        return nil
    }

    /// Where the integer that starts at `start` ends, when it is one this reader takes: an optional
    /// minus and digits, without a leading zero, a fraction or an exponent (which the strict parser
    /// decides). `TraceLineCursor` takes the same integers.
    @inline(__always)
    static func integerEnd(_ base: UnsafePointer<UInt8>, _ end: Int, from start: Int) -> Int? {
        var position = start
        if position < end, base[position] == UInt8(ascii: "-") { position &+= 1 }
        let digits = position
        while position < end, base[position] >= UInt8(ascii: "0"), base[position] <= UInt8(ascii: "9") { position &+= 1 }
        guard position > digits, !(base[digits] == UInt8(ascii: "0") && position &- digits > 1) else { return nil }
        if position < end, base[position] == UInt8(ascii: ".") || base[position] | 0x20 == UInt8(ascii: "e") { return nil }
        return position
    }

    /// The value of the integer `base[start..<end]` (one `integerEnd` takes), or `nil` outside
    /// `Int`'s range.
    @inline(__always)
    static func integerValue(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let negative = base[start] == UInt8(ascii: "-")
        var magnitude: UInt64 = 0
        for index in (negative ? start + 1 : start)..<end {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(base[index] - UInt8(ascii: "0")))
            if overflow || carry { return nil }
            magnitude = sum
        }
        if negative { return magnitude <= UInt64(Int.max) + 1 ? Int(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    /// The position of this object's member whose key is `key`.
    func position(of key: StaticString) -> Int? {
        // A literal's bytes are at hand: no `String` to open in the validator's inner loop.
        guard key.hasPointerRepresentation else {
            var text = key.description
            return text.withUTF8 { position(of: $0) }
        }
        return position(of: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// The position of this object's member whose key is spelt by `wanted`.
    private func position(of wanted: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = wanted.count
        let code = count == 0 ? 0 : Self.code(wanted.baseAddress!, count)
        let scope = scope
        return members.withUnsafeBufferPointer { members -> Int? in
            for position in members.indices {
                guard members[position].keyCode == code, members[position].parent == scope,
                    members[position].keyEnd &- members[position].keyStart == count
                else { continue }
                if count <= 8 || memcmp(bytes.baseAddress! + members[position].keyStart + 8, wanted.baseAddress! + 8, count - 8) == 0 {
                    return position
                }
            }
            return nil
        }
    }

    /// This object's member whose key is `key`.
    func member(_ key: StaticString) -> Member? { position(of: key).map { members[$0] } }

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
            if let number = integer(of: member) { return .integer(number) }
            return .largeInteger(text(member.valueStart, member.valueEnd))
        case .literal:
            switch bytes[member.valueStart] {
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            default: return .null
            }
        case .object, .array:
            return (try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[member.valueStart..<member.valueEnd]))) ?? .null
        }
    }

    /// A member's value as an integer, or `nil` when it is not one or lies outside `Int`'s range.
    func integer(of member: Member) -> Int? {
        guard member.kind == .integer else { return nil }
        return Self.integerValue(bytes.baseAddress!, member.valueStart, member.valueEnd)
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
