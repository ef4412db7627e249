import Foundation

extension JSONEncoder {
    /// An encoder with sorted keys, for deterministic JSON.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
