import MessagePassing
import ProtocolSpecs

/// The members of one JSON object of a trace line, read field by field with errors that name the
/// file, the line and the field's path.
struct TraceFields {
    let members: [JSONValue.Member]
    let path: String
    let file: String
    let line: Int

    init(_ members: [JSONValue.Member], path: String = "", file: String, line: Int) {
        self.members = members
        self.path = path
        self.file = file
        self.line = line
    }

    /// `path.key`, or `key` at the top level.
    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func failure(_ key: String?, _ problem: String) -> MalformedTrace {
        MalformedTrace(file, line, field: key.map(fieldPath) ?? (path.isEmpty ? nil : path), problem)
    }

    func value(_ key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// Rejects keys outside `allowed` (extension keys starting with `x-` or `x_` and `time` pass).
    func requireKnownKeys(_ allowed: [String], what: String) throws {
        // Objects have a handful of members: linear scans beat hashing here (the reader's hot path).
        for (index, member) in members.enumerated() {
            for earlier in members[..<index] where earlier.key == member.key { throw failure(member.key, "appears twice") }
            if allowed.contains(member.key) || member.key == "time" || member.key.hasPrefix("x-") || member.key.hasPrefix("x_") { continue }
            throw failure(member.key, "unknown field; \(what) has \(allowed.joined(separator: ", "))")
        }
    }

    func string(_ key: String) throws -> String {
        guard let value = value(key) else { throw failure(key, "missing") }
        guard case .string(let text) = value else { throw failure(key, "expected a string, got \(value.kindDescription)") }
        guard !text.isEmpty else { throw failure(key, "must not be empty") }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = value(key), value != .null else { return nil }
        guard case .string(let text) = value else { throw failure(key, "expected a string, got \(value.kindDescription)") }
        guard !text.isEmpty else { throw failure(key, "must not be empty") }
        return text
    }

    func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let value = value(key) else { throw failure(key, "missing") }
        guard case .integer(let number) = value else {
            if case .largeInteger(let text) = value {
                throw failure(key, "out of range: expected an integer \(Self.describe(range)), got \(text)")
            }
            throw failure(key, "expected an integer, got \(value.kindDescription)")
        }
        guard range.contains(number) else { throw failure(key, "expected an integer \(Self.describe(range)), got \(number)") }
        return number
    }

    /// `in 0...3`, or `of at least 1` for a range without a practical upper bound.
    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "of at least \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
    }

    func optionalInteger(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(key), value != .null else { return nil }
        return try integer(key, range)
    }

    /// A view number within the spec's capacity, at least `minimum`.
    func view(_ key: String, minimum: Int = 0) throws -> View {
        let number = try integer(key, minimum...Int.max)
        guard number < PBFTConfiguration.viewCapacity else {
            throw failure(key, "view \(number) is beyond the PBFT spec's capacity (views 0...\(PBFTConfiguration.viewCapacity - 1))")
        }
        return View(number)
    }

    /// A sequence number within the spec's capacity: 1… for slots, 0… for checkpoints.
    func sequence(_ key: String, minimum: Int = 1) throws -> SequenceNumber {
        let number = try integer(key, minimum...Int.max)
        guard number <= PBFTConfiguration.sequenceCapacity else {
            throw failure(
                key, "sequence number \(number) is beyond the PBFT spec's capacity (\(minimum)...\(PBFTConfiguration.sequenceCapacity))")
        }
        return SequenceNumber(number)
    }

    func replica(_ key: String, _ names: [String: ReplicaID]) throws -> ReplicaID {
        let name = try string(key)
        guard let replica = names[name] else { throw failure(key, "unknown replica \"\(name)\"; the header names \(Self.list(names))") }
        return replica
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let value = value(key) else { throw failure(key, "missing") }
        guard case .array(let elements) = value else { throw failure(key, "expected an array, got \(value.kindDescription)") }
        return elements
    }

    func object(_ key: String) throws -> TraceFields {
        guard let value = value(key) else { throw failure(key, "missing") }
        guard case .object(let inner) = value else { throw failure(key, "expected an object, got \(value.kindDescription)") }
        return TraceFields(inner, path: fieldPath(key), file: file, line: line)
    }

    func strings(_ key: String) throws -> [String] {
        try array(key).enumerated().map { index, element in
            guard case .string(let text) = element, !text.isEmpty else {
                throw failure("\(key)[\(index)]", "expected a non-empty string, got \(element.kindDescription)")
            }
            return text
        }
    }

    /// The header's `replicas` list: exactly `count` distinct non-empty names, and each name's id (its
    /// position). Shared by the version-1 and version-2 header readers.
    func replicaNames(count: Int) throws -> (names: [String], ids: [String: ReplicaID]) {
        let names = try strings("replicas")
        guard names.count == count else { throw failure("replicas", "expected n = \(count) names, got \(names.count)") }
        var ids: [String: ReplicaID] = [:]
        for (index, name) in names.enumerated() {
            if ids[name] != nil { throw failure("replicas[\(index)]", "\"\(name)\" appears twice") }
            ids[name] = ReplicaID(index)
        }
        return (names, ids)
    }

    func replicas(_ key: String, _ names: [String: ReplicaID]) throws -> [ReplicaID] {
        try strings(key).enumerated().map { index, name in
            guard let replica = names[name] else {
                throw failure("\(key)[\(index)]", "unknown replica \"\(name)\"; the header names \(Self.list(names))")
            }
            return replica
        }
    }

    static func list(_ names: [String: ReplicaID]) -> String {
        names.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ")
    }
}
