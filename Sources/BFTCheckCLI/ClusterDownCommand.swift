import ArgumentParser
import Foundation
import Verification

/// `bftcheck cluster down`: stops the replicas listed in the pid file (SIGTERM, then SIGKILL after the
/// grace period) and removes the pid file. Pids that are no longer `bftcheck replica run` processes are
/// left alone.
struct ClusterDownCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the replicas of 'cluster up' by pid (SIGTERM, then SIGKILL).")

    @Option(help: "The cluster config; its run directory holds the pid file.") var config: String?
    @Option(help: "The run directory given to 'cluster up'.") var runDir: String?
    @Option(parsing: .unconditional, help: "Seconds between SIGTERM and SIGKILL.") var grace = 5.0

    func run() throws {
        let grace = try Inputs.grace.validate(grace)
        guard let directory = runDir ?? config.map(ClusterConfigs.runDirectory(for:)) else {
            throw InputError(nil, nil, key: "--config", "give --config or --run-dir")
        }
        let pidPath = (directory as NSString).appendingPathComponent("pids")
        let entries = try ClusterProcesses.readPIDs(pidPath)
        let (terminated, killed) = ClusterProcesses.stop(entries.map(\.pid), grace: grace)
        unlink(pidPath)
        for entry in entries { unlink((directory as NSString).appendingPathComponent("\(entry.replica).ready")) }
        let gone = entries.count - terminated - killed
        print(
            "cluster down: \(terminated) replicas stopped by SIGTERM, \(killed) by SIGKILL after \(grace) s"
                + (gone > 0 ? ", \(gone) already gone" : ""))
    }
}
