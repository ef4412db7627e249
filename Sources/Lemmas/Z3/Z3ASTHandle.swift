internal import CZ3

/// One counted reference to a Z3 AST, released when the handle goes away.
///
/// The handle keeps its context alive, so the AST is always released before the context is deleted.
final class Z3ASTHandle {
    let context: Z3Context
    let ast: Z3_ast

    init(context: Z3Context, ast: Z3_ast) {
        self.context = context
        self.ast = ast
        Z3_inc_ref(context.raw, ast)
    }

    deinit {
        Z3_dec_ref(context.raw, ast)
    }
}
