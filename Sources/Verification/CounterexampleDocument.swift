import Foundation
import ModelChecking

/// The replayable JSON form of a counterexample: the model and its parameters, the property, and every
/// state with the action (as a value, not an index) that led to it.
public struct CounterexampleDocument<System: TransitionSystem>: Codable {
    /// One step of the trace.
    public struct Step: Codable {
        /// The action, as a value (so a file survives changes to the order of actions).
        public var action: System.Action
        /// The action as the system describes it.
        public var actionText: String
        /// The state the action leads to.
        public var state: System.State
    }

    /// The format name and version every file carries in `format`.
    public static var formatName: String { CounterexampleHeader.formatName }

    /// `formatName`.
    public var format: String
    /// The model's name in the catalogue.
    public var model: String
    /// The config the run read.
    public var config: String
    /// The model's parameters, as a config writes them.
    public var parameters: [String: String]
    /// The violated property.
    public var property: String
    /// The property's one-line summary.
    public var propertySummary: String
    /// Whether the run reduced by symmetry (the path is real either way).
    public var symmetry: Bool
    /// The initial state.
    public var initialState: System.State
    /// Every step, in order.
    public var steps: [Step]

    /// The document of `trace`, a path to a state that violates `property`.
    ///
    /// - Parameters:
    ///   - trace: the path.
    ///   - model: the model's name.
    ///   - config: the config path.
    ///   - parameters: the model's parameters.
    ///   - property: the violated property.
    ///   - symmetry: whether the run reduced by symmetry.
    public init(
        trace: Trace<System>, model: String, config: String, parameters: [String: String], property: Property<System.State>, symmetry: Bool
    ) {
        format = Self.formatName
        self.model = model
        self.config = config
        self.parameters = parameters
        self.property = property.name
        propertySummary = property.summary
        self.symmetry = symmetry
        initialState = trace.initialState
        steps = trace.steps.map { Step(action: $0.action, actionText: $0.action.description, state: $0.state) }
    }

    /// The path the document records.
    public var trace: Trace<System> {
        Trace(initialState: initialState, steps: steps.map { .init(action: $0.action, state: $0.state) })
    }
}
