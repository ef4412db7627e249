extension MessagePassingSystem {
    /// The senders whose copies of `quorum.message` a step of `replica` in `state` acted on: the
    /// replica's own copy first (if it sent one), then correct senders, then Byzantine ones (whose
    /// copies the adversary can send whenever the spec's vocabulary allows), `quorum.count` in all.
    ///
    /// The spec's quorum rules read the network, not per-message receipts; this is the receipt
    /// schedule such a step stands for. Message sequence charts draw these arrows, and schedules
    /// that drive an implementation deliver these messages before the step (the order makes the
    /// schedule prefer correct senders' real messages over made-up Byzantine ones).
    public func quorumSenders(of quorum: Quorum<P.Message>, at replica: ReplicaID, in state: State) -> [ReplicaID] {
        let inbox = inbox(of: replica, in: state)
        var ordered = inbox.senders(of: quorum.message).contains(replica) ? [replica] : []
        ordered += inbox.correctSenders(of: quorum.message).filter { $0 != replica }
        ordered += inbox.byzantineSenders(of: quorum.message).filter { $0 != replica && !ordered.contains($0) }
        return Array(ordered.prefix(quorum.count))
    }
}
