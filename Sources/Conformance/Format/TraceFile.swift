/// One trace file as read: its header and its events in file order.
public struct TraceFile: Hashable, Sendable {
    /// The path as given.
    public var path: String
    /// The header (line 1).
    public var header: TraceHeader
    /// The events, in file order.
    public var events: [TraceEvent]

    /// A file.
    public init(path: String, header: TraceHeader, events: [TraceEvent]) {
        self.path = path
        self.header = header
        self.events = events
    }
}
