/// A replicated map of named counters: the operation is a counter's name in UTF-8, executing it
/// increments that counter, and the result is `name=value`. Small, deterministic, and order-sensitive
/// enough that results show the execution order (Castro & Liskov, OSDI '99 §4.1).
///
/// The counters are kept by the bytes of their names (`ByteKey`, the name's UTF-8, what `String(decoding:as:)`
/// makes of the operation): executing a request hashes its bytes once, with no `String` made, looked up
/// twice and formatted again, which showed in the replicas' profiles.
public struct CounterService: ReplicatedService, Equatable {
    /// The counters by the UTF-8 of their names.
    private var values: [ByteKey: UInt64] = [:]

    /// The counters by name.
    public var counters: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: values.map { (String(decoding: $0.key.bytes, as: UTF8.self), $0.value) })
    }

    /// No counters.
    public init() {}

    /// Restores the counters from `snapshot()`'s bytes.
    ///
    /// - Throws: `CodecError` when the bytes are not such a snapshot.
    public init(snapshot: [UInt8]) throws(CodecError) {
        var reader = ByteReader(snapshot)
        let count = try reader.readCount("counters", limit: 1 << 20)
        for _ in 0..<count {
            let name = Self.name(try reader.readBlob("counter.name", limit: 1 << 16))
            values[ByteKey(name)] = try reader.readUInt64("counter.value")
        }
        try reader.finish()
    }

    /// Increments the counter named by `operation` and returns `name=value`.
    public mutating func execute(_ operation: [UInt8]) -> [UInt8] {
        let name = Self.name(operation)
        func increment(_ value: inout UInt64) -> UInt64 {
            value += 1
            return value
        }
        let value = increment(&values[ByteKey(name), default: 0])
        // `name=value`, the value in decimal.
        var result = name
        result.reserveCapacity(name.count + 21)
        result.append(UInt8(ascii: "="))
        let digitsStart = result.count
        var rest = value
        repeat {
            result.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        result[digitsStart...].reverse()
        return result
    }

    /// The UTF-8 of the counter `operation` names: the operation's bytes when they are ASCII, else what
    /// `String(decoding:as:)` makes of them (invalid sequences replaced), as before names were kept as bytes.
    static func name(_ operation: [UInt8]) -> [UInt8] {
        operation.allSatisfy { $0 < 0x80 } ? operation : Array(String(decoding: operation, as: UTF8.self).utf8)
    }

    /// Restores the counters from their entries: the name in UTF-8, the value as 8 bytes big-endian.
    ///
    /// - Throws: `CodecError` when a value is not 8 bytes or a name appears twice.
    public init(entries: [StateEntry]) throws(CodecError) {
        for entry in entries {
            var reader = ByteReader(entry.value)
            let value = try reader.readUInt64("counter.value")
            try reader.finish()
            let name = Self.name(entry.key)
            guard values.updateValue(value, forKey: ByteKey(name)) == nil else {
                throw .invalid(field: "counter.name", reason: "\(String(decoding: name, as: UTF8.self)) appears twice")
            }
        }
    }

    /// One entry per counter, by name.
    public func entries() -> [StateEntry] {
        values.keys.sorted { $0.precedes($1) }.map { name in StateEntry(key: name.bytes, value: Self.encode(values[name]!)) }
    }

    /// The counter `operation` names.
    public func keys(writtenBy operation: [UInt8]) -> [[UInt8]] { [Self.name(operation)] }

    /// The counter named by `key`, 8 bytes big-endian.
    public func value(forKey key: [UInt8]) -> [UInt8]? { values[ByteKey(Self.name(key))].map(Self.encode) }

    static func encode(_ value: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(value)
        return writer.bytes
    }

    /// The counters sorted by name.
    public func snapshot() -> [UInt8] {
        let counters = self.counters
        var writer = ByteWriter()
        writer.write(UInt32(counters.count))
        for name in counters.keys.sorted() {
            writer.writeBlob(Array(name.utf8))
            writer.write(counters[name]!)
        }
        return writer.bytes
    }
}
