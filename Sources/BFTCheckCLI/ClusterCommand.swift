import ArgumentParser

/// `bftcheck cluster keys|up|down`: a PBFT cluster of `Sources/Replica` processes on 127.0.0.1.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Generate a cluster config with keys, start its replicas as processes on 127.0.0.1, stop them.",
        discussion: """
            bftcheck cluster keys --out cluster.json      # n = 4, f = 1, ports 7000-7003, batch 256
            bftcheck cluster up --config cluster.json     # 4 processes; waits until each is ready; pids in cluster.run/pids
            bftcheck bench --config cluster.json --clients 64 --duration 10
            bftcheck cluster down --config cluster.json   # SIGTERM, SIGKILL after --grace seconds
            bftcheck cluster bench-recovery --config cluster.json --requests 100000   # durability cost, rejoin time
            """,
        subcommands: [ClusterKeysCommand.self, ClusterUpCommand.self, ClusterDownCommand.self, ClusterRecoveryBenchCommand.self])
}
