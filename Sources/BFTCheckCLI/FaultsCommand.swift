import ArgumentParser

/// `bftcheck faults list|run`: the fault-injection scenarios of issue 12, run on the simulated cluster of
/// the production replica (`Sources/Replica/Simulation`), each ending with its own verdict.
struct FaultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Fault-injection scenarios on the simulated replica cluster, each with its own verdict.",
        discussion: """
            bftcheck faults list                                  # the scenarios, what each injects, its source
            bftcheck faults run primary-crash --seed 1            # one scenario: a verdict table
            bftcheck faults run all --replicas 7 --seed 1 --json  # every scenario, n = 7, f = 2, JSON on stdout
            bftcheck faults spec-driven --runs 1000 --seed 1      # schedules walked from the spec drive the replicas
            Exit status: 0 every verdict passes, 1 a verdict fails, 2 bad usage or input.
            """,
        subcommands: [FaultsListCommand.self, FaultsRunCommand.self, FaultsSpecDrivenCommand.self])
}
