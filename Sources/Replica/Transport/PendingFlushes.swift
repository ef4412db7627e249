import NIOCore

/// The connections a node wrote frames to since its last flush: each frame is written at once and every
/// such connection is flushed once per event-loop round (after the loop has handled every frame it read
/// in that round), so a burst of inputs leaves in few system calls. Loop-bound, like the node's state.
struct PendingFlushes {
    private var channels: [ObjectIdentifier: Channel] = [:]

    /// Records that a frame was written on `channel` (not flushed).
    ///
    /// - Returns: whether this is the first write since the last flush: the caller then schedules, to
    ///   run after the frames the loop is handling now, one flush of the connections `takeAll()` gives.
    mutating func note(_ channel: Channel) -> Bool {
        defer { channels[ObjectIdentifier(channel)] = channel }
        return channels.isEmpty
    }

    /// Every connection written to since the last flush, forgotten here: the caller flushes them outside
    /// any access to its state, since a flush may fail and close a connection, whose handlers reach the
    /// node.
    mutating func takeAll() -> [Channel] {
        defer { channels = [:] }
        return Array(channels.values)
    }
}
