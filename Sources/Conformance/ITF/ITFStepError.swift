/// An ITF trace whose states are well formed but do not follow the spec: the state no step reaches.
public struct ITFStepError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The index of the state no step leads to.
    public var index: Int
    /// Why.
    public var problem: String
    /// The variables in which the closest step's successor differs from that state.
    public var differences: [String]

    /// `states[i]: problem`.
    public var description: String { "states[\(index)]: \(problem)" }
}
