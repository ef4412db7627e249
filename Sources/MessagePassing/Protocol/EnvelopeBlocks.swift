/// Envelopes sorted by sender, then message, kept as one sorted array per sender and message block
/// (`ReplicaProtocol.messageBlock(of:)`: a coarse key, such as the kind, that the message order
/// sorts first): what a trace validator keeps of the network and of each judged replica's view.
///
/// A run's messages mostly arrive in the order of their block (e.g. a replica receives PREPAREs by
/// ascending sequence number), so inserting one is mostly an append to its block, amortised O(1),
/// where one sorted array of every envelope would shift those after it. The queries an inbox asks
/// (whether a sender sent a message, a sender's messages from one on) are a binary search within
/// one block.
public struct EnvelopeBlocks<Message: Comparable> {
    /// Sender s's block b at s · `blockCount` + b, each sorted without repeats; grown to the highest
    /// sender met (empty arrays allocate nothing).
    @usableFromInline var blocks: [[Message]] = []
    /// The blocks per sender (at least 1).
    @usableFromInline let blockCount: Int
    /// How many envelopes it holds.
    @usableFromInline var storedCount = 0

    /// How many envelopes it holds.
    @inlinable
    public var count: Int { storedCount }

    /// No envelopes, with `blockCount` blocks per sender.
    @inlinable
    public init(blockCount: Int) {
        precondition(blockCount >= 1, "EnvelopeBlocks: at least one block per sender")
        self.blockCount = blockCount
    }

    /// Whether it holds no envelope.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The position in `blocks` of `sender`'s `block`.
    @inlinable
    func slot(_ sender: ReplicaID, _ block: Int) -> Int { sender.index &* blockCount &+ block }

    /// Adds `message` from `sender`, whose block is `block`, unless it is there.
    ///
    /// - Returns: whether it was added.
    /// - Complexity: amortised O(1) when `message` follows every message of its block, else
    ///   O(log k + k) for k messages in the block.
    @inlinable @discardableResult
    public mutating func insert(_ message: Message, from sender: ReplicaID, block: Int) -> Bool {
        let slot = self.slot(sender, block)
        if slot >= blocks.count { blocks.append(contentsOf: repeatElement([], count: slot + 1 - blocks.count)) }
        // The usual case first: after every message of the block.
        if Self.lastPrecedes(blocks[slot], message) {
            blocks[slot].append(message)
        } else {
            let position = blocks[slot].sortedFirstPosition(notBelow: message)
            guard !Self.holds(blocks[slot], message, at: position) else { return false }
            blocks[slot].insert(message, at: position)
        }
        storedCount += 1
        return true
    }

    /// Whether it holds `message` from `sender`, whose block is `block`.
    ///
    /// - Complexity: O(log k) for k messages in the block.
    @inlinable
    public func contains(_ message: Message, from sender: ReplicaID, block: Int) -> Bool {
        let slot = self.slot(sender, block)
        guard slot < blocks.count else { return false }
        // A message looked up is mostly one of the last sent: its block's last first.
        return blocks[slot].withUnsafeBufferPointer { buffer in
            guard let last = buffer.indices.last else { return false }
            if buffer[last] < message { return false }
            if buffer[last] == message { return true }
            var low = 0
            var high = last
            while low < high {
                let middle = (low + high) / 2
                if buffer[middle] < message { low = middle + 1 } else { high = middle }
            }
            return buffer[low] == message
        }
    }

    // The searches compare messages in place, through a buffer pointer: an array's element read
    // by its subscript is copied out (a retain and a release of whatever it references).

    /// Whether `messages` is empty or its last message is below `message`.
    @inlinable
    static func lastPrecedes(_ messages: [Message], _ message: Message) -> Bool {
        messages.withUnsafeBufferPointer { buffer in buffer.isEmpty || buffer[buffer.count - 1] < message }
    }

    /// Whether `messages` holds `message` at `position` (which may be its count).
    @inlinable
    static func holds(_ messages: [Message], _ message: Message, at position: Int) -> Bool {
        messages.withUnsafeBufferPointer { buffer in position < buffer.count && buffer[position] == message }
    }

    /// Calls `body` with `sender`'s messages from block `block` on that are not below `lowest`, in
    /// order, until it returns `false`.
    ///
    /// - Complexity: O(log k + v) for k messages in the first block, v of them visited.
    @inlinable
    public func forEachMessage(from sender: ReplicaID, block: Int, notBelow lowest: Message, _ body: (Message) -> Bool) {
        let start = slot(sender, 0)
        let end = min(blocks.count, start &+ blockCount)
        var slot = start &+ block
        guard slot < end else { return }
        var position = blocks[slot].sortedFirstPosition(notBelow: lowest)
        while true {
            while position < blocks[slot].count {
                if !body(blocks[slot][position]) { return }
                position += 1
            }
            slot += 1
            guard slot < end else { return }
            position = 0
        }
    }

    /// Calls `body` with every message of `sender`, in order.
    @inlinable
    public func forEachMessage(from sender: ReplicaID, _ body: (Message) -> Void) {
        let start = slot(sender, 0)
        let end = min(blocks.count, start &+ blockCount)
        guard start < end else { return }
        for slot in start..<end {
            for message in blocks[slot] { body(message) }
        }
    }

    /// Calls `body` with every envelope, by sender, then message.
    @inlinable
    public func forEach(_ body: (ReplicaID, Message) -> Void) {
        for slot in blocks.indices {
            let sender = ReplicaID(slot / blockCount)
            for message in blocks[slot] { body(sender, message) }
        }
    }

    /// Removes every envelope for which `shouldRemove` holds.
    @inlinable
    public mutating func removeAll(where shouldRemove: (ReplicaID, Message) -> Bool) {
        var removed = 0
        for slot in blocks.indices where !blocks[slot].isEmpty {
            let sender = ReplicaID(slot / blockCount)
            let before = blocks[slot].count
            blocks[slot].removeAll { shouldRemove(sender, $0) }
            removed += before - blocks[slot].count
        }
        storedCount -= removed
    }

    /// The envelopes of this and of `other` (blocked alike).
    @inlinable
    public func union(_ other: EnvelopeBlocks) -> EnvelopeBlocks {
        precondition(blockCount == other.blockCount, "EnvelopeBlocks: a union of differently blocked envelopes")
        var result = EnvelopeBlocks(blockCount: blockCount)
        result.blocks = Array(repeating: [], count: max(blocks.count, other.blocks.count))
        for slot in result.blocks.indices {
            let a = slot < blocks.count ? blocks[slot] : []
            let b = slot < other.blocks.count ? other.blocks[slot] : []
            var merged: [Message] = []
            merged.reserveCapacity(a.count + b.count)
            var (i, j) = (0, 0)
            while i < a.count || j < b.count {
                if j == b.count || (i < a.count && a[i] < b[j]) {
                    merged.append(a[i])
                    i += 1
                } else if i == a.count || b[j] < a[i] {
                    merged.append(b[j])
                    j += 1
                } else {
                    merged.append(a[i])
                    i += 1
                    j += 1
                }
            }
            result.storedCount += merged.count
            result.blocks[slot] = merged
        }
        return result
    }
}

extension EnvelopeBlocks: Sendable where Message: Sendable {}

extension EnvelopeBlocks where Message: Hashable & Sendable & Codable {
    /// Every envelope, by sender, then message.
    public var envelopes: [Envelope<Message>] {
        var result: [Envelope<Message>] = []
        result.reserveCapacity(count)
        forEach { sender, message in result.append(Envelope(from: sender, message: message)) }
        return result
    }
}
