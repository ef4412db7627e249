/// A VIEW-CHANGE together with its sender, as NEW-VIEW's V carries it (Castro & Liskov, OSDI '99 §4.4).
/// The transport authenticates it with the sender's signature (TOCS 2002 §4.5, signed view changes).
public struct SignedViewChange: Hashable, Sendable {
    /// The replica that sent the VIEW-CHANGE.
    public let sender: ReplicaID
    /// Its content.
    public let viewChange: ViewChange

    /// `sender`'s `viewChange`.
    public init(sender: ReplicaID, viewChange: ViewChange) {
        self.sender = sender
        self.viewChange = viewChange
    }
}
