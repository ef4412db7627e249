/// A `SuccessorVisitor` that calls a closure: the closure form of
/// `TransitionSystem.forEachSuccessor(of:scratch:_:)`, for callers off the checker's hot path.
@usableFromInline
struct ClosureSuccessorVisitor<State, Action>: SuccessorVisitor {
    /// Called with the ordinal, the action and the successor.
    @usableFromInline let body: (Int, Action, State) -> Void

    /// A visitor that calls `body`.
    @inlinable
    init(_ body: @escaping (Int, Action, State) -> Void) { self.body = body }

    /// Calls `body` with a copy of the action and the successor.
    @inlinable
    func visit(ordinal: Int, action: borrowing Action, successor: consuming State) {
        body(ordinal, copy action, successor)
    }
}
