internal import CZ3

extension Z3Context {
    /// Parses an SMT-LIB2 benchmark and returns its assertions, in order.
    ///
    /// Only declarations and `assert` commands contribute; `(check-sat)` and `set-info` are accepted and
    /// ignored. This is how tests re-read the files `bftcheck lemmas --smtlib` writes.
    ///
    /// - Throws: `Z3Error` (code 4, a parser error) when `text` is not well-formed SMT-LIB2.
    public func parseSMTLIB2(_ text: String) throws(Z3Error) -> [Z3Term<BoolSort>] {
        _ = takeError()
        let vector = Z3_parse_smtlib2_string(raw, text, 0, nil, nil, 0, nil, nil)
        if let error = takeError() { throw error }
        guard let vector else { throw Z3Error(code: -1, message: "the parser returned nothing") }
        Z3_ast_vector_inc_ref(raw, vector)
        defer { Z3_ast_vector_dec_ref(raw, vector) }
        let size = Z3_ast_vector_size(raw, vector)
        return (0..<size).map { adopt(Z3_ast_vector_get(raw, vector, $0), as: BoolSort.self) }
    }

    /// Runs an SMT-LIB2 script (commands such as `(check-sat)` are executed) and returns what Z3 printed.
    ///
    /// - Throws: `Z3Error` when the script is malformed.
    public func evaluateSMTLIB2(_ script: String) throws(Z3Error) -> String {
        _ = takeError()
        let output = Z3_eval_smtlib2_string(raw, script).map { String(cString: $0) } ?? ""
        if let error = takeError() { throw error }
        return output
    }
}
