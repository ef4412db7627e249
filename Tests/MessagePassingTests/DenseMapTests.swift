import Foundation
import MessagePassing
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
}
