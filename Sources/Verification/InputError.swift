/// A problem with user input (a config, a trace, a counterexample file or a flag), reported as one
/// line — `FILE:LINE: KEY: problem` — with exit status 2.
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// The file, if the input came from one.
    public var file: String?
    /// The 1-based line, if known.
    public var line: Int?
    /// The key or field at fault, if any.
    public var key: String?
    /// What is wrong.
    public var problem: String

    /// An error at `file:line` (either may be absent).
    public init(_ file: String?, _ line: Int?, key: String? = nil, _ problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    /// `file:line: key: problem`.
    public var description: String {
        var prefix = ""
        if let file { prefix += file }
        if let line, line > 0 { prefix += ":\(line)" }
        if !prefix.isEmpty { prefix += ": " }
        if let key { prefix += "\(key): " }
        return prefix + problem
    }
}
