import ModelChecking

/// Field-by-field differences between two states, through their JSON form.
enum StateDiff {
    /// One changed field.
    struct Change {
        var path: String
        var old: String
        var new: String
    }

    /// The fields of `new` that differ from `old` (added fields have old value "—", removed ones new
    /// value "—"). An empty container that gains entries (or loses all of them) shows only the
    /// entries, not its `{}`/`[]` placeholder.
    static func changes<T: Encodable>(from old: T, to new: T) -> [Change] {
        let oldFields = CanonicalJSON.flattened(old)
        let newFields = CanonicalJSON.flattened(new)
        let before = Dictionary(oldFields.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(newFields.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        func isPlaceholder(_ path: String, _ value: String, in other: [(path: String, value: String)]) -> Bool {
            (value == "{}" || value == "[]")
                && other.contains { $0.path.hasPrefix(path + ".") || $0.path.hasPrefix(path + "[") }
        }
        var result: [Change] = []
        for (path, value) in newFields where before[path] != value {
            if before[path] == nil && isPlaceholder(path, value, in: oldFields) { continue }
            result.append(Change(path: path, old: before[path] ?? "—", new: value))
        }
        for (path, value) in oldFields where after[path] == nil && !isPlaceholder(path, value, in: newFields) {
            result.append(Change(path: path, old: value, new: "—"))
        }
        return result
    }
}

/// The readable text form of a counterexample: the initial state in full, then each step's action
/// and the fields it changed, and the property that fails at the end.
enum CounterexampleText {
    static func render<System: TransitionSystem>(_ document: CounterexampleDocument<System>) -> String {
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
