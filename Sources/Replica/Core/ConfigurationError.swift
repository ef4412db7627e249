/// A configuration value the replica cannot run with: names the field and the problem.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field at fault, as the cluster config spells it.
    public let field: String
    /// What is wrong with it.
    public let problem: String

    /// An error for `field`.
    public init(field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    /// `field: problem`.
    public var description: String { "\(field): \(problem)" }
}
