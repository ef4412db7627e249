/// A step of a `MessagePassingSystem`: a correct replica reacts to the receipt of one message or to
/// one input (a client request, a timer, a local or quorum step). Byzantine and crashed replicas
/// have no steps: Byzantine messages are a vocabulary every step may read (`ReplicaProtocol`).
///
/// Encoded in JSON as a value, not an index, so counterexample files survive changes to the order
/// of steps.
public enum ProtocolStep<P: ReplicaProtocol>: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `replica` receives `message` from `from` and reacts.
    case receive(replica: ReplicaID, message: P.Message, from: ReplicaID)
    /// `replica` reacts to `input`.
    case input(replica: ReplicaID, input: P.Input)

    /// The replica taking the step.
    public var replica: ReplicaID {
        switch self {
        case .receive(let replica, _, _), .input(let replica, _): replica
        }
    }

    /// `r1: receive ECHO(a) from r2` or `r1: deliver(a)`.
    public var description: String {
        switch self {
        case .receive(let replica, let message, let sender): "\(replica): receive \(message) from \(sender)"
        case .input(let replica, let input): "\(replica): \(input)"
        }
    }
}
