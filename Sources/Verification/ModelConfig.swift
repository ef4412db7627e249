import Foundation

/// A model config file: which model to build, with which constants and bounds, which properties to
/// check, whether to reduce by symmetry, the limits of the run and what outcome to expect.
///
/// The sections mirror a TLC `.cfg` (CONSTANTS, INVARIANT, SYMMETRY, CONSTRAINT) in an INI layout;
/// `Specs/README.md` documents the format. Every value keeps its line number so that errors can name
/// the file, the line and the key.
public struct ModelConfig: Sendable {
    /// One `key = value` entry and where it was written.
    public struct Entry: Sendable {
        /// The key.
        public var key: String
        /// The raw value text.
        public var value: String
        /// The 1-based line number.
        public var line: Int

        /// An entry; `line` 0 for entries made in code.
        public init(key: String, value: String, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// The file the config was read from (or a label for configs built in code).
    public var path: String
    /// `model = …`: the model's name in the registry.
    public var model: String
    /// `description = …`.
    public var description: String
    /// `[constants]` and `[bounds]` entries: the model's parameters.
    public var parameters: [Entry]
    /// `[invariants]`: the invariants to check (`nil`: all the model has).
    public var invariants: [Entry]?
    /// `[sometimes]`: the reachability targets to check (`nil`: all the model has).
    public var sometimes: [Entry]?
    /// `[symmetry]`: the symmetry groups to reduce by (empty: no reduction).
    public var symmetry: [Entry]
    /// `[limits]` entries.
    public var limits: [Entry]
    /// `[check]` entries.
    public var check: [Entry]
    /// `[expect]` entries.
    public var expect: [Entry]

    /// The sections a config may have.
    public static let sections = ["constants", "bounds", "invariants", "sometimes", "symmetry", "limits", "check", "expect"]

    /// The config's short name: the file name without `.cfg`.
    public var name: String {
        let file = (path as NSString).lastPathComponent
        return file.hasSuffix(".cfg") ? String(file.dropLast(4)) : file
    }

    /// A config built in code (e.g. by `sweep`).
    public init(path: String, model: String, parameters: [String: String]) {
        self.path = path
        self.model = model
        description = ""
        self.parameters = parameters.sorted { $0.key < $1.key }.map { Entry(key: $0.key, value: $0.value, line: 0) }
        invariants = nil
        sometimes = nil
        symmetry = []
        limits = []
        check = []
        expect = []
    }

    /// Reads and parses a config file.
    ///
    /// - Throws: `InputError` naming the file, line and key of the first problem.
    public static func load(_ path: String) throws -> ModelConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(path, nil, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(path, nil, "the file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses config text.
    public static func parse(_ text: String, path: String) throws -> ModelConfig {
        var config = ModelConfig(path: path, model: "", parameters: [:])
        var section: String? = nil
        var modelLine: Int? = nil
        var seenSections: Set<String> = []
        var firstSection: (name: String, line: Int)? = nil
        // Lines end in "\n" or "\r\n" (one Character in Swift, so splitting on "\n" alone would keep
        // a CRLF file in one line); a leading byte-order mark is not part of the first key.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for (index, rawLine) in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]") else {
                    throw InputError(path, lineNumber, "section header '\(trimmed)' lacks its closing ']'")
                }
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces).lowercased()
                guard sections.contains(name) else {
                    throw InputError(
                        path, lineNumber, "unknown section [\(name)]; sections are \(sections.map { "[\($0)]" }.joined(separator: ", "))")
                }
                guard seenSections.insert(name).inserted else {
                    throw InputError(path, lineNumber, "section [\(name)] appears twice")
                }
                section = name
                if firstSection == nil { firstSection = (name, lineNumber) }
                if name == "invariants" { config.invariants = [] }
                if name == "sometimes" { config.sometimes = [] }
                continue
            }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            switch section {
            case nil:
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw InputError(
                        path, lineNumber, "expected 'model = NAME' or 'description = TEXT' before the first section, got '\(trimmed)'")
                }
                switch parts[0] {
                case "model":
                    config.model = parts[1]
                    modelLine = lineNumber
                case "description": config.description = parts[1]
                default:
                    throw InputError(
                        path, lineNumber, key: parts[0],
                        "unknown top-level key; only 'model' and 'description' come before the first section")
                }
            case "invariants", "sometimes", "symmetry":
                guard parts.count == 1, !trimmed.contains(" ") else {
                    throw InputError(path, lineNumber, "[\(section!)] lists one name per line, got '\(trimmed)'")
                }
                let entry = Entry(key: trimmed, value: "", line: lineNumber)
                if section == "invariants" { config.invariants!.append(entry) }
                if section == "sometimes" { config.sometimes!.append(entry) }
                if section == "symmetry" { config.symmetry.append(entry) }
            case let name?:
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw InputError(path, lineNumber, "[\(name)] expects 'key = value', got '\(trimmed)'")
                }
                let entry = Entry(key: parts[0], value: parts[1], line: lineNumber)
                let existing = (name == "constants" || name == "bounds") ? config.parameters : config.entries(of: name)
                if let previous = existing.first(where: { $0.key == entry.key }) {
                    throw InputError(path, lineNumber, key: entry.key, "set twice (first on line \(previous.line))")
                }
                switch name {
                case "constants", "bounds": config.parameters.append(entry)
                case "limits": config.limits.append(entry)
                case "check": config.check.append(entry)
                default: config.expect.append(entry)
                }
            }
        }
        guard modelLine != nil, !config.model.isEmpty else {
            if let firstSection {
                throw InputError(
                    path, firstSection.line, key: "model",
                    "missing before [\(firstSection.name)]: 'model = NAME' must come before the first section")
            }
            throw InputError(path, 1, key: "model", "missing: the config has no 'model = NAME' line (it must start with one)")
        }
        return config
    }

    private func entries(of section: String) -> [Entry] {
        switch section {
        case "limits": limits
        case "check": check
        case "expect": expect
        default: []
        }
    }
}
