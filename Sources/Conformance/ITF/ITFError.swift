/// An ITF document that does not fit the format, or not the PBFT spec: where (a path such as
/// `states[3].ledger`) and why.
public struct ITFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the offending value in the document.
    public var path: String
    /// What is wrong.
    public var problem: String

    /// An error at `path`.
    public init(_ path: String, _ problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `path: problem`.
    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}
