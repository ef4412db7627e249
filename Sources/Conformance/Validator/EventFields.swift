import Foundation
import MessagePassing

/// The members of one JSON object of a version-2 trace line, as a `TraceCodec` reads them: every
/// accessor throws a `MalformedTrace` naming the file, the line and the field's path.
///
/// Lines of the usual shape are read in place, without building a `JSONValue` tree (the
/// validator's inner loop); any other line goes through the strict parser, with the same errors.
public struct EventFields {
    /// The object read in place (when `parsed` is `nil`).
    let object: ScannedObject
    /// The object read by the strict parser, for lines of another shape.
    let parsed: TraceFields?
    /// The source's file name and replica names.
    let context: TraceLineContext
    let line: Int
    /// The path of the object holding this one (empty at the top level).
    let parentPath: String
    /// This object's key in it, for an object read in place (its path is made only for an error).
    let key: StaticString?

    init(_ fields: TraceFields, context: TraceLineContext) {
        object = .none
        parsed = fields
        self.context = context
        line = fields.line
        parentPath = fields.path
        key = nil
    }

    init(_ object: ScannedObject, context: TraceLineContext, line: Int, parentPath: String = "", key: StaticString? = nil) {
        self.object = object
        parsed = nil
        self.context = context
        self.line = line
        self.parentPath = parentPath
        self.key = key
    }

    /// The file, as errors name it.
    var file: String { context.file }

    /// This object's path, as errors name its fields (empty at the top level).
    var path: String {
        guard let key else { return parentPath }
        return parentPath.isEmpty ? key.description : "\(parentPath).\(key)"
    }

    func fieldPath(_ key: String) -> String {
        let path = path
        return path.isEmpty ? key : "\(path).\(key)"
    }

    /// The member `key` of the object read in place, if the line was and has it.
    private func scanned(_ key: StaticString) -> ScannedObject.Member? {
        parsed == nil ? object.member(key) : nil
    }

    /// The raw value of `key`, if present.
    public func value(_ key: StaticString) -> JSONValue? {
        if let parsed { return parsed.value(key.description) }
        return object.member(key).map(object.value(of:))
    }

    /// Whether `key` is present (whatever its value).
    public func contains(_ key: StaticString) -> Bool {
        if let parsed { return parsed.value(key.description) != nil }
        return object.position(of: key) != nil
    }

    /// A problem with `key` (or with the object, when `nil`).
    public func failure(_ key: String?, _ problem: String) -> MalformedTrace {
        let path = path
        return MalformedTrace(file, line, field: key.map(fieldPath) ?? (path.isEmpty ? nil : path), problem)
    }

    /// Rejects keys outside `allowed` (`time` and `x-…` extension keys always pass) and repeated keys.
    ///
    /// - Throws: `MalformedTrace`.
    public func requireKnownKeys(_ allowed: [String], what: String) throws {
        try requireKnownKeys(TraceKeywords(allowed), what: what)
    }

    /// Rejects keys outside `allowed` (`time` and `x-…` extension keys always pass) and repeated keys;
    /// `what` names the object in the error.
    ///
    /// - Throws: `MalformedTrace`.
    public func requireKnownKeys(_ allowed: TraceKeywords, what: @autoclosure () -> String) throws {
        if let parsed { return try parsed.requireKnownKeys(allowed.words, what: what()) }
        let bytes = object.bytes
        // Compared as bytes: a String per key would cost more than the rest of the line. Each allowed
        // key seen sets its bit, so that a repeat of one is found without comparing keys pairwise.
        var seen: UInt64 = 0
        for index in object.members.indices where object.owns(index) {
            let member = object.members[index]
            let written = UnsafeBufferPointer(rebasing: bytes[member.keyStart..<member.keyEnd])
            let position = allowed.index(of: written, code: member.keyCode)
            if let position, position < 64 {
                if seen & (1 << position) != 0 { throw failure(object.key(of: member), "appears twice") }
                seen |= 1 << position
                continue
            }
            let length = member.keyEnd - member.keyStart
            for earlier in object.members[..<index]
            where earlier.parent == member.parent && earlier.keyEnd - earlier.keyStart == length
                && memcmp(bytes.baseAddress! + earlier.keyStart, bytes.baseAddress! + member.keyStart, length) == 0
            {
                throw failure(object.key(of: member), "appears twice")
            }
            if position != nil { continue }
            let key = object.key(of: member)
            if key == "time" || key.hasPrefix("x-") || key.hasPrefix("x_") { continue }
            throw failure(key.description, "unknown field; \(what()) has \(allowed.words.joined(separator: ", "))")
        }
    }

    /// The `replica` and `lsn` of an event line read in place, in one pass over its members, when
    /// it has no `format`, a `replica` the header names, an `lsn` of at least 1 and a non-empty
    /// string `event`, each once; `nil` otherwise, when the accessors read them one by one (and word
    /// the error). Four look-ups a line would cost more than the rest of its reading.
    func replicaAndLSN() -> (replica: ReplicaID, lsn: Int)? {
        guard parsed == nil else { return nil }
        var replica: ReplicaID? = nil
        var lsn: Int? = nil
        var hasEvent = false
        for position in object.members.indices where object.owns(position) {
            let member = object.members[position]
            // Each of the four keys is at most eight bytes long: its code and length spell it.
            let length = member.keyEnd - member.keyStart
            if length == 7 && member.keyCode == Self.replicaCode {
                guard replica == nil, member.kind == .string,
                    let index = context.replicas.index(of: UnsafeBufferPointer(rebasing: object.bytes[member.valueStart..<member.valueEnd]))
                else { return nil }
                replica = ReplicaID(index)
            } else if length == 3 && member.keyCode == Self.lsnCode {
                guard lsn == nil, let number = object.integer(of: member), number >= 1 else { return nil }
                lsn = number
            } else if length == 5 && member.keyCode == Self.eventCode {
                guard !hasEvent, member.kind == .string, member.valueEnd > member.valueStart else { return nil }
                hasEvent = true
            } else if length == 6 && member.keyCode == Self.formatCode {
                return nil
            }
        }
        guard let replica, let lsn, hasEvent else { return nil }
        return (replica, lsn)
    }

    /// The codes (`ScannedObject.code(_:_:)`) of the keys `replicaAndLSN()` reads.
    static let replicaCode = code("replica")
    static let lsnCode = code("lsn")
    static let eventCode = code("event")
    static let formatCode = code("format")

    private static func code(_ key: StaticString) -> UInt64 { ScannedObject.code(key.utf8Start, key.utf8CodeUnitCount) }

    /// Which of `keywords` the non-empty string `key` is, or `nil` for another string (read the
    /// string with `string(_:)` to word the error).
    ///
    /// - Throws: `MalformedTrace` when missing or not a non-empty string (as `string(_:)`).
    public func keyword(_ key: StaticString, in keywords: TraceKeywords) throws -> Int? {
        guard let member = scanned(key), member.kind == .string, member.valueEnd > member.valueStart else {
            return keywords.words.firstIndex(of: try string(key))
        }
        return keywords.index(of: UnsafeBufferPointer(rebasing: object.bytes[member.valueStart..<member.valueEnd]))
    }

    /// Calls `body` with the UTF-8 bytes of the non-empty string `key`, read in place when the line
    /// was.
    ///
    /// - Throws: `MalformedTrace` when missing or not a non-empty string (as `string(_:)`).
    public func withString<R>(_ key: StaticString, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        guard let member = scanned(key), member.kind == .string, member.valueEnd > member.valueStart else {
            var text = try string(key)
            return try text.withUTF8(body)
        }
        return try body(UnsafeBufferPointer(rebasing: object.bytes[member.valueStart..<member.valueEnd]))
    }

    /// A non-empty string.
    ///
    /// - Throws: `MalformedTrace` when missing or not a non-empty string.
    public func string(_ key: StaticString) throws -> String {
        if let parsed { return try parsed.string(key.description) }
        guard let member = object.member(key) else { throw failure(key.description, "missing") }
        guard member.kind == .string else {
            throw failure(key.description, "expected a string, got \(object.value(of: member).kindDescription)")
        }
        guard member.valueEnd > member.valueStart else { throw failure(key.description, "must not be empty") }
        return object.text(member.valueStart, member.valueEnd)
    }

    /// An integer in `range`.
    ///
    /// - Throws: `MalformedTrace` when missing, not an integer, or outside `range`.
    public func integer(_ key: StaticString, _ range: ClosedRange<Int>) throws -> Int {
        if let member = scanned(key), let number = object.integer(of: member), range.contains(number) { return number }
        if let parsed { return try parsed.integer(key.description, range) }
        guard let member = object.member(key) else { throw failure(key.description, "missing") }
        let value = object.value(of: member)
        guard case .integer(let number) = value else {
            if case .largeInteger(let text) = value {
                throw failure(key.description, "out of range: expected an integer \(TraceFields.describe(range)), got \(text)")
            }
            throw failure(key.description, "expected an integer, got \(value.kindDescription)")
        }
        guard range.contains(number) else {
            throw failure(key.description, "expected an integer \(TraceFields.describe(range)), got \(number)")
        }
        return number
    }

    /// An unsigned 64-bit integer of at least `minimum` (views, sequence numbers and instance numbers
    /// of version 2 use the whole range: numbers above 2^63 − 1 are read from their text).
    ///
    /// - Throws: `MalformedTrace` when missing, not an integer, or outside `minimum...UInt64.max`.
    public func unsigned(_ key: StaticString, minimum: UInt64 = 0) throws -> UInt64 {
        if let member = scanned(key), let number = object.unsigned(of: member), number >= minimum { return number }
        guard let value = value(key) else { throw failure(key.description, "missing") }
        return try Self.unsigned(value, minimum: minimum, failure: { failure(key.description, $0) })
    }

    /// `value` as an unsigned 64-bit integer of at least `minimum`.
    static func unsigned(_ value: JSONValue, minimum: UInt64, failure: (String) -> MalformedTrace) throws -> UInt64 {
        let number: UInt64
        switch value {
        case .integer(let signed) where signed >= 0: number = UInt64(signed)
        case .largeInteger(let text):
            guard let parsed = UInt64(text) else {
                throw failure("out of range: expected an integer in \(minimum)...\(UInt64.max), got \(text)")
            }
            number = parsed
        case .integer(let signed): throw failure("expected an integer in \(minimum)...\(UInt64.max), got \(signed)")
        default: throw failure("expected an integer, got \(value.kindDescription)")
        }
        guard number >= minimum else { throw failure("expected an integer in \(minimum)...\(UInt64.max), got \(number)") }
        return number
    }

    /// A replica named in the header.
    ///
    /// - Throws: `MalformedTrace` when missing or not a name the header gives.
    public func replica(_ key: StaticString) throws -> ReplicaID {
        if let member = scanned(key), member.kind == .string,
            let index = context.replicas.index(of: UnsafeBufferPointer(rebasing: object.bytes[member.valueStart..<member.valueEnd]))
        {
            return ReplicaID(index)
        }
        let name = try string(key)
        guard let replica = context.replicaIDs[name] else {
            throw failure(key.description, "unknown replica \"\(name)\"; the header names \(TraceFields.list(context.replicaIDs))")
        }
        return replica
    }

    /// A nested object, its errors naming `key.field`.
    ///
    /// - Throws: `MalformedTrace` when missing or not an object.
    public func object(_ key: StaticString) throws -> EventFields {
        if let parsed { return EventFields(try parsed.object(key.description), context: context) }
        guard let position = object.position(of: key) else { throw failure(key.description, "missing") }
        let member = object.members[position]
        guard member.kind == .object else {
            throw failure(key.description, "expected an object, got \(object.value(of: member).kindDescription)")
        }
        return EventFields(object.object(at: position), context: context, line: line, parentPath: path, key: key)
    }
}

/// A fixed list of words a trace field may hold (event kinds, message types, allowed keys), matched
/// against a line's bytes without making a `String`.
public struct TraceKeywords: Sendable {
    /// The words, in order.
    public let words: [String]
    /// Each word's UTF-8 bytes.
    let bytes: [[UInt8]]
    /// Each word's first eight bytes (`ScannedObject.code(_:_:)`).
    let codes: [UInt64]

    /// The list `words`.
    public init(_ words: [String]) {
        self.words = words
        bytes = words.map { Array($0.utf8) }
        codes = bytes.map { word in word.withUnsafeBufferPointer { $0.isEmpty ? 0 : ScannedObject.code($0.baseAddress!, $0.count) } }
    }

    /// The position of the word spelt by `written`, if it is one of them.
    public func index(of written: UnsafeBufferPointer<UInt8>) -> Int? {
        if written.isEmpty { return bytes.firstIndex { $0.isEmpty } }
        return index(of: written, code: ScannedObject.code(written.baseAddress!, written.count))
    }

    /// The position of the word spelt by `written`, whose first eight bytes are `code`
    /// (`ScannedObject.code(_:_:)`).
    func index(of written: UnsafeBufferPointer<UInt8>, code: UInt64) -> Int? {
        for position in codes.indices where codes[position] == code && bytes[position].count == written.count {
            if written.count <= 8
                || bytes[position].withUnsafeBufferPointer({ memcmp($0.baseAddress! + 8, written.baseAddress! + 8, written.count - 8) == 0 }
                )
            {
                return position
            }
        }
        return nil
    }
}

/// What every line of one source shares: its file name, and the replica names of its header, read
/// from a line's bytes.
final class TraceLineContext: Sendable {
    /// The file, as errors name it.
    let file: String
    /// Each replica name's replica.
    let replicaIDs: [String: ReplicaID]
    /// The replica names in replica order.
    let replicas: TraceKeywords

    /// The context of `file`, whose header names `replicaNames`, replica i at position i.
    init(file: String, replicaNames: [String]) {
        self.file = file
        var ids: [String: ReplicaID] = [:]
        for (index, name) in replicaNames.enumerated() { ids[name] = ReplicaID(index) }
        replicaIDs = ids
        replicas = TraceKeywords(replicaNames)
    }
}
