import MessagePassing
import ModelChecking
import ProtocolSpecs
import Verification

/// Random walks of the model-checked PBFT spec (`pbft-layer`) within a config's bounds, as schedules
/// that drive the replica: the walks `bftcheck test CONFIG` takes with the same seed and depth
/// (`ScheduleTester.walk(_:)`, uniform scheduler), each made into stimuli by
/// `SpecSchedule(path:system:source:)`. Where the judging walk (`PBFTSpecWalk`) runs long and
/// unbounded, these are short and bounded, and meet what the bounded spec's adversary does within a
/// few views: a Byzantine primary's equivocation, Byzantine votes in every quorum, a view change
/// whose V holds a Byzantine VIEW-CHANGE.
public struct SpecPathWalks: Sendable {
    /// The spec walked.
    public let system: MessagePassingSystem<PBFTLayer>
    /// The config it was built from.
    public let config: String
    /// Steps of each walk.
    public var depth: Int { tester.options.depth }
    /// The seed of walk 1 (walk i: `seed &+ (i − 1)`).
    public var seed: UInt64 { tester.options.seed }
    let tester: ScheduleTester<MessagePassingSystem<PBFTLayer>>

    /// The walks of `config` (a `pbft` or `pbft-layer` config) up to `depth` steps, walk i seeded
    /// `seed &+ (i − 1)`.
    ///
    /// - Throws: `InputError` naming the config and key: unreadable, another model, a bad parameter.
    public init(config path: String, depth: Int, seed: UInt64) throws {
        var config = try ModelConfig.load(path)
        system = try SpecSchedule.layerSystem(for: &config, file: path)
        self.config = path
        var options = ScheduleTestOptions()
        options.depth = depth
        options.seed = seed
        tester = ScheduleTester(system, options: options)
    }

    /// The schedule of walk `run` (1-based).
    ///
    /// - Throws: `InputError` when the config has no initial state within its bounds.
    public func schedule(_ run: Int) throws -> SpecSchedule {
        guard let trace = tester.walk(run) else { throw InputError(config, nil, "no initial state within the bounds") }
        return try SpecSchedule(
            path: trace, system: system,
            source: "\(config) walk \(run) of \(tester.options.depth) steps (seed \(tester.options.seed &+ UInt64(run - 1)))")
    }
}
