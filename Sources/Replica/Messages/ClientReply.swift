/// A replica's REPLY⟨v, t, c, i, r⟩ (Castro & Liskov, OSDI '99 §4.1): the client accepts a result once
/// f + 1 replicas sent matching replies for its timestamp.
public struct ClientReply: Hashable, Sendable {
    /// The view the replica was in when it executed the request.
    public let view: ViewNumber
    /// The request's timestamp.
    public let timestamp: UInt64
    /// The client to reply to.
    public let client: ClientID
    /// The replying replica.
    public let replica: ReplicaID
    /// The result of executing the operation.
    public let result: [UInt8]

    /// A reply from `replica` to `client` for `timestamp` with `result`, in `view`.
    public init(view: ViewNumber, timestamp: UInt64, client: ClientID, replica: ReplicaID, result: [UInt8]) {
        self.view = view
        self.timestamp = timestamp
        self.client = client
        self.replica = replica
        self.result = result
    }
}
