import Conformance
import Foundation

/// Says precisely why a JSON input file (a counterexample) failed to decode: the line and the field.
///
/// Foundation's `JSONDecoder` reports some problems without a field — a number with a fraction where
/// an integer belongs, or an integer beyond 64 bits, comes back as "The given data was not valid
/// JSON." — and never with a line. So after a failure the text is read again with the strict
/// `JSONParser` (syntax errors, with their line) and scanned for the first number that is not a
/// 64-bit integer (every number in a counterexample file is one); a field the decoder did name is
/// given its line.
public enum JSONInputProblem {
    /// The one-line error for `error`, raised while decoding `data` read from `file`.
    ///
    /// - Parameters:
    ///   - error: what the decoder threw.
    ///   - data: the file's bytes.
    ///   - file: the file's path, for the message.
    ///   - what: what the file should have been, e.g. `a counterexample of model 'pbft'`.
    public static func inputError(_ error: Error, decoding data: Data, file: String, expected what: String) -> InputError {
        let bytes = [UInt8](data)
        let parsed: Result<JSONValue, JSONParser.SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParser.SyntaxError) { return .success(try JSONParser.parse(buffer)) } catch { return .failure(error) }
        }
        if case .failure(let syntax) = parsed {
            return InputError(file, line(of: syntax.offset, in: bytes), "not valid JSON: \(syntax.problem)")
        }
        if let field = decoderField(error) {
            let at = JSONScanner(bytes).firstValue { $0.path == field.path }
            return InputError(
                file, at.map { line(of: $0.offset, in: bytes) }, key: field.path.isEmpty ? nil : field.path, field.problem)
        }
        if let problem = firstNonInteger(in: bytes, file: file) { return problem }
        return InputError(file, nil, "not \(what): \(DecodingProblem.describe(error))")
    }

    /// The error for the first number in `bytes` (valid JSON) that is not a 64-bit integer, if any.
    public static func firstNonInteger(in bytes: [UInt8], file: String) -> InputError? {
        guard let number = JSONScanner(bytes).firstValue(where: { $0.isNumber && !$0.isInteger64 }) else { return nil }
        let problem =
            number.isInteger
            ? "out of range: \(number.text) does not fit in a 64-bit integer"
            : "expected an integer, got \(number.text)"
        return InputError(file, line(of: number.offset, in: bytes), key: number.path.isEmpty ? nil : number.path, problem)
    }

    /// The field a decoding error names and what is wrong with it, when it names one.
    static func decoderField(_ error: Error) -> (path: String, problem: String)? {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return (path(context.codingPath), "missing field '\(key.stringValue)'")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return nil }
            return (path(context.codingPath), context.debugDescription)
        default: return nil
        }
    }

    /// The 1-based line of byte `offset`.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
