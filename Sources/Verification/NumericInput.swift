/// A number a user can give `bftcheck` — a command-line flag, a config key, or both — with the range
/// it must lie in.
///
/// Every numeric input of every command is declared once, in `Inputs` (the checking ones, here) or
/// the CLI's `NumericInput+Catalogue.swift` (the other commands'), and
/// checked through `validate(_:as:)` before anything is computed from it. Arithmetic derived from a
/// validated value stays far from overflow because the ranges are chosen so (e.g. MiB up to 2^24, so
/// `mib << 20` fits in 44 bits). A value outside its range is an `InputError` naming the flag or the
/// config file, line and key, which the CLI turns into one line on stderr and exit status 2.
public struct NumericInput<Value: Comparable & Sendable & CustomStringConvertible>: Sendable {
    /// The command-line spelling, e.g. `--threads` (`nil`: config key only).
    public let flag: String?
    /// The config key, e.g. `threads` (`nil`: flag only).
    public let configKey: String?
    /// The accepted values.
    public let range: ClosedRange<Value>
    /// The unit, for messages (`"seconds"`, `"MiB"`, or empty).
    public let unit: String

    /// An input named `flag` on the command line and `configKey` in a config, valid in `range`.
    public init(flag: String?, configKey: String? = nil, _ range: ClosedRange<Value>, unit: String = "") {
        self.flag = flag
        self.configKey = configKey
        self.range = range
        self.unit = unit
    }

    /// What the range says, e.g. `an integer in 1...1024`.
    public var rangeDescription: String {
        let kind = Value.self == Double.self ? "a number" : "an integer"
        let suffix = unit.isEmpty ? "" : " (\(unit))"
        return "\(kind) in \(range.lowerBound)...\(range.upperBound)\(suffix)"
    }

    /// `value` when it lies in the range (NaN never does).
    ///
    /// - Throws: `InputError` naming the flag (or `key` at `file:line` for a config entry).
    public func validate(_ value: Value, file: String? = nil, line: Int? = nil, key: String? = nil) throws -> Value {
        guard range.contains(value) else {
            throw InputError(
                file, line, key: key ?? flag ?? configKey, "expected \(rangeDescription), got \(value)")
        }
        return value
    }

    /// `value` validated, or `nil` when the flag was not given.
    public func validate(_ value: Value?) throws -> Value? {
        guard let value else { return nil }
        return try validate(value, file: nil, line: nil, key: nil)
    }
}

extension NumericInput where Value == Int {
    /// The config entry's integer (underscores allowed as digit separators), validated.
    ///
    /// - Throws: `InputError` at the entry's file, line and key when the text is not an integer or is
    ///   out of range.
    public func validate(_ entry: ModelConfig.Entry, in config: ModelConfig) throws -> Int {
        guard let value = Int(entry.value.replacingOccurrences(of: "_", with: "")) else {
            throw InputError(config.path, entry.line, key: entry.key, "expected \(rangeDescription), got '\(entry.value)'")
        }
        return try validate(value, file: config.path, line: entry.line, key: entry.key)
    }
}

extension NumericInput where Value == Double {
    /// The config entry's number, validated (finite, in range).
    ///
    /// - Throws: `InputError` at the entry's file, line and key.
    public func validate(_ entry: ModelConfig.Entry, in config: ModelConfig) throws -> Double {
        guard let value = Double(entry.value.replacingOccurrences(of: "_", with: "")) else {
            throw InputError(config.path, entry.line, key: entry.key, "expected \(rangeDescription), got '\(entry.value)'")
        }
        return try validate(value, file: config.path, line: entry.line, key: entry.key)
    }
}
