/// A named property of a transition system: an invariant or a reachability target.
///
/// `always` properties must hold in every reachable state (TLC's `INVARIANT`); a state where one fails
/// is a counterexample. `sometimes` properties must hold in at least one reachable state (Stateright's
/// `sometimes`); the checker reports a witness trace for each, and an exhaustive run that never reaches
/// one fails it. Only safety is checked: there are no `eventually` properties.
public struct Property<State>: Sendable {
    /// Whether the condition must hold everywhere or somewhere.
    public enum Expectation: String, Sendable, Codable {
        /// The condition must hold in every reachable state.
        case always
        /// The condition must hold in some reachable state.
        case sometimes
    }

    /// The property's name, as used in configs and reports.
    public let name: String
    /// Whether the condition must hold everywhere or somewhere.
    public let expectation: Expectation
    /// A one-line statement of the property in words.
    public let summary: String
    /// The condition on a single state.
    public let condition: @Sendable (State) -> Bool

    /// An invariant: `condition` must hold in every reachable state.
    public static func always(
        _ name: String, _ summary: String = "", _ condition: @escaping @Sendable (State) -> Bool
    ) -> Property {
        Property(name: name, expectation: .always, summary: summary, condition: condition)
    }

    /// A reachability target: `condition` must hold in some reachable state.
    public static func sometimes(
        _ name: String, _ summary: String = "", _ condition: @escaping @Sendable (State) -> Bool
    ) -> Property {
        Property(name: name, expectation: .sometimes, summary: summary, condition: condition)
    }
}
