import Foundation
import MessagePassing
import ModelChecking
import Testing

/// Maps: plain to use, canonical to store.
@Suite struct DenseMapTests {
    @Test func mapsAreCanonicalWhateverTheHistory() throws {
        var a = DenseMap<ReplicaID, Int>()
        a[ReplicaID(3)] = 2
        a[ReplicaID(1)] = 1
        var b = DenseMap<ReplicaID, Int>()
        b[ReplicaID(1)] = 1
        b[ReplicaID(5)] = 7
        b[ReplicaID(3)] = 2
        b[ReplicaID(5)] = nil
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a.map(\.key) == [ReplicaID(1), ReplicaID(3)] && a.count == 2)
        #expect(a.description == "[r1: 1, r3: 2]")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(a)
        #expect(String(decoding: data, as: UTF8.self) == #"[{"key":"r1","value":1},{"key":"r3","value":2}]"#)
        #expect(try JSONDecoder().decode(DenseMap<ReplicaID, Int>.self, from: data) == a)
    }

    /// `consecutiveCount(from:)` equals a walk key by key over every start of maps with gaps, small
    /// (scanned) and large (binary-searched).
    @Test func consecutiveCountsMatchAWalk() {
        var generator = SeededGenerator(seed: 7)
        for size in [0, 1, 5, 9, 40, 300] {
            var map = DenseMap<Int, Int>()
            for code in 0..<size where generator.next() % 5 != 0 { map[code] = code }
            for start in 0...size + 1 {
                var walked = 0
                while map[start + walked] != nil { walked += 1 }
                #expect(map.consecutiveCount(from: start) == walked, "size \(size), from \(start)")
            }
        }
    }

}
