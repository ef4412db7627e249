import Foundation
import Replica
import Testing

/// The client's f + 1 rule (Castro & Liskov, OSDI '99 §4.1) and the configuration's checks.
@Suite struct ClientAndConfigurationTests {
    @Test func clientNeedsFPlusOneMatchingReplies() throws {
        let configuration = try smallConfiguration()
        var client = PBFTClient(id: ClientID(9), configuration: configuration, retransmitTimeout: .milliseconds(50))
        let sent = try client.submit(Array("op".utf8))
        let req = ClientRequest(client: ClientID(9), timestamp: 1, operation: Array("op".utf8))
        #expect(sent == [.send(req, to: [ReplicaID(0)]), .setTimer(after: .milliseconds(50))])
        #expect(throws: ClientError.requestOutstanding(timestamp: 1)) { try client.submit([]) }
        func reply(_ replica: Int, _ result: String, timestamp: UInt64 = 1) -> ClientReply {
            ClientReply(view: .initial, timestamp: timestamp, client: ClientID(9), replica: ReplicaID(replica), result: Array(result.utf8))
        }
        #expect(client.receive(reply(0, "bad"), from: ReplicaID(0)) == [])
        #expect(client.receive(reply(1, "good"), from: ReplicaID(1)) == [])
        #expect(client.receive(reply(1, "good"), from: ReplicaID(1)) == [])  // the same replica twice counts once
        #expect(client.receive(reply(2, "good", timestamp: 7), from: ReplicaID(2)) == [])  // another request's
        // r0 cannot vote for r2: a reply counts only for the replica that sent it.
        #expect(!client.awaits(reply(2, "good"), from: ReplicaID(0)))
        #expect(client.receive(reply(2, "good"), from: ReplicaID(0)) == [])
        #expect(client.receive(reply(9, "good"), from: ReplicaID(9)) == [])  // not a member
        #expect(client.awaits(reply(3, "good"), from: ReplicaID(3)))
        #expect(client.timerFired() == [.send(req, to: configuration.replicas), .setTimer(after: .milliseconds(50))])
        #expect(client.receive(reply(3, "good"), from: ReplicaID(3)) == [.cancelTimer, .completed(req, result: Array("good".utf8))])
        #expect(!client.awaits(reply(2, "good"), from: ReplicaID(2)))  // done: later replies are stale
        #expect(client.outstanding == nil)
    }

    @Test func badConfigurationsAreRejectedWithTheField() throws {
        func field(_ make: () throws -> ReplicaConfiguration) -> String? {
            do {
                _ = try make()
                return nil
            } catch let error as ConfigurationError {
                return error.field
            } catch { return "unexpected \(error)" }
        }
        #expect(field { try ReplicaConfiguration(replicaCount: 3, faultTolerance: 1) } == "n")
        #expect(field { try ReplicaConfiguration(replicaCount: 4, faultTolerance: -1) } == "f")
        #expect(field { try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, checkpointInterval: 0) } == "checkpoint_interval")
        #expect(field { try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, checkpointInterval: 4, window: 6) } == "window")
        #expect(field { try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, batchSize: 0) } == "batch_size")
        #expect(field { try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, batchTimeout: .zero) } == "batch_timeout")
        #expect(field { try ReplicaConfiguration(replicaCount: 7, faultTolerance: 2) } == nil)
        let seven = try ReplicaConfiguration(replicaCount: 7, faultTolerance: 2)
        let five = try ReplicaConfiguration(replicaCount: 5, faultTolerance: 1)
        #expect(seven.quorum == 5 && five.quorum == 4)
    }

    @Test func simulatorRefusesMoreFaultsThanF() throws {
        let scenario = SimulationScenario(
            configuration: try smallConfiguration(), seed: 1, faults: [ReplicaID(0): .crashed, ReplicaID(1): .crashed])
        #expect(throws: ConfigurationError.self) { try ClusterSimulator(scenario: scenario) }
    }

    @Test func sameSeedSameRunSameTraces() throws {
        let scenario = SimulationScenario(
            configuration: try smallConfiguration(), seed: 42, clientCount: 2, requestsPerClient: 3,
            faults: [ReplicaID(0): .equivocatingPrimary])
        var first = try ClusterSimulator(scenario: scenario)
        var second = try ClusterSimulator(scenario: scenario)
        let a = first.run()
        let b = second.run()
        #expect(a.events == b.events && a.elapsed == b.elapsed && a.messagesSent == b.messagesSent)
        #expect(first.traceFiles().map(\.contents) == second.traceFiles().map(\.contents))
    }

    /// `data_directory`: absent, in memory; a path, SQLite there (relative to the config's directory when
    /// read from a file); anything else a one-line error naming the file and the key.
    @Test func theClusterConfigCarriesTheDataDirectoryWhenSet() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("replica-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stored = try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, storage: .sqlite(directory: "data"))
        let file = try ClusterConfigFile.generate(configuration: stored, basePort: 7000, clientCount: 1)
        #expect(file.text.contains("\"data_directory\" : \"data\""))
        #expect(try ClusterConfigFile.parse(Data(file.text.utf8)).configuration == stored)
        let plain = try ClusterConfigFile.generate(
            configuration: try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1), basePort: 7000, clientCount: 1)
        #expect(!plain.text.contains("data_directory"))
        #expect(try ClusterConfigFile.parse(Data(plain.text.utf8)).configuration.storage == .inMemory)
        try file.text.write(toFile: "\(root)/cluster.json", atomically: true, encoding: .utf8)
        let read = try ClusterConfigFile.read(path: "\(root)/cluster.json")
        #expect(read.configuration.storage == .sqlite(directory: "\(root)/data"))
        #expect(read.configuration.storage.databasePath(of: ReplicaID(2)) == "\(root)/data/r2.sqlite")
        for (value, problem) in [
            ("7", "expected a directory path (a string), got 7"),
            ("\"\"", "expected a non-empty path of at most 4096 bytes without NUL or line breaks"),
            ("\"a\\nb\"", "expected a non-empty path of at most 4096 bytes without NUL or line breaks"),
            ("\"cluster.json\"", "\(root)/cluster.json exists and is not a directory"),
        ] {
            let text = file.text.replacingOccurrences(of: "\"data_directory\" : \"data\"", with: "\"data_directory\" : \(value)")
            try text.write(toFile: "\(root)/bad.json", atomically: true, encoding: .utf8)
            #expect(throws: ClusterConfigError(path: "\(root)/bad.json", key: "data_directory", problem)) {
                try ClusterConfigFile.read(path: "\(root)/bad.json")
            }
        }
    }

    @Test func theClusterConfigCarriesTheRetransmitIntervalWhenSet() throws {
        let plain = try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1)
        let retransmitting = try ReplicaConfiguration(replicaCount: 4, faultTolerance: 1, retransmitInterval: .milliseconds(30))
        for configuration in [plain, retransmitting] {
            let file = try ClusterConfigFile.generate(configuration: configuration, basePort: 7000, clientCount: 1)
            #expect(file.text.contains("retransmit_interval_ms") == (configuration.retransmitInterval != nil))
            #expect(try ClusterConfigFile.parse(Data(file.text.utf8)).configuration == configuration)
        }
        let text = try ClusterConfigFile.generate(configuration: retransmitting, basePort: 7000, clientCount: 1).text
        let zero = text.replacingOccurrences(of: "\"retransmit_interval_ms\" : 30", with: "\"retransmit_interval_ms\" : 0")
        #expect(throws: ClusterConfigError(key: "retransmit_interval_ms", "expected an integer in 1...3600000, got 0")) {
            try ClusterConfigFile.parse(Data(zero.utf8))
        }
    }
}
