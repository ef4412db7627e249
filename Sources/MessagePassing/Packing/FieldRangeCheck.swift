/// Checks that every visited field lies in its declared range: the state constraint the system
/// derives from the declarations (TLC's `CONSTRAINT`, with the bounds taken from the config).
public struct FieldRangeCheck: FieldVisitor {
    /// Whether every field visited so far was within its range.
    public internal(set) var isWithinBounds = true
    /// The first field found outside its range, with its code, for diagnostics.
    public internal(set) var firstViolation: String? = nil

    /// A check that has seen no field yet.
    @inlinable
    public init() {}

    @usableFromInline
    mutating func record(_ name: StaticString, _ text: @autoclosure () -> String) {
        if isWithinBounds { firstViolation = "\(name): \(text())" }
        isWithinBounds = false
    }

    /// Checks the value's code.
    @inlinable
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value, in codes: ClosedRange<Int>) {
        if !codes.contains(value.denseCode) { record(name, "code \(value.denseCode) outside \(codes)") }
    }

    /// Checks the code of a present value.
    @inlinable
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value?, in codes: ClosedRange<Int>) {
        if let present = value, !codes.contains(present.denseCode) { record(name, "code \(present.denseCode) outside \(codes)") }
    }

    /// Checks that every member's code is in the range.
    @inlinable
    public mutating func visit<Element: DenseCode>(_ name: StaticString, _ value: inout DenseSet<Element>, in codes: ClosedRange<Int>) {
        for member in value where !codes.contains(member.denseCode) { record(name, "member code \(member.denseCode) outside \(codes)") }
    }

    /// Checks every key and value code.
    @inlinable
    public mutating func visit<Key: DenseCode, Value: DenseCode & Equatable>(
        _ name: StaticString, _ value: inout DenseMap<Key, Value>, keys: ClosedRange<Int>, values: ClosedRange<Int>
    ) {
        for (key, entry) in value {
            if !keys.contains(key.denseCode) { record(name, "key code \(key.denseCode) outside \(keys)") }
            if !values.contains(entry.denseCode) { record(name, "value code \(entry.denseCode) outside \(values)") }
        }
    }

    /// Checks that every member is among the replicas.
    @inlinable
    public mutating func visit(_ name: StaticString, _ value: inout ReplicaSet, among replicaCount: Int) {
        for member in value where member.index >= replicaCount { record(name, "\(member) outside r0…r\(replicaCount - 1)") }
    }
}
