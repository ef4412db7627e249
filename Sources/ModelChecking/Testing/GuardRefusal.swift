/// One stimulus a system tried in a state and whose guard said no, with the reason in words: the
/// "guard false" half of guard-outcome coverage.
public struct GuardRefusal: Sendable, Hashable {
    /// The index into `TransitionSystem.actionKindNames` of the refused stimulus's kind.
    public var kind: Int
    /// Why the guard refused, as the system states it (e.g. `not prepared`).
    public var reason: String

    /// A refusal of a stimulus of kind `kind` for `reason`.
    public init(kind: Int, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
