/// A restart that cannot proceed: the executed-state store and the write-ahead log disagree (Castro &
/// Liskov, TOCS 2002 §4.6), as one line naming the replica.
public struct ReplicaRecoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The replica that could not recover.
    public let replica: ReplicaID
    /// What is wrong.
    public let problem: String

    /// An error of `replica`.
    public init(replica: ReplicaID, _ problem: String) {
        self.replica = replica
        self.problem = problem
    }

    /// `r1: problem`.
    public var description: String { "\(replica): \(problem)" }
}
