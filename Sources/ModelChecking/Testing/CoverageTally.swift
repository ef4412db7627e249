/// The running counts behind a `ScheduleCoverage`, updated at every step of every walk.
///
/// Reasons are counted in a dictionary for speed but leave it only sorted (by count, then text), so
/// no report ever depends on hash order.
struct CoverageTally {
    private let kindNames: [String]
    private let excluded: [String?]
    private let targetNames: [String]
    private(set) var fired: [Int]
    private(set) var enabled: [Int]
    private var refused: [[String: Int]]
    private var targetRuns: [Int]
    private var shallowest: [Int?]
    private var reachedThisWalk: [Bool]
    private let reportsGuardOutcomes: Bool
    private(set) var maxDepth = 0
    private var endedWithoutActions = 0
    private var unfiredAllowed: Int

    /// An empty tally for `system`'s kinds and the reachability targets `targets`.
    init<System: TransitionSystem>(system: System, targets: [Property<System.State>], reportsGuardOutcomes: Bool) {
        kindNames = system.actionKindNames
        excluded = kindNames.indices.map { system.whyNeverEnabled(actionKind: $0) }
        targetNames = targets.map(\.name)
        fired = Array(repeating: 0, count: kindNames.count)
        enabled = fired
        refused = Array(repeating: [:], count: kindNames.count)
        targetRuns = Array(repeating: 0, count: targets.count)
        shallowest = Array(repeating: nil, count: targets.count)
        reachedThisWalk = Array(repeating: false, count: targets.count)
        self.reportsGuardOutcomes = reportsGuardOutcomes
        unfiredAllowed = excluded.filter { $0 == nil }.count
    }

    /// Whether every kind the configuration allows has fired.
    var isComplete: Bool { unfiredAllowed == 0 }

    mutating func startWalk() {
        for index in reachedThisWalk.indices { reachedThisWalk[index] = false }
    }

    mutating func recordEnabled(kind: Int) { enabled[kind] += 1 }

    mutating func recordFired(kind: Int, depth: Int) {
        if fired[kind] == 0 && excluded[kind] == nil { unfiredAllowed -= 1 }
        fired[kind] += 1
        maxDepth = max(maxDepth, depth)
    }

    mutating func recordRefusals(_ refusals: [GuardRefusal]) {
        for refusal in refusals { refused[refusal.kind][refusal.reason, default: 0] += 1 }
    }

    /// Records that target `index` holds in a state `depth` steps into the current walk.
    mutating func recordReached(target index: Int, depth: Int) {
        if !reachedThisWalk[index] {
            reachedThisWalk[index] = true
            targetRuns[index] += 1
        }
        if shallowest[index].map({ depth < $0 }) ?? true { shallowest[index] = depth }
    }

    /// Whether target `index` has been reached in the current walk.
    func reachedInThisWalk(target index: Int) -> Bool { reachedThisWalk[index] }

    mutating func recordWalkEndedWithoutActions() { endedWithoutActions += 1 }

    /// The coverage so far.
    var coverage: ScheduleCoverage {
        ScheduleCoverage(
            kinds: kindNames.indices.map { index in
                let reasons = refused[index].map { ScheduleCoverage.Refusal(reason: $0.key, count: $0.value) }.sorted {
                    $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason
                }
                return ScheduleCoverage.Kind(
                    name: kindNames[index], fired: fired[index], enabled: enabled[index], refused: reasons,
                    excludedBecause: excluded[index])
            },
            targets: targetNames.indices.map {
                ScheduleCoverage.Target(name: targetNames[$0], runs: targetRuns[$0], shallowestDepth: shallowest[$0])
            },
            reportsGuardOutcomes: reportsGuardOutcomes, maxDepth: maxDepth, walksEndedWithoutActions: endedWithoutActions)
    }
}
