import Conformance

/// The JSON of several runs.
struct ConformSummary: Codable {
    var format = "bftcheck-conformance-runs/1"
    var runs: [ConformanceReport]
    var conformant: Int
    var divergent: Int
    var events: Int
}
