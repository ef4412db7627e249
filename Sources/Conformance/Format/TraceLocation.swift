/// Where an event was written: a file and a 1-based line.
public struct TraceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file's path as given on the command line.
    public var file: String
    /// The 1-based line.
    public var line: Int

    /// A location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// By file name, then line.
    public static func < (lhs: TraceLocation, rhs: TraceLocation) -> Bool {
        (lhs.file, lhs.line) < (rhs.file, rhs.line)
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }
}
