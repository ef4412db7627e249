import FixtureModels
import ModelChecking

/// The models `bftcheck` knows, by name: the engine's fixtures and the protocol specs.
public enum ModelCatalog {
    /// Every registered model, fixtures first.
    public static var all: [ModelEntry] { fixtureEntries + protocolEntries }

    /// The model called `name`.
    public static func entry(named name: String) -> ModelEntry? { all.first { $0.name == name } }

    /// The engine's fixture models.
    static let fixtureEntries: [ModelEntry] = [
        ModelEntry(
            name: "counters",
            summary: "k counters in 0..<limit with increment and reset: limit^k states (engine fixture)",
            parameters: [
                ModelParameter("counters", .integer(1...16), "the number of counters k"),
                ModelParameter("limit", .integer(1...256), "each counter's exclusive upper bound"),
            ],
            symmetryGroups: ["counters"]
        ) { Counters(counters: $0.int("counters"), limit: $0.int("limit")) },
        ModelEntry(
            name: "two-phase-commit",
            summary: "Lamport's TwoPhase commit with k resource managers (TLA+ example; engine fixture)",
            parameters: [ModelParameter("managers", .integer(1...20), "the number of resource managers")],
            symmetryGroups: ["managers"]
        ) { TwoPhaseCommit(managers: $0.int("managers")) },
        ModelEntry(
            name: "lock-mutex",
            summary: "n processes and one lock; seeded_bug splits test-and-set into two steps (engine fixture)",
            parameters: [
                ModelParameter("processes", .integer(1...30), shrinks: true, "the number of processes"),
                ModelParameter("seeded_bug", .boolean, default: "false", "test and set the lock in separate steps"),
            ],
            symmetryGroups: ["processes"]
        ) { LockMutex(processes: $0.int("processes"), seededBug: $0.bool("seeded_bug")) },
    ]
}
