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
