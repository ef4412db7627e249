import ModelChecking

/// Appends each visited field to a `StateEncoder` in exactly the width its declared range needs.
///
/// A value outside its declared range is never truncated: it stops the run with the field's name
/// (the system's state constraint keeps such states out of the search, so this fires only on a spec
/// bug — a state that escaped `isWithinBounds`).
///
/// The packer owns the encoder while it packs (`packing(into:_:)` moves it in and back out), so that
/// every write goes through one value: an earlier design let the packer write through a pointer
/// while its caller wrote through another to the same encoder, which an optimized build was seen to
/// reorder (bits lost from the symmetric encoding of a PBFT state).
public struct FieldPacker: FieldVisitor {
    /// The encoding so far; a caller appends its own bits (such as presence flags) here too.
    public var encoder: StateEncoder

    /// A packer appending to `encoder`.
    @inlinable
    public init(encoder: StateEncoder) { self.encoder = encoder }

    /// Calls `body` with a packer that appends to `encoder`. The encoder is moved into the packer
    /// and back, so its storage is never shared (no copy on write).
    @inlinable
    public static func packing(into encoder: inout StateEncoder, _ body: (inout FieldPacker) -> Void) {
        var packer = FieldPacker(encoder: encoder)
        encoder = StateEncoder(capacity: 0)
        body(&packer)
        encoder = packer.encoder
    }

    /// Stops the run: a value outside its declared range must never be truncated into a merge.
    @usableFromInline @inline(never)
    static func outOfRange(_ name: StaticString, _ what: String, _ codes: ClosedRange<Int>) -> Never {
        preconditionFailure("\(name): \(what) outside its declared range \(codes)")
    }

    @inlinable @inline(__always)
    mutating func append(_ name: StaticString, code: Int, in codes: ClosedRange<Int>) {
        if !codes.contains(code) { Self.outOfRange(name, "code \(code)", codes) }
        let bits = FieldWidth.bits(forCodes: codes.count)
        if bits > 0 { encoder.append(UInt64(code - codes.lowerBound), bits: bits) }
    }

    /// Appends the value's offset in its range.
    @inlinable @inline(__always)
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value, in codes: ClosedRange<Int>) {
        append(name, code: value.denseCode, in: codes)
    }

    /// Appends 0 for `nil`, else 1 + the value's offset in its range.
    @inlinable @inline(__always)
    public mutating func visit<Value: DenseCode>(_ name: StaticString, _ value: inout Value?, in codes: ClosedRange<Int>) {
        let bits = FieldWidth.bits(forCodes: codes.count + 1)
        guard let present = value else {
            encoder.append(0, bits: bits)
            return
        }
        if !codes.contains(present.denseCode) { Self.outOfRange(name, "code \(present.denseCode)", codes) }
        encoder.append(UInt64(present.denseCode - codes.lowerBound + 1), bits: bits)
    }

    /// Appends one bit per code of the range.
    @inlinable @inline(__always)
    public mutating func visit<Element: DenseCode>(_ name: StaticString, _ value: inout DenseSet<Element>, in codes: ClosedRange<Int>) {
        let shifted = value.bits >> UInt64(codes.lowerBound)
        if shifted << UInt64(codes.lowerBound) != value.bits || (codes.count < 64 && shifted >> UInt64(codes.count) != 0) {
            Self.outOfRange(name, "a member", codes)
        }
        encoder.append(shifted, bits: codes.count)
    }

    /// Appends, for each key of the range in order, 0 for none or 1 + the value's offset.
    @inlinable @inline(__always)
    public mutating func visit<Key: DenseCode, Value: DenseCode & Equatable>(
        _ name: StaticString, _ value: inout DenseMap<Key, Value>, keys: ClosedRange<Int>, values: ClosedRange<Int>
    ) {
        let bits = FieldWidth.bits(forCodes: values.count + 1)
        let entries = value.entries
        precondition(entries.first.map { $0.code >= keys.lowerBound } ?? true, "\(name): a key below \(keys)")
        precondition(entries.last.map { $0.code <= keys.upperBound } ?? true, "\(name): a key outside its declared range \(keys)")
        var index = 0
        for code in keys {
            guard index < entries.count && entries[index].code == code else {
                if bits > 0 { encoder.append(0, bits: bits) }
                continue
            }
            let present = entries[index].value.denseCode
            index += 1
            precondition(values.contains(present), "\(name): value code \(present) outside \(values)")
            encoder.append(UInt64(present - values.lowerBound + 1), bits: bits)
        }
    }

    /// Appends one bit per replica.
    @inlinable @inline(__always)
    public mutating func visit(_ name: StaticString, _ value: inout ReplicaSet, among replicaCount: Int) {
        precondition(replicaCount >= 64 || value.bits >> UInt64(replicaCount) == 0, "\(name): a replica outside r0…r\(replicaCount - 1)")
        if replicaCount > 0 { encoder.append(value.bits, bits: replicaCount) }
    }
}
