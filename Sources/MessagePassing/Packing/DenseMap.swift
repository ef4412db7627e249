/// A map from dense-coded keys to values: a plain map to read and write (a replica's ledger, slot →
/// digest; the last round heard from each replica), and a canonical value to store, compare and
/// encode. Iterates in ascending key order, so anything built from it comes out in a fixed order.
///
/// Sparse: it holds its entries only, sorted by key code, so a key may be any code its type holds
/// (a ledger at sequence number 10^9 takes one entry, not 10^9), and dropping a prefix of keys — a
/// stable checkpoint's garbage collection (Castro & Liskov §4.3) — frees what it held. The derived
/// encoding (`FieldVisitor`) still writes one optional value per key of a declared range.
///
/// Encoded in JSON as the array of its entries in ascending key order, `[{"key": …, "value": …}]`.
public struct DenseMap<Key: DenseCode, Value: Equatable>: Sequence {
    /// A key's code and its value.
    @usableFromInline
    struct Slot {
        @usableFromInline var code: Int
        @usableFromInline var value: Value

        @inlinable
        init(code: Int, value: Value) {
            self.code = code
            self.value = value
        }
    }

    /// The entries, ascending by key code: one buffer, so that copying a map retains one object.
    @usableFromInline var entries: [Slot]

    /// The empty map.
    @inlinable
    public init() { entries = [] }

    /// The number of keys with a value.
    @inlinable
    public var count: Int { entries.count }
    /// Whether no key has a value.
    @inlinable
    public var isEmpty: Bool { entries.isEmpty }

    /// The position of `code` among the entries, or where it would be inserted.
    @inlinable
    func position(of code: Int) -> Int {
        // Small maps dominate (a model's few slots): a scan from the end, where appends land.
        if entries.count <= 8 {
            var index = entries.count
            while index > 0 && entries[index - 1].code >= code { index -= 1 }
            return index
        }
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].code < code { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The value of `key`, or `nil`; setting `nil` removes the key.
    @inlinable
    public subscript(key: Key) -> Value? {
        get {
            let code = key.denseCode
            let index = position(of: code)
            return index < entries.count && entries[index].code == code ? entries[index].value : nil
        }
        set {
            let code = key.denseCode
            precondition(code >= 0, "DenseMap: negative key code \(code)")
            let index = position(of: code)
            let present = index < entries.count && entries[index].code == code
            if let newValue {
                if present {
                    entries[index].value = newValue
                } else {
                    entries.insert(Slot(code: code, value: newValue), at: index)
                }
            } else if present {
                entries.remove(at: index)
            }
        }
    }

    /// The lowest key with a value.
    @inlinable
    public var firstKey: Key? { entries.first.map { Key.withDenseCode($0.code) } }

    /// The highest key with a value.
    @inlinable
    public var lastKey: Key? { entries.last.map { Key.withDenseCode($0.code) } }

    /// How many consecutive codes from `key`'s hold a value: the length of the gap-free run of keys
    /// that starts at `key` (0 when `key` has none). A binary search: the entries are sorted by
    /// distinct codes, so the run from position p reaches position j exactly when their codes differ
    /// by j − p, which holds for a prefix of the positions.
    @inlinable
    public func consecutiveCount(from key: Key) -> Int {
        let code = key.denseCode
        let start = position(of: code)
        guard start < entries.count, entries[start].code == code else { return 0 }
        // The last position of the run lies in start ..< high.
        var low = start
        var high = entries.count
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if entries[middle].code &- code == middle &- start { low = middle } else { high = middle }
        }
        return low - start + 1
    }

    /// Removes every key whose code is at most `code`'s (a prefix of the map).
    @inlinable
    public mutating func removeKeys(through key: Key) {
        let code = key.denseCode
        var index = 0
        while index < entries.count && entries[index].code <= code { index += 1 }
        guard index > 0 else { return }
        entries.removeFirst(index)
    }

    /// The entries in ascending key order.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(entries: entries) }

    /// Iterates the entries in ascending key order.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let entries: [Slot]
        @usableFromInline var position = 0

        @inlinable
        init(entries: [Slot]) { self.entries = entries }

        /// The next entry, lowest key first.
        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            guard position < entries.count else { return nil }
            defer { position += 1 }
            return (Key.withDenseCode(entries[position].code), entries[position].value)
        }
    }
}

extension DenseMap: Sendable where Value: Sendable {}
extension DenseMap.Slot: Sendable where Value: Sendable {}
extension DenseMap.Slot: Equatable {}
extension DenseMap.Slot: Hashable where Value: Hashable {}

extension DenseMap: Equatable {
    /// Equal entries.
    @inlinable
    public static func == (lhs: DenseMap, rhs: DenseMap) -> Bool { lhs.entries == rhs.entries }
}

extension DenseMap: Hashable where Value: Hashable {
    /// Hashes the entries.
    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
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
