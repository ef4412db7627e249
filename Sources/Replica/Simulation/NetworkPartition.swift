/// A partition of the replicas into two groups that cannot reach each other until it heals: every
/// protocol message between the groups sent before `heals` is lost; clients still reach every replica.
/// Safety must hold throughout, and once it heals the cluster must make progress again (Castro & Liskov,
/// OSDI '99 §4.5: liveness needs only that the network eventually delivers, after a view change if the
/// primary was cut off from a quorum).
public struct NetworkPartition: Hashable, Sendable {
    /// One side of the partition; the other replicas form the other side.
    public var side: [ReplicaID]
    /// The simulated instant it heals.
    public var heals: Duration

    /// A partition with `side` on one side and every other replica on the other, until `heals`.
    public init(side: [ReplicaID], heals: Duration) {
        self.side = side.sorted()
        self.heals = heals
    }

    /// Whether a message from `sender` to `receiver` sent at `instant` is lost to the partition.
    public func separates(_ sender: ReplicaID, _ receiver: ReplicaID, at instant: Duration) -> Bool {
        instant < heals && side.contains(sender) != side.contains(receiver)
    }
}
