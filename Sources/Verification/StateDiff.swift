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
