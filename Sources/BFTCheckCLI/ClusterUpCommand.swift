import ArgumentParser
import Foundation
import Replica
import Verification

/// `bftcheck cluster up`: starts the config's n replicas as `bftcheck replica run` processes on
/// 127.0.0.1, waits (bounded) until every one listens and is connected to every peer, and writes their
/// pids. A replica that exits or is not ready in time stops the others and fails the command.
struct ClusterUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start the config's replicas as processes on 127.0.0.1 and wait until they are ready.")

    @Option(help: "The cluster config (written by 'cluster keys').") var config: String
    @Option(help: "Where the pid file, logs and ready files go (default: the config's path without extension + .run).")
    var runDir: String?
    @Option(parsing: .unconditional, help: "Fail when the replicas are not all ready after this many seconds.") var readyTimeout = 30.0
    @Option(help: "Each replica writes its trace (rI.ndjson) into this directory when it stops.") var traceOut: String?
    @Flag(help: "Each replica keeps a write-ahead log (rI.wal in the run directory, fsync per input).") var wal = false

    func run() throws {
        let file = try ClusterConfigs.read(config, key: "--config")
        let timeout = try Inputs.readyTimeout.validate(readyTimeout)
        let directory = runDir ?? ClusterConfigs.runDirectory(for: config)
        try OutputFile.createDirectory(directory, key: "--run-dir")
        let pidPath = (directory as NSString).appendingPathComponent("pids")
        if let entries = try? ClusterProcesses.readPIDs(pidPath), entries.contains(where: { ClusterProcesses.isReplica($0.pid) }) {
            throw InputError(pidPath, nil, "the cluster is already up; run 'bftcheck cluster down' first")
        }
        if let traceOut { try OutputFile.createDirectory(traceOut, key: "--trace-out") }
        let configPath = absolute(config)
        let executable = ClusterProcesses.executable
        var started: [(replica: ReplicaID, pid: pid_t)] = []
        var readyFiles: [String] = []
        func abandon(_ reason: String) -> FailureWithReason {
            _ = ClusterProcesses.stop(started.map(\.pid), grace: 1)
            unlink(pidPath)
            return FailureWithReason(status: 1, reason: reason)
        }
        for replica in file.configuration.replicas {
            let ready = (directory as NSString).appendingPathComponent("\(replica).ready")
            unlink(ready)
            readyFiles.append(ready)
            var arguments = ["replica", "run", "--config", configPath, "--id", "\(replica.index)", "--ready-file", absolute(ready)]
            if let traceOut { arguments += ["--trace-out", absolute(traceOut)] }
            if wal { arguments += ["--wal", absolute((directory as NSString).appendingPathComponent("\(replica).wal"))] }
            do {
                let log = absolute((directory as NSString).appendingPathComponent("\(replica).log"))
                started.append((replica, try ClusterProcesses.spawn(executable, arguments, output: log)))
            } catch { throw abandon("\(error)") }
        }
        let pidText = started.map { "\($0.replica) \($0.pid)\n" }.joined()
        try OutputFile.write(pidText, to: pidPath, key: "--run-dir", what: "the pid file")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            for (replica, pid) in started {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    let log = (directory as NSString).appendingPathComponent("\(replica).log")
                    throw abandon("replica \(replica) (pid \(pid)) exited before it was ready: \(lastLine(of: log)) (log: \(log))")
                }
            }
            let waiting = zip(started, readyFiles).filter { !FileManager.default.fileExists(atPath: $0.1) }.map { "\($0.0.replica)" }
            if waiting.isEmpty { break }
            if Date() >= deadline {
                throw abandon(
                    "replicas \(waiting.joined(separator: ", ")) not ready after \(timeout) s (logs: \(directory)/rI.log); stopped them all"
                )
            }
            usleep(20_000)
        }
        let ports = file.ports
        print(
            "cluster up: \(started.count) replicas on 127.0.0.1:\(ports.min()!)...\(ports.max()!), "
                + "pids \(started.map { "\($0.pid)" }.joined(separator: " ")) in \(pidPath)")
    }

    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    func lastLine(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "no output"
    }
}
