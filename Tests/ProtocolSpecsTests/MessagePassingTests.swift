import Foundation
import MessagePassing
import Testing

/// The protocol-agnostic layer: replica sets, fault models and the vocabulary's counting, packed logs.
@Suite struct MessagePassingTests {
    @Test func replicaSetsIterateInAscendingOrderAndEncodeAsSortedIds() throws {
        let set = ReplicaSet([ReplicaID(5), ReplicaID(0), ReplicaID(3)])
        #expect(Array(set).map(\.index) == [0, 3, 5])
        #expect(set.count == 3 && set.contains(ReplicaID(3)) && !set.contains(ReplicaID(1)))
        #expect(set.description == "{r0, r3, r5}")
        let data = try JSONEncoder().encode(set)
        #expect(String(decoding: data, as: UTF8.self) == #"["r0","r3","r5"]"#)
        #expect(try JSONDecoder().decode(ReplicaSet.self, from: data) == set)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReplicaID.self, from: Data(#""x1""#.utf8)) }
    }

    @Test func subsetsAreAllSubsetsInBitOrder() {
        let set = ReplicaSet([ReplicaID(1), ReplicaID(2), ReplicaID(4)])
        let subsets = set.subsets
        #expect(subsets.count == 8)
        #expect(subsets.map(\.bits) == [0, 2, 4, 6, 16, 18, 20, 22])
        #expect(ReplicaSet().subsets == [ReplicaSet()])
    }

    @Test func faultModelsPlaceConsecutiveFaultyReplicasWrappingAround() {
        let model = FaultModel(replicaCount: 7, byzantine: 2, crashed: 1, firstFaulty: 6)
        #expect(Array(model.byzantine).map(\.index) == [0, 6])
        #expect(Array(model.crashed).map(\.index) == [1])
        #expect(Array(model.correct).map(\.index) == [2, 3, 4, 5])
        #expect(model.description == "r2 r3 r4 r5 correct, r1 crashed, r0 r6 byzantine")
    }

    @Test func supportCountsCorrectSendersAndEveryEligibleByzantineReplica() {
        let model = FaultModel(replicaCount: 4, byzantine: 1, firstFaulty: 0)  // r0 Byzantine
        let senders = ReplicaSet([ReplicaID(1), ReplicaID(2)])
        #expect(model.support(correctSenders: senders) == 3)
        let backups = model.all.subtracting(ReplicaSet([ReplicaID(0)]))
        #expect(model.support(correctSenders: senders, among: backups) == 2)
        // A "sender" that is Byzantine is never counted twice; crashed replicas never count.
        let crashed = FaultModel(replicaCount: 4, byzantine: 0, crashed: 1)
        #expect(crashed.support(correctSenders: ReplicaSet([ReplicaID(0), ReplicaID(1)])) == 1)
        #expect(model.support(correctSenders: ReplicaSet([ReplicaID(0)])) == 1)
        #expect(model.alwaysAvailable(from: ReplicaID(0)) && !model.alwaysAvailable(from: ReplicaID(1)))
    }

    @Test func messageLogsPackSixteenNibbles() {
        var log = MessageLog()
        log[0] = 3
        log[15] = 15
        log[7] = 2
        #expect(log[0] == 3 && log[7] == 2 && log[15] == 15 && log[1] == 0)
        log[7] = 0
        #expect(log[7] == 0)
        var table = Array(0..<UInt8(16))
        table[3] = 4
        #expect(log.mapped(table)[0] == 4 && log.mapped(table)[15] == 15)
    }

    @Test func permutationsAreLexicographic() {
        #expect(Permutations.all(of: 3) == [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
        #expect(Permutations.all(of: 4).count == 24)
        #expect(Permutations.all(of: 0) == [[]])
    }
}
