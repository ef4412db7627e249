/// A value that packs as a small non-negative integer, its code: the unit of the derived state
/// encoding (`FieldVisitor`).
///
/// `codeCapacity` is the number of codes the type can represent at all (its declared width); a
/// config whose bounds need more is rejected when the system is built (`LayoutError`), never
/// truncated. TLC's model values and Ip & Dill's scalarsets are the same idea: a finite, ordered
/// domain whose size comes from the config.
public protocol DenseCode {
    /// The number of distinct codes the type can hold: codes are `0 ..< codeCapacity`.
    static var codeCapacity: Int { get }
    /// The value's code.
    var denseCode: Int { get }
    /// The value with code `code` (a static function rather than an initializer, so that types such
    /// as `ReplicaID` keep their unlabelled `init(_:)` unambiguous).
    ///
    /// - Precondition: `0 ≤ code < codeCapacity`.
    static func withDenseCode(_ code: Int) -> Self
}

extension Int: DenseCode {
    /// Non-negative integers up to `Int.max`.
    public static var codeCapacity: Int { .max }
    /// The integer itself.
    public var denseCode: Int { self }
    /// The integer `code`.
    public static func withDenseCode(_ code: Int) -> Int { code }
}

extension Bool: DenseCode {
    /// `false` and `true`.
    public static var codeCapacity: Int { 2 }
    /// 0 for `false`, 1 for `true`.
    public var denseCode: Int { self ? 1 : 0 }
    /// `true` for 1.
    public static func withDenseCode(_ code: Int) -> Bool { code != 0 }
}

extension ReplicaID: DenseCode {
    /// `ReplicaSet.capacity` replicas.
    public static var codeCapacity: Int { ReplicaSet.capacity }
    /// The replica's number.
    public var denseCode: Int { index }
    /// Replica number `code`.
    public static func withDenseCode(_ code: Int) -> ReplicaID { ReplicaID(code) }
}
