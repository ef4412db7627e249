import ArgumentParser
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import Replica
import Verification

/// `bftcheck replica run --config FILE --id I`: one replica of a cluster config as a process. It listens
/// on 127.0.0.1 at its port, dials every other replica (retrying while they start), marks itself ready,
/// serves until SIGTERM or SIGINT, then writes its trace (with `--trace-out`) and exits 0.
struct ReplicaRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Serve as one replica of a cluster config until SIGTERM or SIGINT.")

    @Option(help: "The cluster config (written by 'cluster keys').") var config: String
    @Option(parsing: .unconditional, help: "This replica's index, 0 ..< n.") var id: Int
    @Option(help: "Write this replica's trace (bftcheck-trace/2) into this directory on exit.") var traceOut: String?
    @Option(help: "Keep a write-ahead log at this path (fsync per input).") var wal: String?
    @Option(help: "Create this file once listening and connected to every peer.") var readyFile: String?
    @Option(parsing: .unconditional, help: "How long to keep dialling peers, seconds.") var connectTimeout = 30.0

    func run() throws {
        let file = try ClusterConfigs.read(config, key: "--config")
        let index = try Inputs.replicaIndex.validate(id)
        guard index < file.configuration.replicaCount else {
            throw InputError(
                nil, nil, key: "--id",
                "expected 0...\(file.configuration.replicaCount - 1) for n = \(file.configuration.replicaCount), got \(index)")
        }
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        if case .sqlite(let directory) = file.configuration.storage { try OutputFile.createDirectory(directory, key: "data_directory") }
        let connectTimeout = try Inputs.connectTimeout.validate(connectTimeout)
        let replica = ReplicaID(index)
        // SIGTERM and SIGINT end the serving loop below instead of the process.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let stop = DispatchSemaphore(value: 0)
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        var logger = Logger(label: "bftcheck.replica")
        logger.logLevel = .notice
        let tracing = traceOut != nil
        let walPath = wal
        let node = try BlockingTask.run { [logger] in
            let node = try await ReplicaNode.start(
                configuration: file.configuration, id: replica, keyring: file.keyring, host: ClusterConfigFile.host,
                port: file.port(of: replica), writeAheadLog: walPath, tracing: tracing, logger: logger, eventLoop: group.next())
            let deadline = ContinuousClock.now + .milliseconds(Int64(connectTimeout * 1000))
            for peer in file.configuration.replicas where peer != replica {
                let address = try SocketAddress(ipAddress: ClusterConfigFile.host, port: file.port(of: peer))
                while true {
                    do {
                        try await node.connect(to: [peer: address])
                        break
                    } catch {
                        guard ContinuousClock.now < deadline else {
                            throw InputError(
                                nil, nil, "\(replica): cannot reach \(peer) at \(address) within \(connectTimeout) s: \(error)")
                        }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            return node
        }
        if let readyFile { try OutputFile.write("\(getpid())\n", to: readyFile, key: "--ready-file", what: "the ready file") }
        Terminal.note("replica \(replica): ready on 127.0.0.1:\(file.port(of: replica)) (pid \(getpid()))")
        stop.wait()
        let status = try BlockingTask.run {
            let status = try await node.status()
            try await node.close()
            return status
        }
        if let traceOut {
            let header = TraceRunHeader(configuration: file.configuration).line(for: replica)
            let text = ([header] + status.traceLines).joined(separator: "\n") + "\n"
            try OutputFile.write(
                text, to: (traceOut as NSString).appendingPathComponent("\(replica).ndjson"), key: "--trace-out", what: "the trace file")
        }
        Terminal.note(
            "replica \(replica): stopped; executed up to \(status.lastExecuted), view \(status.view), "
                + "\(status.counters.framesReceived) frames in, \(status.counters.framesSent) out")
    }
}

/// Reading cluster configs with the command-line contract's errors.
enum ClusterConfigs {
    /// The config at `path`.
    ///
    /// - Throws: `InputError` naming the file, the key and the problem (one line).
    static func read(_ path: String, key: String) throws -> ClusterConfigFile {
        guard !path.isEmpty else { throw InputError(nil, nil, key: key, "the path of the cluster config is empty") }
        guard !OutputFile.isDirectory(path) else { throw InputError(path, nil, key: key, "is a directory, not a cluster config") }
        do { return try ClusterConfigFile.read(path: path) } catch { throw InputError(error.path, nil, key: error.key, error.problem) }
    }

    /// The run directory of the config at `path` (its pid file, logs and ready files): `path` without
    /// its extension, plus `.run`.
    static func runDirectory(for path: String) -> String {
        ((path as NSString).deletingPathExtension as String) + ".run"
    }
}
