/// A transition system that can describe its steps as messages between participants, so that its
/// counterexamples are drawn as message sequence charts (Mermaid `sequenceDiagram`).
///
/// The engine itself never calls this; counterexample writers do.
public protocol MessageSequenceCharting: TransitionSystem {
    /// The lifelines, left to right (e.g. `["client", "r0", "r1", "r2", "r3"]`).
    func chartParticipants(of state: State) -> [String]

    /// What one step shows: the messages it sends or delivers and notes about local steps.
    ///
    /// - Parameters:
    ///   - action: the action taken.
    ///   - before: the state the action was taken in.
    ///   - after: the resulting state.
    func chartEvents(of action: Action, from before: State, to after: State) -> [ChartEvent]
}

/// One arrow or note in a message sequence chart.
public enum ChartEvent: Sendable, Equatable {
    /// A message arrow from one participant to another.
    case message(from: String, to: String, label: String)
    /// A note over one participant.
    case note(over: String, text: String)
}

extension MessageSequenceCharting {
    /// The Mermaid `sequenceDiagram` of a trace; the last step is marked with the violated property.
    public func mermaidSequenceDiagram(of trace: Trace<Self>, violating property: String) -> String {
        var lines = ["sequenceDiagram"]
        for participant in chartParticipants(of: trace.initialState) {
            lines.append("    participant \(participant)")
        }
        var before = trace.initialState
        for (index, step) in trace.steps.enumerated() {
            let events = chartEvents(of: step.action, from: before, to: step.state)
            for event in events {
                switch event {
                case .message(let from, let to, let label):
                    lines.append("    \(from)->>\(to): \(index + 1). \(Self.escaped(label))")
                case .note(let over, let text):
                    lines.append("    Note over \(over): \(index + 1). \(Self.escaped(text))")
                }
            }
            before = step.state
        }
        if let last = chartParticipants(of: trace.finalState).first {
            lines.append("    Note over \(last): \(Self.escaped(property)) violated after step \(trace.steps.count)")
        }
        return lines.joined(separator: "\n")
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "#", with: "no.")
    }
}
