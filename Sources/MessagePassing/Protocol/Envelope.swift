/// A message on the network with its sender: what the network stores (Castro & Liskov §2: messages
/// are signed, so the sender is part of the message and cannot be forged). Ordered by sender, then
/// message, so the network is a sorted list with one canonical form.
///
/// Encoded in JSON as `{"from": "r1", "message": …}`.
public struct Envelope<Message: Hashable & Comparable & Sendable & Codable>: Hashable, Comparable, Sendable, Codable {
    /// The replica that sent it.
    public var from: ReplicaID
    /// The content.
    public var message: Message

    /// `message` from `from`.
    @inlinable
    public init(from: ReplicaID, message: Message) {
        self.from = from
        self.message = message
    }

    /// By sender, then by message.
    @inlinable
    public static func < (lhs: Envelope, rhs: Envelope) -> Bool { precedes(lhs.from, lhs.message, rhs) }

    /// `<` on the parts of the left envelope, so that a search can compare an array's element in
    /// place rather than copy it out.
    @inlinable
    public static func precedes(_ from: ReplicaID, _ message: Message, _ other: Envelope) -> Bool {
        from != other.from ? from < other.from : message < other.message
    }
}

extension Array {
    /// The first position of this sorted array whose element is not below `lowest`, or its count: a
    /// binary search, on the buffer in place.
    @inlinable
    public func sortedFirstPosition(notBelow lowest: Element) -> Int where Element: Comparable {
        withUnsafeBufferPointer { buffer in
            var low = 0
            var high = buffer.count
            while low < high {
                let middle = (low + high) / 2
                if buffer[middle] < lowest { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// The first position of this sorted array whose element is not below `element`.
    @inlinable
    public func sortedInsertionPoint<Message>(of element: Element) -> Int where Element == Envelope<Message> {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            // Compared in place (`<` of two envelopes would copy the element out).
            if Envelope.precedes(self[middle].from, self[middle].message, element) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Inserts `element` into this sorted array where it belongs, unless it is there already.
    ///
    /// - Returns: whether it was inserted.
    @inlinable @discardableResult
    public mutating func insertSorted<Message>(_ element: Element) -> Bool where Element == Envelope<Message> {
        sortedInsertion(of: element) != nil
    }

    /// Inserts `element` into this sorted array where it belongs, unless it is there already.
    ///
    /// - Returns: its position when it was inserted, `nil` when it was there already.
    @inlinable @discardableResult
    public mutating func sortedInsertion<Message>(of element: Element) -> Int? where Element == Envelope<Message> {
        let position = sortedInsertionPoint(of: element)
        guard position == count || self[position] != element else { return nil }
        insert(element, at: position)
        return position
    }

    /// Whether this sorted array holds `element`.
    @inlinable
    public func sortedContains<Message>(_ element: Element) -> Bool where Element == Envelope<Message> {
        let position = sortedInsertionPoint(of: element)
        return position < count && self[position] == element
    }
}
