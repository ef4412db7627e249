import ArgumentParser

/// `bftcheck model …`: the tutorial's analytical performance models.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Analytical models from the tutorial (throughput bounds).",
        subcommands: [ThroughputCommand.self]
    )
}
