/// The derived layout of a spec value: each field's name, declared range and bit width, checked
/// against what the field's type can hold. Built once when a system is built, so that a config
/// whose bounds do not fit is a one-line error at start-up instead of a silent merge of states.
public struct FieldLayout: FieldVisitor, Sendable {
    /// One field of the layout.
    public struct Field: Sendable, Equatable {
        /// The field's name, as the spec declares it.
        public var name: String
        /// The declared codes, e.g. `0...1`.
        public var codes: ClosedRange<Int>
        /// The bits the field takes in the encoding.
        public var bits: Int
    }

    /// The fields in visiting order.
    public private(set) var fields: [Field] = []
    /// The first field whose declared range does not fit its type.
    public private(set) var problem: LayoutError? = nil

    /// An empty layout.
    public init() {}

    /// The total bits of one value.
    public var bits: Int { fields.reduce(0) { $0 + $1.bits } }

    mutating func add(_ name: StaticString, _ codes: ClosedRange<Int>, bits: Int, capacity: Int, holder: String) {
        fields.append(Field(name: "\(name)", codes: codes, bits: bits))
        guard problem == nil else { return }
        if codes.lowerBound < 0 {
            problem = LayoutError(field: "\(name)", problem: "declared codes \(codes) start below 0")
        } else if codes.upperBound >= capacity {
            problem = LayoutError(
                field: "\(name)",
                problem: "the bounds need codes \(codes.lowerBound)...\(codes.upperBound), but \(holder) holds only \(capacity)")
        }
    }

    /// The most codes one declared range may span (2^32): a wider field is a bound no
    /// exhaustive search reaches, and its count would overflow the width arithmetic.
    public static let maximumCodes = 1 << 32

    /// Whether `codes` is too wide to pack; records the problem if so.
    mutating func isTooWide(_ name: StaticString, _ codes: ClosedRange<Int>) -> Bool {
        guard codes.lowerBound < 0 || codes.upperBound.subtractingReportingOverflow(codes.lowerBound).partialValue >= Self.maximumCodes
        else { return false }
        fields.append(Field(name: "\(name)", codes: codes, bits: 0))
        if problem == nil {
            problem = LayoutError(
                field: "\(name)",
                problem:
                    "declared codes \(codes) \(codes.lowerBound < 0 ? "start below 0" : "span more than 2^32 values: too wide to pack")")
        }
        return true
    }

    /// Records the field and checks its range against `Value.codeCapacity`.
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value, in codes: ClosedRange<Int>) {
        if isTooWide(name, codes) { return }
        add(name, codes, bits: FieldWidth.bits(forCodes: codes.count), capacity: Value.codeCapacity, holder: "\(Value.self)")
    }

    /// Records the field (one more code for `nil`) and checks its range.
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value?, in codes: ClosedRange<Int>) {
        if isTooWide(name, codes) { return }
        add(name, codes, bits: FieldWidth.bits(forCodes: codes.count + 1), capacity: Value.codeCapacity, holder: "\(Value.self)")
    }

    /// Records the field (one bit per code) and checks its range against the 64-bit set and the
    /// element type.
    public mutating func visit<Element: DenseCode>(_ name: StaticString, _ value: inout DenseSet<Element>, in codes: ClosedRange<Int>) {
        if isTooWide(name, codes) { return }
        let capacity = min(DenseSet<Element>.capacity, Element.codeCapacity)
        add(name, codes, bits: codes.count, capacity: capacity, holder: "a set of \(Element.self)")
    }

    /// Records the field (one optional value per key) and checks both ranges.
    public mutating func visit<Key: DenseCode, Value: DenseCode & Equatable>(
        _ name: StaticString, _ value: inout DenseMap<Key, Value>, keys: ClosedRange<Int>, values: ClosedRange<Int>
    ) {
        if isTooWide(name, keys) || isTooWide(name, values) { return }
        let bits = keys.count * FieldWidth.bits(forCodes: values.count + 1)
        add(name, keys, bits: bits, capacity: Key.codeCapacity, holder: "\(Key.self) keys")
        if problem == nil && (values.lowerBound < 0 || values.upperBound >= Value.codeCapacity) {
            problem = LayoutError(
                field: "\(name)",
                problem:
                    "the bounds need values \(values.lowerBound)...\(values.upperBound), but \(Value.self) holds only \(Value.codeCapacity)"
            )
        }
    }

    /// Records the field (one bit per replica) and checks the count against `ReplicaSet.capacity`.
    public mutating func visit(_ name: StaticString, _ value: inout ReplicaSet, among replicaCount: Int) {
        add(name, 0...max(0, replicaCount - 1), bits: replicaCount, capacity: ReplicaSet.capacity, holder: "ReplicaSet")
    }
}
