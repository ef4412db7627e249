/// Walks the fields of a spec value — a replica's state or a message — with their declared ranges:
/// the one declaration from which the compact state encoding, its decoding, the state constraint
/// and the start-up width check are all derived (TLC's separation of spec and model values: the
/// state holds readable values, the config bounds them).
///
/// A spec writes one `visitFields` method that calls `visit` once per field, in a fixed order, with
/// the field's range taken from its configuration; visitors read the field (to pack it or check its
/// range) or write it (to unpack it). Widths are never written by hand: a field whose codes lie in
/// `lo...hi` takes ⌈log2(hi − lo + 1)⌉ bits, an optional one more code, a set one bit per code, a
/// map one optional value per key.
public protocol FieldVisitor {
    /// Whether the visitor stores values into the fields it visits (an unpacker), rather than only
    /// reading them (a packer, a range check, a layout): a `visitFields` may then read a value's
    /// parts in place instead of rebuilding it from what the visitor left.
    static var writesFields: Bool { get }
    /// A field holding one value whose code lies in `codes`.
    mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value, in codes: ClosedRange<Int>)
    /// A field holding an optional value whose code, when present, lies in `codes`.
    mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value?, in codes: ClosedRange<Int>)
    /// A field holding a set of values whose codes lie in `codes` (at most 64 codes).
    mutating func visit<Element: DenseCode>(_ name: StaticString, _ value: inout DenseSet<Element>, in codes: ClosedRange<Int>)
    /// A field holding a set of replicas among `r0 … r(replicaCount − 1)`.
    mutating func visit(_ name: StaticString, _ value: inout ReplicaSet, among replicaCount: Int)
    /// A field holding a map whose key codes lie in `keys` and value codes in `values`: one optional
    /// value per key.
    mutating func visit<Key: DenseCode, Value: DenseCode & Equatable>(
        _ name: StaticString, _ value: inout DenseMap<Key, Value>, keys: ClosedRange<Int>, values: ClosedRange<Int>)
}

extension FieldVisitor {
    /// Visitors only read, unless they say otherwise.
    @inlinable
    public static var writesFields: Bool { false }
}

/// Bit widths of declared ranges.
public enum FieldWidth {
    /// The bits needed for `count` distinct codes: 0 for one code, ⌈log2(count)⌉ otherwise.
    @inlinable
    public static func bits(forCodes count: Int) -> Int {
        count <= 1 ? 0 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }
}
