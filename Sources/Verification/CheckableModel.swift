import Foundation
import ModelChecking

/// A model with its type erased, so the services can check and replay any registered system.
protocol CheckableModel: Sendable {
    /// The model's name.
    var modelName: String { get }
    /// The model's properties: name, kind, summary.
    var propertyList: [(name: String, kind: String, summary: String)] { get }
    /// The properties a config's `[invariants]` and `[sometimes]` sections select.
    func selectedProperties(_ config: ModelConfig) throws -> Set<String>
    /// Runs a check, writes counterexample files, and reports.
    func check(_ request: CheckRequest) throws -> CheckReport
    /// Replays a counterexample file.
    func replay(_ data: Data, file: String) throws -> ReplayReport
    /// The `ErasedModel` underneath, for callers that need the concrete system back.
    var unwrapped: any CheckableModel { get }
}

extension CheckableModel {
    /// Itself.
    var unwrapped: any CheckableModel { self }
}
