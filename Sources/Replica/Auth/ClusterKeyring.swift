/// Every node's keys for a cluster: what `bftcheck cluster keys` writes into a cluster config, and what
/// tests and the in-process transport use directly (Castro & Liskov, TOCS 2002 §3.2).
public struct ClusterKeyring: Sendable {
    /// Each node's private keys.
    public let secrets: [PeerIdentity: NodeSecrets]
    /// Each node's public keys: the cluster's directory.
    public let directory: [PeerIdentity: PublicKeys]

    /// Fresh keys for `replicaCount` replicas and `clientCount` clients.
    public static func generate(replicaCount: Int, clientCount: Int) -> ClusterKeyring {
        var secrets: [PeerIdentity: NodeSecrets] = [:]
        for index in 0..<replicaCount { secrets[.replica(ReplicaID(index))] = .generate(for: .replica(ReplicaID(index))) }
        for index in 0..<clientCount { secrets[.client(ClientID(UInt32(index)))] = .generate(for: .client(ClientID(UInt32(index)))) }
        return ClusterKeyring(secrets: secrets)
    }

    /// A keyring of the given secrets.
    public init(secrets: [PeerIdentity: NodeSecrets]) {
        self.secrets = secrets
        directory = secrets.mapValues(\.publicKeys)
    }

    /// The authenticator of `node`.
    ///
    /// - Throws: `AuthenticationError.nonMember` when the keyring has no keys for it.
    public func authenticator(for node: PeerIdentity) throws(AuthenticationError) -> Authenticator {
        guard let mine = secrets[node] else { throw .nonMember(node) }
        return try Authenticator(secrets: mine, directory: directory)
    }
}
