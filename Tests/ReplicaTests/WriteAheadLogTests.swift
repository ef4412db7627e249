import Foundation
import Replica
import Testing

/// The write-ahead log (Castro & Liskov, TOCS 2002 §4.6): records survive a reopen, a torn tail is cut
/// off, a corrupted record ends the readable log, and replaying the inputs rebuilds the same replica.
@Suite struct WriteAheadLogTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("replica-wal-\(UUID().uuidString).log").path
    }

    /// The inputs a backup gets in a short normal-case run, recorded from a lockstep cluster.
    static func recordedInputs() throws -> [ReplicaInput] {
        var cluster = try LockstepCluster(try smallConfiguration())
        for client in UInt32(1)...3 { cluster.request(request(client, 1), to: [0, 2]) }
        var inputs: [ReplicaInput] = (1...3).map { .request(request(UInt32($0), 1)) }
        while !cluster.inFlight.isEmpty {
            let (message, sender, receiver) = cluster.inFlight.removeFirst()
            if receiver == ReplicaID(2) { inputs.append(.message(message, from: sender)) }
            cluster.take(cluster.replicas[receiver.index].receive(message, from: sender), of: receiver)
        }
        inputs.append(.timer(.viewChange(.initial)))
        inputs.append(.timer(.stateFetch(SequenceNumber(2))))
        inputs.append(.timer(.batch))
        return inputs
    }

    @Test func recordsSurviveAReopenAndReplayRebuildsTheReplica() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inputs = try Self.recordedInputs()
        do {
            let (log, existing) = try WriteAheadLog.open(path: path)
            #expect(existing.isEmpty)
            for input in inputs { try log.append(input) }
            try log.sync()
        }
        let (_, reread) = try WriteAheadLog.open(path: path)
        #expect(reread == inputs)
        var original = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(2))
        var replayed = try PBFTStateMachine<CounterService>(configuration: try smallConfiguration(), id: ReplicaID(2))
        var first: [ReplicaAction] = []
        var second: [ReplicaAction] = []
        for input in inputs { first += original.apply(input) }
        for input in reread { second += replayed.apply(input) }
        #expect(first == second)
        #expect(replayed.lastExecuted == SequenceNumber(3) && replayed.service == original.service)
    }

    @Test func aTornTailIsCutOffAndAppendingContinuesAfterTheLastGoodRecord() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inputs = try Self.recordedInputs()
        var bytes = inputs.prefix(5).flatMap(LogRecordCodec.encode)
        let torn = LogRecordCodec.encode(inputs[5])
        bytes += torn.prefix(torn.count - 3)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            let (log, recovered) = try WriteAheadLog.open(path: path)
            #expect(recovered == Array(inputs.prefix(5)))
            try log.append(inputs[6])
            try log.sync()
        }
        let (_, reread) = try WriteAheadLog.open(path: path)
        #expect(reread == Array(inputs.prefix(5)) + [inputs[6]])
    }

    @Test func aCorruptedRecordEndsTheReadableLog() throws {
        let inputs = try Self.recordedInputs()
        var bytes = inputs.prefix(4).flatMap(LogRecordCodec.encode)
        let cut = bytes.count
        bytes += inputs[4...].flatMap(LogRecordCodec.encode)
        bytes[cut + 12] ^= 0x40  // inside the fifth record's payload
        let (decoded, valid) = try LogRecordCodec.decode(bytes)
        #expect(decoded == Array(inputs.prefix(4)))
        #expect(valid == cut)
    }
}
