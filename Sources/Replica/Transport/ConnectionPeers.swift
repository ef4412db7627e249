/// Who may send frames on one connection: nobody before a greeting; then either one replica, or the
/// clients that greeted on it. A client host (`ClientNode`) carries the sessions of many clients on one
/// connection per replica, so that the replies of a whole batch leave a replica in a few writes rather
/// than one per client; every frame is still authenticated with its own client's pairwise MAC key
/// (Castro & Liskov, TOCS 2002 §3.2), so sharing a connection gives one client no way to speak for
/// another.
public struct ConnectionPeers: Sendable, Equatable {
    /// The replica at the other end, for a replica's connection.
    public private(set) var replica: ReplicaID?
    /// The clients that greeted on this connection.
    public private(set) var clients: Set<ClientID> = []

    /// A connection nobody has greeted on yet.
    public init() {}

    /// A connection to or from `replica`.
    public init(replica: ReplicaID) { self.replica = replica }

    /// Whether nobody has greeted on the connection yet.
    public var isEmpty: Bool { replica == nil && clients.isEmpty }

    /// Whether `sender` greeted on this connection, so its frames (other than a greeting) are accepted
    /// here.
    public func admits(_ sender: PeerIdentity) -> Bool {
        switch sender {
        case .replica(let id): replica == id
        case .client(let id): clients.contains(id)
        }
    }

    /// Records an authenticated greeting of `sender`. A replica may greet only an unused connection, a
    /// client one that carries no replica; greeting again is harmless.
    ///
    /// - Returns: whether `sender` is admitted from now on.
    public mutating func greet(_ sender: PeerIdentity) -> Bool {
        switch sender {
        case .replica(let id):
            guard isEmpty || replica == id else { return false }
            replica = id
        case .client(let id):
            guard replica == nil else { return false }
            clients.insert(id)
        }
        return true
    }
}
