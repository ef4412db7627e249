/// MPI could not be started: the reason, in one line.
public struct MPIError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String

    /// An error that says `description`.
    public init(_ description: String) { self.description = description }
}
