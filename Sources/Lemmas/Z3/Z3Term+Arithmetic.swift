internal import CZ3

extension Z3Term where Sort: Z3ArithmeticSort {
    private func lift(_ value: Int) -> Z3Term { context.numeral(value, Sort.self) }

    private static func binary(
        _ lhs: Z3Term, _ rhs: Z3Term, _ make: (Z3_context, UInt32, UnsafePointer<Z3_ast?>) -> Z3_ast?
    ) -> Z3Term {
        lhs.context.withASTs([lhs, rhs]) { lhs.context.adopt(make(lhs.context.raw, $0, $1)) }
    }

    /// `lhs + rhs`.
    public static func + (lhs: Z3Term, rhs: Z3Term) -> Z3Term { binary(lhs, rhs, Z3_mk_add) }
    /// `lhs - rhs`.
    public static func - (lhs: Z3Term, rhs: Z3Term) -> Z3Term { binary(lhs, rhs, Z3_mk_sub) }
    /// `lhs * rhs` (nonlinear when both sides contain constants).
    public static func * (lhs: Z3Term, rhs: Z3Term) -> Z3Term { binary(lhs, rhs, Z3_mk_mul) }
    /// `-operand`.
    public static prefix func - (operand: Z3Term) -> Z3Term {
        operand.context.adopt(Z3_mk_unary_minus(operand.context.raw, operand.ast))
    }

    /// `lhs + rhs` with an integer literal.
    public static func + (lhs: Z3Term, rhs: Int) -> Z3Term { lhs + lhs.lift(rhs) }
    /// `lhs + rhs` with an integer literal.
    public static func + (lhs: Int, rhs: Z3Term) -> Z3Term { rhs.lift(lhs) + rhs }
    /// `lhs - rhs` with an integer literal.
    public static func - (lhs: Z3Term, rhs: Int) -> Z3Term { lhs - lhs.lift(rhs) }
    /// `lhs - rhs` with an integer literal.
    public static func - (lhs: Int, rhs: Z3Term) -> Z3Term { rhs.lift(lhs) - rhs }
    /// `lhs * rhs` with an integer literal (stays linear).
    public static func * (lhs: Int, rhs: Z3Term) -> Z3Term { rhs.lift(lhs) * rhs }
    /// `lhs * rhs` with an integer literal (stays linear).
    public static func * (lhs: Z3Term, rhs: Int) -> Z3Term { lhs * lhs.lift(rhs) }

    private static func compare(
        _ lhs: Z3Term, _ rhs: Z3Term, _ make: (Z3_context?, Z3_ast?, Z3_ast?) -> Z3_ast?
    ) -> Z3Term<BoolSort> {
        withExtendedLifetime((lhs, rhs)) { lhs.context.adopt(make(lhs.context.raw, lhs.ast, rhs.ast)) }
    }

    /// `lhs < rhs`.
    public static func < (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> { compare(lhs, rhs, Z3_mk_lt) }
    /// `lhs <= rhs`.
    public static func <= (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> { compare(lhs, rhs, Z3_mk_le) }
    /// `lhs > rhs`.
    public static func > (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> { compare(lhs, rhs, Z3_mk_gt) }
    /// `lhs >= rhs`.
    public static func >= (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> { compare(lhs, rhs, Z3_mk_ge) }

    /// `lhs < rhs` with an integer literal.
    public static func < (lhs: Z3Term, rhs: Int) -> Z3Term<BoolSort> { lhs < lhs.lift(rhs) }
    /// `lhs <= rhs` with an integer literal.
    public static func <= (lhs: Z3Term, rhs: Int) -> Z3Term<BoolSort> { lhs <= lhs.lift(rhs) }
    /// `lhs > rhs` with an integer literal.
    public static func > (lhs: Z3Term, rhs: Int) -> Z3Term<BoolSort> { lhs > lhs.lift(rhs) }
    /// `lhs >= rhs` with an integer literal.
    public static func >= (lhs: Z3Term, rhs: Int) -> Z3Term<BoolSort> { lhs >= lhs.lift(rhs) }
    /// `lhs == rhs` with an integer literal.
    public static func == (lhs: Z3Term, rhs: Int) -> Z3Term<BoolSort> { lhs == lhs.lift(rhs) }
}

extension Z3Term where Sort == IntSort {
    /// Integer division rounding toward −∞ for positive divisors (SMT-LIB `div`).
    public func quotient(dividingBy divisor: Z3Term) -> Z3Term {
        withExtendedLifetime((self, divisor)) { context.adopt(Z3_mk_div(context.raw, ast, divisor.ast)) }
    }

    /// The remainder of `quotient(dividingBy:)`, in `0 ..< |divisor|` (SMT-LIB `mod`).
    public func remainder(dividingBy divisor: Z3Term) -> Z3Term {
        withExtendedLifetime((self, divisor)) { context.adopt(Z3_mk_mod(context.raw, ast, divisor.ast)) }
    }

    /// The same value as a real (SMT-LIB `to_real`).
    public var asReal: Z3Term<RealSort> {
        context.adopt(Z3_mk_int2real(context.raw, ast))
    }
}

extension Z3Term where Sort == RealSort {
    /// `lhs / rhs` over the reals.
    public static func / (lhs: Z3Term, rhs: Z3Term) -> Z3Term {
        withExtendedLifetime((lhs, rhs)) { lhs.context.adopt(Z3_mk_div(lhs.context.raw, lhs.ast, rhs.ast)) }
    }
}
