/// An error Z3 reported through its C API, e.g. an SMT-LIB2 parse error.
///
/// Z3's default error handler exits the process; `Z3Context` installs one that returns, and the layer
/// turns the recorded error code into this value.
public struct Z3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Z3's `Z3_error_code` as an integer (`4` is a parser error).
    public var code: Int
    /// Z3's message for the code.
    public var message: String

    /// An error with `code` and `message`.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// `Z3 error <code>: <message>`.
    public var description: String { "Z3 error \(code): \(message)" }
}
