internal import CZ3

extension Z3Term {
    /// `lhs == rhs` as a Boolean term (SMT-LIB `=`).
    public static func == (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> {
        withExtendedLifetime((lhs, rhs)) { lhs.context.adopt(Z3_mk_eq(lhs.context.raw, lhs.ast, rhs.ast)) }
    }

    /// `lhs != rhs` as a Boolean term.
    public static func != (lhs: Z3Term, rhs: Z3Term) -> Z3Term<BoolSort> { !(lhs == rhs) }
}

extension Z3Term where Sort == BoolSort {
    /// Conjunction.
    public static func && (lhs: Z3Term, rhs: Z3Term) -> Z3Term { lhs.context.and([lhs, rhs]) }
    /// Disjunction.
    public static func || (lhs: Z3Term, rhs: Z3Term) -> Z3Term { lhs.context.or([lhs, rhs]) }
    /// Negation.
    public static prefix func ! (operand: Z3Term) -> Z3Term {
        operand.context.adopt(Z3_mk_not(operand.context.raw, operand.ast))
    }

    /// `self ⇒ consequence`.
    public func implies(_ consequence: Z3Term) -> Z3Term {
        withExtendedLifetime((self, consequence)) {
            context.adopt(Z3_mk_implies(context.raw, ast, consequence.ast))
        }
    }

    /// `self ⇔ other`.
    public func iff(_ other: Z3Term) -> Z3Term {
        withExtendedLifetime((self, other)) { context.adopt(Z3_mk_iff(context.raw, ast, other.ast)) }
    }
}
