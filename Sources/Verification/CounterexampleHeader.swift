import Foundation

/// The fields every counterexample file has, read before the model is known.
public struct CounterexampleHeader: Decodable, Sendable {
    /// The format every counterexample file names: `bftcheck-counterexample/1`.
    public static let formatName = "bftcheck-counterexample/1"
    /// The format name and version, `bftcheck-counterexample/1`.
    public var format: String
    /// The model's name in the catalogue.
    public var model: String
    /// The model's parameters, as a config writes them.
    public var parameters: [String: String]
    /// The property the file claims is violated.
    public var property: String
}

extension CounterexampleHeader {
    /// Reads the counterexample file at `path`: its bytes and its header, in the supported format.
    ///
    /// - Throws: `InputError` naming the file (and field): unreadable, not JSON, not a counterexample,
    ///   or another format.
    public static func read(at path: String) throws -> (header: CounterexampleHeader, data: Data) {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(path, nil, "cannot read the file") }
        let header: CounterexampleHeader
        do {
            header = try JSONDecoder().decode(CounterexampleHeader.self, from: data)
        } catch {
            throw JSONInputProblem.inputError(error, decoding: data, file: path, expected: "a bftcheck counterexample")
        }
        guard header.format == formatName else {
            throw InputError(path, nil, key: "format", "unsupported format '\(header.format)'; expected \(formatName)")
        }
        return (header, data)
    }
}
