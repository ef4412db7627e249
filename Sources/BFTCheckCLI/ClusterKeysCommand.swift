import ArgumentParser
import Foundation
import Replica
import Verification

/// `bftcheck cluster keys`: writes a cluster config (`bftcheck-cluster/1`, Docs/replica.md) with fresh
/// Ed25519 and X25519 keys for every replica and client.
struct ClusterKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Write a cluster config with fresh keys (replica i on 127.0.0.1:base-port + i).")

    @Option(help: "The config file to write.") var out: String
    @Option(name: .customLong("n"), parsing: .unconditional, help: "Replicas.") var replicas = 4
    @Option(name: .customLong("f"), parsing: .unconditional, help: "Byzantine replicas tolerated (n ≥ 3f + 1).") var faults = 1
    @Option(parsing: .unconditional, help: "Clients that get keys (bench --clients may use up to this many).") var clients = 256
    @Option(parsing: .unconditional, help: "Replica i listens on 127.0.0.1:base-port + i.") var basePort = 7000
    @Option(parsing: .unconditional, help: "Requests per batch.") var batchSize = 256
    @Option(parsing: .unconditional, help: "How long the primary waits for a batch to fill, ms.") var batchTimeoutMs = 1.0
    @Option(parsing: .unconditional, help: "Checkpoint interval K.") var checkpointInterval = 128
    @Option(parsing: .unconditional, help: "Window L in checkpoint intervals (L = K × this).") var windowIntervals = 2
    @Option(parsing: .unconditional, help: "First view-change timeout, ms.") var viewChangeTimeoutMs = 2000
    @Option(
        parsing: .unconditional,
        help: "Replicas re-send what peers may have lost every this many ms (TOCS 2002 §5.2); default: no retransmission.")
    var retransmitIntervalMs: Int?
    @Option(
        help: "Keep each replica's executed state in SQLite at DIR/r<i>.sqlite (relative: to the config's directory); default in memory."
    )
    var dataDirectory: String?

    func run() throws {
        let interval = try Inputs.clusterCheckpointInterval.validate(checkpointInterval)
        let configuration: ReplicaConfiguration
        do {
            configuration = try ReplicaConfiguration(
                replicaCount: try Inputs.clusterReplicas.validate(replicas), faultTolerance: try Inputs.clusterFaults.validate(faults),
                checkpointInterval: UInt64(interval),
                window: UInt64(interval * (try Inputs.clusterWindowIntervals.validate(windowIntervals))),
                batchSize: try Inputs.clusterBatchSize.validate(batchSize),
                batchTimeout: .microseconds(Int64((try Inputs.clusterBatchTimeoutMs.validate(batchTimeoutMs) * 1000).rounded(.up))),
                viewChangeTimeout: .milliseconds(try Inputs.clusterViewChangeTimeoutMs.validate(viewChangeTimeoutMs)),
                retransmitInterval: try retransmitIntervalMs.map { .milliseconds(try Inputs.clusterRetransmitIntervalMs.validate($0)) },
                storage: dataDirectory.map { .sqlite(directory: $0) } ?? .inMemory)
        } catch let error as ConfigurationError {
            throw InputError(nil, nil, key: "--\(error.field.replacingOccurrences(of: "_", with: "-"))", error.problem)
        }
        let base = try Inputs.basePort.validate(basePort)
        guard base + configuration.replicaCount - 1 <= 65_535 else {
            throw InputError(nil, nil, key: "--base-port", "ports \(base)...\(base + configuration.replicaCount - 1) exceed 65535")
        }
        let file = try ClusterConfigFile.generate(
            configuration: configuration, basePort: base, clientCount: try Inputs.clusterClients.validate(clients))
        try OutputFile.write(file.text, to: out, key: "--out", what: "the cluster config")
        print(
            "cluster config: \(out) (n = \(configuration.replicaCount), f = \(configuration.faultTolerance), "
                + "127.0.0.1:\(base)...\(base + configuration.replicaCount - 1), batch \(configuration.batchSize), "
                + "K = \(configuration.checkpointInterval), L = \(configuration.window), \(file.clientCount) clients"
                + (configuration.retransmitInterval.map { ", retransmission every \($0)" } ?? "")
                + (dataDirectory.map { ", executed state in SQLite under \($0)" } ?? "") + ")")
    }
}
