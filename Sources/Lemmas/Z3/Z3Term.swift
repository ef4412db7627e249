internal import CZ3

/// A Z3 term of sort `Sort`: an integer, real or Boolean expression.
///
/// Terms are cheap values that share one counted reference to the underlying AST. Build them from a
/// `Z3Context` (`constant`, `numeral`, `boolean`) and combine them with the operators in
/// `Z3Term+Arithmetic.swift` and `Z3Term+Logic.swift`, which mirror Swift's own (`+`, `<=`, `&&`, `!`).
/// Comparison operators return `Z3Term<BoolSort>`, not `Bool`: terms are not `Equatable`.
///
/// Like its context, a term is confined to one thread (not `Sendable`).
public struct Z3Term<Sort: Z3Sort> {
    let handle: Z3ASTHandle

    var ast: Z3_ast { handle.ast }

    /// The context the term lives in.
    public var context: Z3Context { handle.context }

    /// The term in SMT-LIB2 syntax, e.g. `(<= (+ n 1) (* 3 f))`.
    public var smtlib: String {
        String(cString: Z3_ast_to_string(context.raw, ast))
    }
}

@available(*, unavailable, message: "Z3 terms are confined to their context's thread")
extension Z3Term: Sendable {}

extension Z3Term: CustomStringConvertible {
    /// The term in SMT-LIB2 syntax.
    public var description: String { smtlib }
}
