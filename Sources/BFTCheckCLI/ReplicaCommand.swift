import ArgumentParser

/// `bftcheck replica run`: one replica process (what `cluster up` starts); hidden from help.
struct ReplicaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replica", abstract: "Run one replica of a cluster config (started by 'cluster up').",
        shouldDisplay: false, subcommands: [ReplicaRunCommand.self])
}
