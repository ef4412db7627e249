import NIOCore

/// The frames a node wrote since its last flush, gathered per connection: every frame for a connection
/// is appended to one `ByteBuffer`, which is written and flushed once per event-loop round (after the
/// loop has handled every frame it read in that round). A burst of inputs (the replies to a batch, the
/// requests of many hosted clients) then leaves in one write and one system call per connection, with no
/// array or buffer per frame. Loop-bound, like the node's state.
struct PendingWrites {
    private var pending: [(channel: Channel, buffer: ByteBuffer)] = []

    /// Appends the frame of the bytes `signed` (`WireCodec.signedBytes(sender:message:)`) and the
    /// authenticator over them, length prefix included (what `WireCodec.frame(signed:authenticator:)`
    /// makes), to what `channel` will be sent.
    ///
    /// - Returns: whether this is the first frame since the last flush: the caller then schedules, to run
    ///   after the frames the loop is handling now, one write of what `takeAll()` gives.
    mutating func append(signed: [UInt8], authenticator: [UInt8], to channel: Channel) -> Bool {
        let first = pending.isEmpty
        let index: Int
        if let found = pending.firstIndex(where: { $0.channel === channel }) {
            index = found
        } else {
            pending.append((channel, channel.allocator.buffer(capacity: 4_096)))
            index = pending.count - 1
        }
        pending[index].buffer.writeInteger(UInt32(signed.count + 4 + authenticator.count))
        pending[index].buffer.writeBytes(signed)
        pending[index].buffer.writeInteger(UInt32(authenticator.count))
        pending[index].buffer.writeBytes(authenticator)
        return first
    }

    /// Every connection written to since the last flush, with its frames, forgotten here: the caller
    /// writes and flushes them outside any access to its state, since a write may fail and close a
    /// connection, whose handlers reach the node.
    mutating func takeAll() -> [(channel: Channel, buffer: ByteBuffer)] {
        defer { pending = [] }
        return pending
    }
}
