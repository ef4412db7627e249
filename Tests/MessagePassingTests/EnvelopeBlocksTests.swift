import MessagePassing
import Testing

/// Envelopes kept per sender and message block answer as one sorted list of envelopes does,
/// whatever order they arrive in.
@Suite struct EnvelopeBlocksTests {
    /// A message whose block is its tens digit (the order sorts it first, as the protocol's must).
    static func block(of message: Int) -> Int { message / 10 }

    /// A deterministic stream of (sender, message) pairs, mostly ascending within each block, with
    /// repeats and stragglers.
    static func arrivals(count: Int) -> [(ReplicaID, Int)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var result: [(ReplicaID, Int)] = []
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let sender = ReplicaID(Int(state >> 60) % 4)
            let message = (index % 3) * 10 + Int(state >> 33) % 10
            result.append((sender, message))
        }
        return result
    }

    @Test func answersAsASortedListOfEnvelopes() {
        var blocks = EnvelopeBlocks<Int>(blockCount: 3)
        var reference: [(sender: Int, message: Int)] = []
        for (sender, message) in Self.arrivals(count: 400) {
            let isNew = !reference.contains { $0.sender == sender.index && $0.message == message }
            #expect(blocks.insert(message, from: sender, block: Self.block(of: message)) == isNew)
            if isNew { reference.append((sender.index, message)) }
        }
        reference.sort { ($0.sender, $0.message) < ($1.sender, $1.message) }
        var visited: [(sender: Int, message: Int)] = []
        blocks.forEach { sender, message in visited.append((sender.index, message)) }
        #expect(visited.map(\.sender) == reference.map(\.sender) && visited.map(\.message) == reference.map(\.message))
        #expect(blocks.count == reference.count && blocks.envelopes.count == reference.count)
        for sender in 0..<6 {
            var own: [Int] = []
            blocks.forEachMessage(from: ReplicaID(sender)) { own.append($0) }
            #expect(own == reference.filter { $0.sender == sender }.map(\.message))
            for lowest in [0, 5, 10, 17, 29, 40] {
                var from: [Int] = []
                blocks.forEachMessage(from: ReplicaID(sender), block: min(2, Self.block(of: lowest)), notBelow: lowest) {
                    from.append($0)
                    return true
                }
                #expect(from == own.filter { $0 >= lowest }, "r\(sender) from \(lowest)")
            }
            for message in 0..<30 {
                #expect(
                    blocks.contains(message, from: ReplicaID(sender), block: Self.block(of: message))
                        == own.contains(message))
            }
        }
    }

    @Test func removesAndUnites() {
        var a = EnvelopeBlocks<Int>(blockCount: 3)
        var b = EnvelopeBlocks<Int>(blockCount: 3)
        for (index, (sender, message)) in Self.arrivals(count: 200).enumerated() {
            if index.isMultiple(of: 2) {
                a.insert(message, from: sender, block: Self.block(of: message))
            } else {
                b.insert(message, from: sender, block: Self.block(of: message))
            }
        }
        var all = a.envelopes.map { ($0.from.index, $0.message) } + b.envelopes.map { ($0.from.index, $0.message) }
        all.sort { $0 < $1 }
        var unique: [(Int, Int)] = []
        for entry in all where unique.last.map({ $0 != entry }) ?? true { unique.append(entry) }
        let union = a.union(b)
        #expect(union.envelopes.map { $0.from.index } == unique.map(\.0) && union.envelopes.map(\.message) == unique.map(\.1))
        #expect(union.count == unique.count)
        var kept = union
        kept.removeAll { sender, message in sender.index == 1 || message % 2 == 0 }
        let expected = unique.filter { !($0.0 == 1 || $0.1 % 2 == 0) }
        #expect(kept.envelopes.map(\.message) == expected.map(\.1) && kept.count == expected.count)
    }
}
