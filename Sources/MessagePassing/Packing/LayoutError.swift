/// A config whose bounds do not fit the declared field types: reported in one line when the system
/// is built, before any state is explored.
public struct LayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field, as the spec names it (prefixed with `message.` for message fields).
    public var field: String
    /// What does not fit.
    public var problem: String

    /// An error about `field`.
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    /// `field 'echoed': the bounds need codes 0...29, but BroadcastValue holds only 26`.
    public var description: String { "field '\(field)': \(problem)" }
}
