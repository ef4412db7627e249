/// Who is at the other end of a connection or signed a frame: a replica or a client.
public enum PeerIdentity: Hashable, Sendable, CustomStringConvertible {
    /// A replica of the cluster.
    case replica(ReplicaID)
    /// A client.
    case client(ClientID)

    /// `r2` or `c7`.
    public var description: String {
        switch self {
        case .replica(let replica): replica.description
        case .client(let client): client.description
        }
    }
}
