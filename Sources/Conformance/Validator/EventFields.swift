import Foundation
import MessagePassing

/// The members of one JSON object of a version-2 trace line, as a `TraceCodec` reads them: every
/// accessor throws a `MalformedTrace` naming the file, the line and the field's path.
///
/// Lines of the usual shape are read in place, without building a `JSONValue` tree (the
/// validator's inner loop); any other line goes through the strict parser, with the same errors.
public struct EventFields {
    enum Backing {
        case parsed(TraceFields)
        case scanned(ScannedObject)
    }

    let backing: Backing
    let names: [String: ReplicaID]
    let file: String
    let line: Int
    let path: String

    init(_ fields: TraceFields, names: [String: ReplicaID]) {
        backing = .parsed(fields)
        self.names = names
        file = fields.file
        line = fields.line
        path = fields.path
    }

    init(_ object: ScannedObject, names: [String: ReplicaID], file: String, line: Int, path: String = "") {
        backing = .scanned(object)
        self.names = names
        self.file = file
        self.line = line
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, if present.
    public func value(_ key: String) -> JSONValue? {
        switch backing {
        case .parsed(let fields): fields.value(key)
        case .scanned(let object): object.member(key).map(object.value(of:))
        }
    }

    /// A problem with `key` (or with the object, when `nil`).
    public func failure(_ key: String?, _ problem: String) -> MalformedTrace {
        MalformedTrace(file, line, field: key.map(fieldPath) ?? (path.isEmpty ? nil : path), problem)
    }

    /// Rejects keys outside `allowed` (`time` and `x-…` extension keys always pass) and repeated keys.
    ///
    /// - Throws: `MalformedTrace`.
    public func requireKnownKeys(_ allowed: [String], what: String) throws {
        guard case .scanned(let object) = backing else {
            if case .parsed(let fields) = backing { try fields.requireKnownKeys(allowed, what: what) }
            return
        }
        let bytes = object.bytes
        for (index, member) in object.members.enumerated() {
            let length = member.keyEnd - member.keyStart
            for earlier in object.members[..<index]
            where earlier.keyEnd - earlier.keyStart == length
                && memcmp(bytes.baseAddress! + earlier.keyStart, bytes.baseAddress! + member.keyStart, length) == 0
            {
                throw failure(object.key(of: member), "appears twice")
            }
            // Compared as bytes: a String per key would cost more than the rest of the line.
            let written = UnsafeBufferPointer(rebasing: bytes[member.keyStart..<member.keyEnd])
            if allowed.contains(where: { $0.utf8.count == length && $0.utf8.elementsEqual(written) }) { continue }
            let key = object.key(of: member)
            if key == "time" || key.hasPrefix("x-") || key.hasPrefix("x_") { continue }
            throw failure(key, "unknown field; \(what) has \(allowed.joined(separator: ", "))")
        }
    }

    /// A non-empty string.
    ///
    /// - Throws: `MalformedTrace` when missing or not a non-empty string.
    public func string(_ key: String) throws -> String {
        switch backing {
        case .parsed(let fields): return try fields.string(key)
        case .scanned(let object):
            guard let member = object.member(key) else { throw failure(key, "missing") }
            guard member.kind == .string else { throw failure(key, "expected a string, got \(object.value(of: member).kindDescription)") }
            guard member.valueEnd > member.valueStart else { throw failure(key, "must not be empty") }
            return object.text(member.valueStart, member.valueEnd)
        }
    }

    /// An integer in `range`.
    ///
    /// - Throws: `MalformedTrace` when missing, not an integer, or outside `range`.
    public func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
        switch backing {
        case .parsed(let fields): return try fields.integer(key, range)
        case .scanned(let object):
            guard let member = object.member(key) else { throw failure(key, "missing") }
            let value = object.value(of: member)
            guard case .integer(let number) = value else {
                if case .largeInteger(let text) = value {
                    throw failure(key, "out of range: expected an integer \(TraceFields.describe(range)), got \(text)")
                }
                throw failure(key, "expected an integer, got \(value.kindDescription)")
            }
            guard range.contains(number) else { throw failure(key, "expected an integer \(TraceFields.describe(range)), got \(number)") }
            return number
        }
    }

    /// An unsigned 64-bit integer of at least `minimum` (views, sequence numbers and instance numbers
    /// of version 2 use the whole range: numbers above 2^63 − 1 are read from their text).
    ///
    /// - Throws: `MalformedTrace` when missing, not an integer, or outside `minimum...UInt64.max`.
    public func unsigned(_ key: String, minimum: UInt64 = 0) throws -> UInt64 {
        if case .scanned(let object) = backing, let member = object.member(key), let number = object.unsigned(of: member), number >= minimum
        {
            return number
        }
        guard let value = value(key) else { throw failure(key, "missing") }
        return try Self.unsigned(value, minimum: minimum, failure: { failure(key, $0) })
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
    public func replica(_ key: String) throws -> ReplicaID {
        let name = try string(key)
        guard let replica = names[name] else {
            throw failure(key, "unknown replica \"\(name)\"; the header names \(TraceFields.list(names))")
        }
        return replica
    }

    /// A nested object, its errors naming `key.field`.
    ///
    /// - Throws: `MalformedTrace` when missing or not an object.
    public func object(_ key: String) throws -> EventFields {
        switch backing {
        case .parsed(let fields): return EventFields(try fields.object(key), names: names)
        case .scanned(let object):
            guard let member = object.member(key) else { throw failure(key, "missing") }
            guard member.kind == .object, let nested = ScannedObject.scan(object.bytes, from: member.valueStart, to: member.valueEnd) else {
                throw failure(key, "expected an object, got \(object.value(of: member).kindDescription)")
            }
            return EventFields(nested, names: names, file: file, line: line, path: fieldPath(key))
        }
    }
}
