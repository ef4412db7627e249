/// The sorts the Swift layer builds terms of.
public enum Z3SortKind: String, Sendable {
    /// `Bool`.
    case boolean = "Bool"
    /// Mathematical integers, `Int`.
    case integer = "Int"
    /// Real numbers, `Real`.
    case real = "Real"
}

/// A phantom type naming a Z3 sort, so that `Z3Term<IntSort>` and `Z3Term<BoolSort>` cannot be mixed:
/// ill-sorted terms do not compile, and Z3 never sees a sort error.
public protocol Z3Sort {
    /// The sort this type stands for.
    static var kind: Z3SortKind { get }
}

/// A sort with arithmetic: integers and reals.
public protocol Z3ArithmeticSort: Z3Sort {}

/// The Boolean sort.
public enum BoolSort: Z3Sort {
    /// `.boolean`.
    public static var kind: Z3SortKind { .boolean }
}

/// The integer sort (unbounded mathematical integers).
public enum IntSort: Z3ArithmeticSort {
    /// `.integer`.
    public static var kind: Z3SortKind { .integer }
}

/// The real sort (exact rationals in every model Z3 returns for linear and polynomial problems).
public enum RealSort: Z3ArithmeticSort {
    /// `.real`.
    public static var kind: Z3SortKind { .real }
}
