import Foundation
import ModelChecking

/// A registered model built from a config's parameters (`ModelEntry.instantiate(_:)`), ready to be
/// checked, schedule-tested, and to replay its counterexample files.
///
/// The model's type is erased, so any Swift caller can drive every registered system the same way;
/// `system(as:)` gives the concrete system back.
public struct ConfiguredModel: Sendable {
    let base: any CheckableModel
    let arguments: ModelArguments

    /// The model's name, as configs write it (`model = …`).
    public var name: String { base.modelName }

    /// The validated parameter values the model was built with, defaults filled in.
    public var parameters: [String: String] { arguments.values }

    /// The model's properties in its declared order: name, `always` or `sometimes`, and summary.
    public var properties: [(name: String, kind: String, summary: String)] { base.propertyList }

    /// The properties `config` selects: those its `[invariants]` and `[sometimes]` sections list, or
    /// every property of a kind whose section is absent.
    ///
    /// - Throws: `InputError` at the entry that names no property of that kind.
    public func selectedProperties(_ config: ModelConfig) throws -> Set<String> {
        try base.selectedProperties(config)
    }

    /// Checks the properties `request.config` selects, writes a counterexample's files for each
    /// violated invariant, and compares the outcome with the config's `[expect]`.
    ///
    /// When the settings checkpoint, resume or spill (`options.storage`), the run is identified by
    /// `ModelConfig.checkpointIdentity`, and a checkpoint to resume from must belong to the same model,
    /// config and engine options.
    ///
    /// - Returns: the report; its `exitCode` is the checker's (0 holds, 1 violated, 3 incomplete) and
    ///   its `expectation` says whether `[expect]` was met.
    /// - Throws: `InputError` for a property the config names that the model lacks, a checkpoint that
    ///   cannot be resumed (key `--resume`), or a counterexample file that cannot be written.
    public func check(_ request: CheckRequest) throws -> CheckReport {
        var request = request
        if request.settings.options.storage.isActive {
            request.settings.options.storage.identity = request.config.checkpointIdentity
            if let directory = request.settings.options.storage.resumeDirectory {
                do {
                    try Checkpoint.checkResumable(
                        at: directory, identity: request.settings.options.storage.identity, options: request.settings.options)
                } catch { throw InputError(nil, nil, key: "--resume", error.description) }
            }
        }
        return try base.check(request)
    }

    /// Re-executes a counterexample file of this model: every step must be enabled and lead to exactly
    /// the recorded state.
    ///
    /// - Parameters:
    ///   - data: the file's bytes (a `CounterexampleDocument` as JSON).
    ///   - file: its path, for messages.
    /// - Returns: whether the last state violates the file's property.
    /// - Throws: `InputError` naming the file and the first field or step that does not fit.
    public func replay(_ data: Data, file: String) throws -> ReplayReport {
        try base.replay(data, file: file)
    }

    /// Runs seeded random walks that check the config's invariants at every step, shrinks the first
    /// failing walk, and writes it as `<config>.<Property>.test.json` and `.txt`.
    ///
    /// - Parameters:
    ///   - request: the config, options and output directory.
    ///   - progress: called after every walk with the walks and steps so far.
    /// - Throws: `InputError` for an `[invariants]` entry that is not an invariant, a `--target`
    ///   pattern that names no action kind, or a file that cannot be written.
    public func scheduleTest(
        _ request: ScheduleTestRequest, progress: (_ runs: Int, _ steps: Int) -> Void = { _, _ in }
    ) throws
        -> TestReport
    {
        guard let testable = base.unwrapped as? any ScheduleTestable else {
            throw InputError(request.config.path, nil, key: "model", "model '\(name)' cannot be schedule-tested")
        }
        return try testable.scheduleTest(request, progress: progress)
    }

    /// The concrete transition system, when it is of type `System`.
    public func system<System: TransitionSystem>(as type: System.Type) -> System? {
        (base.unwrapped as? ErasedModel<System>)?.system
    }
}
