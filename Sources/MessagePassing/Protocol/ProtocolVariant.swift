/// A variant of a protocol: the protocol as specified, or the protocol with exactly one rule's
/// handler replaced — a seeded departure that the checker should catch, or an optimisation to
/// compare. `MessagePassingSystem` routes the stimuli of `replacedRule` to the variant's handlers,
/// so the protocol as specified never tests which variant is in force.
///
/// The default handlers fall through to the base protocol, so a variant replacing an input rule
/// writes only `on(_:at:in:inbox:base:)`.
public protocol ProtocolVariant: Hashable, Sendable, CustomStringConvertible {
    /// The protocol this is a variant of.
    associatedtype Base: ReplicaProtocol

    /// The rule whose handler this variant replaces; `nil` for the protocol as specified.
    var replacedRule: Base.Rule? { get }

    /// The replacement handler of an input of `replacedRule`.
    func on(_ input: Base.Input, at replica: ReplicaID, in state: Base.Replica, inbox: Inbox<Base>, base: Base) -> Reaction<Base>

    /// The replacement handler of a receipt of `replacedRule`.
    func on(
        _ message: Base.Message, from sender: ReplicaID, at replica: ReplicaID, in state: Base.Replica, inbox: Inbox<Base>, base: Base
    ) -> Reaction<Base>
}

extension ProtocolVariant {
    /// The base protocol's handler.
    public func on(_ input: Base.Input, at replica: ReplicaID, in state: Base.Replica, inbox: Inbox<Base>, base: Base) -> Reaction<Base> {
        base.on(input, at: replica, in: state, inbox: inbox)
    }

    /// The base protocol's handler.
    public func on(
        _ message: Base.Message, from sender: ReplicaID, at replica: ReplicaID, in state: Base.Replica, inbox: Inbox<Base>, base: Base
    ) -> Reaction<Base> {
        base.on(message, from: sender, at: replica, in: state, inbox: inbox)
    }
}
