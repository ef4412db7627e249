/// A replicated map of named counters: the operation is a counter's name in UTF-8, executing it
/// increments that counter, and the result is `name=value`. Small, deterministic, and order-sensitive
/// enough that results show the execution order (Castro & Liskov, OSDI '99 §4.1).
public struct CounterService: ReplicatedService, Equatable {
    /// The counters by name.
    public private(set) var counters: [String: UInt64] = [:]

    /// No counters.
    public init() {}

    /// Restores the counters from `snapshot()`'s bytes.
    ///
    /// - Throws: `CodecError` when the bytes are not such a snapshot.
    public init(snapshot: [UInt8]) throws(CodecError) {
        var reader = ByteReader(snapshot)
        let count = try reader.readCount("counters", limit: 1 << 20)
        for _ in 0..<count {
            let name = String(decoding: try reader.readBlob("counter.name", limit: 1 << 16), as: UTF8.self)
            counters[name] = try reader.readUInt64("counter.value")
        }
        try reader.finish()
    }

    /// Increments the counter named by `operation` and returns `name=value`.
    public mutating func execute(_ operation: [UInt8]) -> [UInt8] {
        let name = String(decoding: operation, as: UTF8.self)
        let value = (counters[name] ?? 0) + 1
        counters[name] = value
        return Array("\(name)=\(value)".utf8)
    }

    /// Restores the counters from their entries: the name in UTF-8, the value as 8 bytes big-endian.
    ///
    /// - Throws: `CodecError` when a value is not 8 bytes or a name appears twice.
    public init(entries: [StateEntry]) throws(CodecError) {
        for entry in entries {
            var reader = ByteReader(entry.value)
            let value = try reader.readUInt64("counter.value")
            try reader.finish()
            let name = String(decoding: entry.key, as: UTF8.self)
            guard counters.updateValue(value, forKey: name) == nil else {
                throw .invalid(field: "counter.name", reason: "\(name) appears twice")
            }
        }
    }

    /// One entry per counter, by name.
    public func entries() -> [StateEntry] {
        counters.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.map { name in
            StateEntry(key: Array(name.utf8), value: Self.encode(counters[name]!))
        }
    }

    /// The counter `operation` names.
    public func keys(writtenBy operation: [UInt8]) -> [[UInt8]] { [Array(String(decoding: operation, as: UTF8.self).utf8)] }

    /// The counter named by `key`, 8 bytes big-endian.
    public func value(forKey key: [UInt8]) -> [UInt8]? { counters[String(decoding: key, as: UTF8.self)].map(Self.encode) }

    static func encode(_ value: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(value)
        return writer.bytes
    }

    /// The counters sorted by name.
    public func snapshot() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(UInt32(counters.count))
        for name in counters.keys.sorted() {
            writer.writeBlob(Array(name.utf8))
            writer.write(counters[name]!)
        }
        return writer.bytes
    }
}
