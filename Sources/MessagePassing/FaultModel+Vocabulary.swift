/// The Byzantine vocabulary: what faulty replicas can contribute to what a correct replica receives.
///
/// A spec's state holds only the messages that *correct* replicas have sent: the network is the
/// set of those messages, and a message is never removed from it. Delivering a message is reading it,
/// so the network is unordered (any message may be read at any time), lossy (a message may never be
/// read) and duplicating (a message may be read again; handlers are idempotent). The messages of a
/// Byzantine replica are not in the state at all: every well-formed message under a Byzantine
/// replica's own identity, with any content from the spec's finite domain, is *available* to be
/// delivered to any correct replica at any time, in any combination (equivocation: different
/// receivers may be handed different contents). Crashed replicas contribute nothing.
///
/// So the adversary has no steps and adds no states: delivery by correct replicas is the only step.
/// (Tutorial, "Primary failure versus malicious replicas"; Castro & Liskov §2: faulty replicas cannot
/// forge the signatures of correct ones, hence "under its own identity".)
extension FaultModel {
    /// The number of distinct senders in `eligible` from which a correct replica can receive a
    /// message of one given content: the correct members of `correctSenders` (those that did send it)
    /// plus every Byzantine member of `eligible` (its vocabulary always contains it).
    ///
    /// This is what a quorum rule compares with its threshold ("n − f matching PREPAREs").
    ///
    /// - Parameters:
    ///   - correctSenders: the replicas whose sent messages in the state match the content.
    ///   - eligible: the replicas whose messages count (e.g. the backups of a view); default all.
    public func support(correctSenders: ReplicaSet, among eligible: ReplicaSet? = nil) -> Int {
        let eligible = eligible ?? all
        return correctSenders.intersection(correct).intersection(eligible).count + byzantine.intersection(eligible).count
    }

    /// Whether every well-formed message from `sender` is available regardless of the state.
    public func alwaysAvailable(from sender: ReplicaID) -> Bool { isByzantine(sender) }
}
