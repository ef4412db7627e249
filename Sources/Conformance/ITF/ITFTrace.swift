import Foundation

/// A trace in the Informal Trace Format: `#meta`, `params`, `vars`, `states` (each with its own
/// `#meta`) and an optional `loop` (Apalache ADR-015).
public struct ITFTrace: Sendable, Equatable {
    /// One state: its `#meta` and a value for every variable.
    public struct State: Sendable, Equatable {
        /// The state's `#meta` members.
        public var meta: [JSONValue.Member]
        /// The variables' values, in `vars` order.
        public var values: [JSONValue.Member]

        /// A state.
        public init(meta: [JSONValue.Member], values: [JSONValue.Member]) {
            self.meta = meta
            self.values = values
        }

        /// The value of variable `name`, also found under a module prefix (`pbft::view` for `view`).
        public func value(_ name: String) -> JSONValue? {
            for member in values where member.key == name || member.key.hasSuffix("::" + name) { return member.value }
            return nil
        }
    }

    /// The trace's `#meta` members.
    public var meta: [JSONValue.Member]
    /// The parameter names (`params`).
    public var params: [String]
    /// The variable names (`vars`).
    public var vars: [String]
    /// The states.
    public var states: [State]
    /// The index of the state a lasso loops back to, if any.
    public var loop: Int?

    /// A trace.
    public init(meta: [JSONValue.Member], params: [String] = [], vars: [String], states: [State], loop: Int? = nil) {
        self.meta = meta
        self.params = params
        self.vars = vars
        self.states = states
        self.loop = loop
    }

    /// The value of `#meta.name`.
    public func metaValue(_ name: String) -> JSONValue? { meta.first { $0.key == name }?.value }

    /// Reads a trace from its JSON, checking the ADR-015 structure: every state sets every variable.
    ///
    /// - Throws: `ITFError` naming the path of the first problem.
    public init(json: JSONValue) throws {
        guard case .object = json else { throw ITFError("", "an ITF trace is a JSON object, got \(json.kindDescription)") }
        meta = json["#meta"]?.members ?? []
        params = try (json["params"]?.elements ?? []).enumerated().map { try ITF.string($0.element, at: "params[\($0.offset)]") }
        guard let varList = json["vars"]?.elements else { throw ITFError("vars", "missing: an ITF trace lists its variables") }
        let names = try varList.enumerated().map { try ITF.string($0.element, at: "vars[\($0.offset)]") }
        vars = names
        guard let stateList = json["states"]?.elements else { throw ITFError("states", "missing: an ITF trace has an array of states") }
        states = try stateList.enumerated().map { index, element in
            guard case .object(let members) = element else { throw ITFError("states[\(index)]", "a state is a JSON object") }
            let state = State(meta: element["#meta"]?.members ?? [], values: members.filter { $0.key != "#meta" })
            for name in names where state.values.first(where: { $0.key == name }) == nil {
                throw ITFError("states[\(index)]", "missing variable \"\(name)\" (every state sets every variable in vars)")
            }
            return state
        }
        loop = try json["loop"].map { try ITF.integer($0, at: "loop") }
        if let loop, loop < 0 || loop >= states.count { throw ITFError("loop", "\(loop) is not the index of a state") }
    }

    /// The trace's JSON.
    public var json: JSONValue {
        var members: [JSONValue.Member] = [.init("#meta", .object(meta))]
        if !params.isEmpty { members.append(.init("params", .array(params.map(JSONValue.string)))) }
        members.append(.init("vars", .array(vars.map(JSONValue.string))))
        members.append(
            .init("states", .array(states.map { .object([.init("#meta", .object($0.meta))] + $0.values) })))
        if let loop { members.append(.init("loop", .integer(loop))) }
        return .object(members)
    }

    /// The file text: one member per line and one state per line (`.itf.json`).
    public var text: String { JSONWriter.layered(json, expandedArrays: ["states"]) }

    /// Reads the ITF file at `path`.
    ///
    /// - Throws: `ITFError` (with the file in the path) for unreadable or malformed files.
    public static func read(_ path: String) throws -> ITFTrace {
        guard let data = FileManager.default.contents(atPath: path) else { throw ITFError(path, "cannot read the file") }
        let value: JSONValue
        do {
            value = try data.withUnsafeBytes { try JSONParser.parse($0.bindMemory(to: UInt8.self)) }
        } catch let error as JSONParser.SyntaxError {
            throw ITFError(path, "invalid JSON at byte \(error.offset + 1): \(error.problem)")
        }
        do {
            return try ITFTrace(json: value)
        } catch let error as ITFError {
            throw ITFError("\(path): \(error.path)", error.problem)
        }
    }

    /// Writes the trace to `path`, creating its directory.
    ///
    /// - Throws: file-system errors.
    public func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
