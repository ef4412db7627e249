/// A trace that cannot be judged because it breaks the format: bad JSON, a missing or mistyped
/// field, a value outside the spec's capacity, lines out of order. Reported as one line,
/// `FILE:LINE: FIELD: problem`, with exit status 2.
public struct MalformedTrace: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line (0 when the problem is with the file as a whole).
    public var line: Int
    /// The field at fault as a path (`message.view`, `to[2]`), if one is.
    public var field: String?
    /// What is wrong.
    public var problem: String

    /// A problem at `file:line`, in `field` if given.
    public init(_ file: String, _ line: Int, field: String? = nil, _ problem: String) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// `file:line: field: problem`.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + problem
    }
}
