import Foundation
import ModelChecking

/// A `CheckableModel` made of closures that were created where the model's type was concrete.
struct SpecializedModel: CheckableModel {
    let base: any CheckableModel
    let modelName: String
    let propertyList: [(name: String, kind: String, summary: String)]
    let checkBody: @Sendable (CheckRequest) throws -> CheckReport
    let replayBody: @Sendable (Data, String) throws -> ReplayReport

    func selectedProperties(_ config: ModelConfig) throws -> Set<String> { try base.selectedProperties(config) }
    func check(_ request: CheckRequest) throws -> CheckReport { try checkBody(request) }
    func replay(_ data: Data, file: String) throws -> ReplayReport { try replayBody(data, file) }
    var unwrapped: any CheckableModel { base }
}
