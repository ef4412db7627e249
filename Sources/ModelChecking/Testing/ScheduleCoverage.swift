/// What the walks of a schedule test covered: per action kind, how often it was enabled, fired and
/// refused (with each reason, when the system reports guard outcomes); which reachability targets
/// (`sometimes` properties, the system's own names for protocol phases) a walk reached; and how deep
/// the walks went.
///
/// Coverage in the sense of Hypothesis's and QuickCheck's labelled test-case distributions
/// (`label`/`classify`/`coverage` in Claessen & Hughes's QuickCheck, `hypothesis.target` and
/// `event`), kept generic: the kinds are `TransitionSystem.actionKindNames`, the phases its
/// `sometimes` properties. Every list is in a fixed order (kinds as the system lists them, reasons by
/// count then text), so the report is a function of the seed.
public struct ScheduleCoverage: Sendable, Codable, Equatable {
    /// One refusal reason of a kind and how many (state, stimulus) pairs gave it.
    public struct Refusal: Sendable, Codable, Equatable {
        /// The reason, as the system states it.
        public var reason: String
        /// How many times a guard of the kind gave it.
        public var count: Int
    }

    /// The coverage of one action kind.
    public struct Kind: Sendable, Codable, Equatable {
        /// The kind's name (`TransitionSystem.actionKindNames`).
        public var name: String
        /// Steps that took an action of this kind.
        public var fired: Int
        /// (state, action) pairs where an action of this kind was enabled (its guard was true).
        public var enabled: Int
        /// Why its guards were false, most frequent first; empty when the system does not report
        /// guard outcomes or no guard of the kind refused.
        public var refused: [Refusal]
        /// Why the configuration rules the kind out (`TransitionSystem.whyNeverEnabled`), if it does.
        public var excludedBecause: String?
    }

    /// A reachability target (a `sometimes` property) and how the walks reached it.
    public struct Target: Sendable, Codable, Equatable {
        /// The property's name.
        public var name: String
        /// Walks that reached a state where it holds.
        public var runs: Int
        /// The fewest steps after which a walk reached it (`nil`: never reached).
        public var shallowestDepth: Int?
    }

    /// Per action kind, in the system's order.
    public var kinds: [Kind]
    /// Per reachability target, in the system's order.
    public var targets: [Target]
    /// Whether `refused` lists were collected (the system conforms to `GuardOutcomeReporting`).
    public var reportsGuardOutcomes: Bool
    /// The longest walk, in steps.
    public var maxDepth: Int
    /// Walks that ended because no action was enabled (a deadlock or a terminal state) before the
    /// depth bound.
    public var walksEndedWithoutActions: Int

    /// How many kinds fired at least once.
    public var distinctKindsFired: Int { kinds.filter { $0.fired > 0 }.count }

    /// The kinds that never fired though the configuration does not rule them out.
    public var unfiredKinds: [String] { kinds.filter { $0.fired == 0 && $0.excludedBecause == nil }.map(\.name) }

    /// Whether every kind the configuration allows fired at least once (the `--until-covered` goal).
    public var isComplete: Bool { unfiredKinds.isEmpty }
}
