/// Values by peer, without hashing: replicas by index and clients by number in arrays (a cluster numbers
/// both densely from 0), any number above `denseLimit` in a dictionary. An authenticator looks up a key
/// for every frame it seals or opens, and hashing a `PeerIdentity` for that showed in the profiles.
struct PeerTable<Value> {
    /// The largest index or number kept in the arrays, plus one.
    static var denseLimit: Int { 1 << 16 }

    private var replicas: [Value?] = []
    private var clients: [Value?] = []
    private var sparse: [PeerIdentity: Value] = [:]

    /// An empty table.
    init() {}

    /// The table holding `values`.
    init(_ values: [PeerIdentity: Value]) {
        for (peer, value) in values { self[peer] = value }
    }

    /// The value of `peer`, if any.
    subscript(peer: PeerIdentity) -> Value? {
        get {
            switch peer {
            case .replica(let replica):
                return replica.index >= 0 && replica.index < replicas.count ? replicas[replica.index] : sparse[peer]
            case .client(let client):
                let number = Int(client.number)
                return number < clients.count ? clients[number] : sparse[peer]
            }
        }
        set {
            switch peer {
            case .replica(let replica) where replica.index >= 0 && replica.index < Self.denseLimit:
                Self.store(newValue, at: replica.index, in: &replicas)
            case .client(let client) where Int(client.number) < Self.denseLimit:
                Self.store(newValue, at: Int(client.number), in: &clients)
            default:
                sparse[peer] = newValue
            }
        }
    }

    private static func store(_ value: Value?, at index: Int, in array: inout [Value?]) {
        if index >= array.count {
            guard value != nil else { return }
            array += Array(repeating: nil, count: index + 1 - array.count)
        }
        array[index] = value
    }
}

extension PeerTable: Sendable where Value: Sendable {}
