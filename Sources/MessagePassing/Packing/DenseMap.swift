/// A map from dense-coded keys to dense-coded values: a plain map to read and write (a replica's
/// ledger, slot → digest; the last round heard from each replica), and a canonical value to store,
/// compare and encode. Iterates in ascending key order, so anything built from it comes out in a
/// fixed order.
///
/// Encoded in JSON as the array of its entries in ascending key order, `[{"key": …, "value": …}]`.
public struct DenseMap<Key: DenseCode, Value: DenseCode & Equatable>: Sequence {
    /// By key code: the value, or `nil`; never ends in `nil`, so equal maps have equal storage.
    @usableFromInline var storage: [Value?]

    /// The empty map.
    @inlinable
    public init() { storage = [] }

    /// The number of keys with a value.
    public var count: Int { storage.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    /// Whether no key has a value.
    @inlinable
    public var isEmpty: Bool { storage.isEmpty }

    /// The value of `key`, or `nil`; setting `nil` removes the key.
    @inlinable
    public subscript(key: Key) -> Value? {
        get {
            let code = key.denseCode
            return code < storage.count ? storage[code] : nil
        }
        set {
            let code = key.denseCode
            precondition(code >= 0, "DenseMap: negative key code \(code)")
            if let newValue {
                if code >= storage.count { storage.append(contentsOf: repeatElement(nil, count: code + 1 - storage.count)) }
                storage[code] = newValue
            } else if code < storage.count {
                storage[code] = nil
                while storage.last == .some(nil) { storage.removeLast() }
            }
        }
    }

    /// The entries in ascending key order.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    /// Iterates the entries in ascending key order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let storage: [Value?]
        @usableFromInline var position = 0

        @inlinable
        init(storage: [Value?]) { self.storage = storage }

        /// The next entry, lowest key first.
        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            while position < storage.count {
                defer { position += 1 }
                if let value = storage[position] { return (Key.withDenseCode(position), value) }
            }
            return nil
        }
    }
}

extension DenseMap: Sendable where Value: Sendable {}

extension DenseMap: Equatable {
    /// Equal entries.
    @inlinable
    public static func == (lhs: DenseMap, rhs: DenseMap) -> Bool { lhs.storage == rhs.storage }
}

extension DenseMap: Hashable where Value: Hashable {
    /// Hashes the entries.
    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}

extension DenseMap: Codable where Key: Codable, Value: Codable {
    private struct Entry: Codable {
        var key: Key
        var value: Value
    }

    /// Decodes the array of entries.
    public init(from decoder: any Decoder) throws {
        self.init()
        for entry in try decoder.singleValueContainer().decode([Entry].self) { self[entry.key] = entry.value }
    }

    /// Encodes the entries in ascending key order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(map { Entry(key: $0.key, value: $0.value) })
    }
}

extension DenseMap: CustomStringConvertible where Key: CustomStringConvertible, Value: CustomStringConvertible {
    /// `[r0: 2, r1: 1]`.
    public var description: String { "[" + map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]" }
}
