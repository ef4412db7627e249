/// How much work one satisfiability check may take.
///
/// The primary budget is Z3's resource limit (`rlimit`): a count of the solver's internal operations,
/// deterministic for a given query and Z3 version, independent of the machine's speed or load. An
/// answer of `unknown` because the budget ran out is therefore reproducible, and so is every test
/// that relies on it.
///
/// A wall-clock limit is optional and enforced from outside the solver: a watchdog calls
/// `Z3_interrupt` when it expires. Z3's own `timeout` parameter is never used, because its timer can
/// deadlock: Z3 4.8.10 replaced the per-check timer thread by a thread pool whose `scoped_timer` can
/// hang the checking thread (Z3Prover/z3 pull requests #5369–#5371, issue #5990); Debian 12's libz3
/// 4.8.12 hangs this way in a majority of runs of a 1 ms timeout.
public struct Z3Budget: Sendable, Hashable, Codable {
    /// The resource limit of one check (Z3's `rlimit` solver parameter, an unsigned 32-bit count).
    public var rlimit: UInt32
    /// An optional wall-clock limit of one check, enforced by a watchdog thread (`nil`: none).
    public var wallClockLimit: Duration?

    /// A budget of `rlimit` resource units per check and, optionally, a wall-clock limit.
    ///
    /// Library callers get no wall-clock limit unless they ask; `bftcheck lemmas` sets
    /// `safetyWallClockLimit` (see there).
    public init(rlimit: UInt32 = Z3Budget.defaultRLimit, wallClockLimit: Duration? = nil) {
        self.rlimit = rlimit
        self.wallClockLimit = wallClockLimit
    }

    /// The default resource limit per query: 7 times the most any shipped lemma query uses with
    /// libz3 4.8.12 (2,874,273 units, `learner-bounds`/`ledger-step`; `Benchmarks/lemmas/stress.sh`
    /// prints the current maximum).
    public static let defaultRLimit: UInt32 = 20_000_000

    /// The wall-clock limit `bftcheck lemmas` applies when none is given: a last-resort guard, far
    /// above any shipped query (the slowest takes about 1.5 s). Z3 4.8.12 does not count resource units
    /// in every phase of its integer search — cluster-sending (15, 10, 7, 4) spends minutes in a
    /// phase that adds almost nothing to `rlimit count` — so for sizes a user picks, the resource
    /// limit alone cannot promise an answer in bounded time.
    public static let safetyWallClockLimit: Duration = .seconds(600)
}
