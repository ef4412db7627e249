import Foundation
import ModelChecking

/// The replayable JSON form of a counterexample: the model and its parameters, the property, and every
/// state with the action (as a value, not an index) that led to it.
struct CounterexampleDocument<System: TransitionSystem>: Codable {
    /// One step of the trace.
    struct Step: Codable {
        var action: System.Action
        var actionText: String
        var state: System.State
    }

    static var formatName: String { "bftcheck-counterexample/1" }

    var format: String
    var model: String
    var config: String
    var parameters: [String: String]
    var property: String
    var propertySummary: String
    var symmetry: Bool
    var initialState: System.State
    var steps: [Step]

    init(
        trace: Trace<System>, model: String, config: String, parameters: [String: String], property: Property<System.State>, symmetry: Bool
    ) {
        format = Self.formatName
        self.model = model
        self.config = config
        self.parameters = parameters
        self.property = property.name
        propertySummary = property.summary
        self.symmetry = symmetry
        initialState = trace.initialState
        steps = trace.steps.map { Step(action: $0.action, actionText: $0.action.description, state: $0.state) }
    }

    var trace: Trace<System> {
        Trace(initialState: initialState, steps: steps.map { .init(action: $0.action, state: $0.state) })
    }
}

/// The fields every counterexample file has, read before the model is known.
struct CounterexampleHeader: Decodable {
    var format: String
    var model: String
    var parameters: [String: String]
    var property: String
}

/// Deterministic JSON: sorted keys, pretty printed, no escaped slashes.
enum CanonicalJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// A value's JSON flattened to `path = value` lines in key order, for readable diffs.
    static func flattened<T: Encodable>(_ value: T) -> [(path: String, value: String)] {
        guard let data = try? JSONEncoder().encode(value),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        var result: [(String, String)] = []
        flatten(object, path: "", into: &result)
        return result
    }

    private static func flatten(_ object: Any, path: String, into result: inout [(String, String)]) {
        switch object {
        case let dictionary as [String: Any]:
            if dictionary.isEmpty { result.append((path, "{}")) }
            for key in dictionary.keys.sorted() {
                flatten(dictionary[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &result)
            }
        case let array as [Any]:
            if array.isEmpty { result.append((path, "[]")) }
            for (index, element) in array.enumerated() { flatten(element, path: "\(path)[\(index)]", into: &result) }
        case let string as String: result.append((path, string))
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {  // JSON Booleans; JSON has no 8-bit integers
                result.append((path, number.boolValue ? "true" : "false"))
            } else {
                result.append((path, number.stringValue))
            }
        case is NSNull: result.append((path, "null"))
        default: result.append((path, "\(object)"))
        }
    }
}
