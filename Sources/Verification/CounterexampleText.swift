import ModelChecking

/// The readable text form of a counterexample: the initial state in full, then each step's action
/// and the fields it changed, and the property that fails at the end.
public enum CounterexampleText {
    /// The text of `document`.
    public static func render<System: TransitionSystem>(_ document: CounterexampleDocument<System>) -> String {
        var lines: [String] = []
        lines.append("Counterexample: \(document.property) violated")
        if !document.propertySummary.isEmpty { lines.append("Property: \(document.propertySummary)") }
        lines.append("Model: \(document.model)  Config: \(document.config)")
        let parameters = document.parameters.keys.sorted().map { "\($0)=\(document.parameters[$0]!)" }
        lines.append("Parameters: \(parameters.joined(separator: " "))")
        lines.append("Steps: \(document.steps.count)")
        lines.append("")
        lines.append("State 0 (initial)")
        for (path, value) in CanonicalJSON.flattened(document.initialState) { lines.append("  \(path) = \(value)") }
        var previous = document.initialState
        for (index, step) in document.steps.enumerated() {
            lines.append("")
            lines.append("Step \(index + 1): \(step.actionText)")
            let changes = StateDiff.changes(from: previous, to: step.state)
            if changes.isEmpty { lines.append("  (no field changed)") }
            for change in changes { lines.append("  \(change.path): \(change.old) -> \(change.new)") }
            previous = step.state
        }
        lines.append("")
        lines.append("\(document.property) fails in the state after step \(document.steps.count).")
        lines.append("Replay: bftcheck replay <this counterexample's .json file>")
        return lines.joined(separator: "\n") + "\n"
    }
}
