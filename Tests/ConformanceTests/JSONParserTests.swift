import Testing

@testable import Conformance

/// The reader's JSON parser: strict RFC 8259, positions for errors, integers kept exact.
@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2, 3.5, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}} "#)
        #expect(value["a"] == .array([.integer(1), .integer(-2), .number(3.5), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("x\"é😀\n"))
        #expect(value["c"] == .object([]))
        #expect(value.members?.map(\.key) == ["a", "b", "c"])
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(Int.min))
        #expect(try JSONParser.parse("9223372036854775808") == .largeInteger("9223372036854775808"))
        #expect(try JSONParser.parse("-9223372036854775809") == .largeInteger("-9223372036854775809"))
        #expect(try JSONParser.parse("9223372036854775808.0") == .number(9223372036854775808))
    }

    @Test func rejectsWhatJSONRejects() {
        let cases: [(String, Int, String)] = [
            ("{\"a\":1,}", 7, "expected a member name in double quotes"),
            ("[1 2]", 3, "expected ',' or ']' after an array element"),
            ("01", 0, "a number must not have a leading zero"),
            ("\"a\tb\"", 2, "control character in a string; escape it"),
            ("{\"a\" 1}", 5, "expected ':' after the member name \"a\""),
            ("tru", 0, "expected true"),
            ("{} x", 3, "unexpected text after the JSON value"),
            ("\"\\q\"", 2, "unknown escape '\\q'"),
        ]
        for (text, offset, problem) in cases {
            #expect(throws: JSONParser.SyntaxError(offset: offset, problem: problem)) { try JSONParser.parse(text) }
        }
    }

    @Test func writesWhatItReads() throws {
        let text = #"{"k":"a\"b\\c\nd","n":[1,-2,{"x":true}],"z":null}"#
        #expect(JSONWriter.compact(try JSONParser.parse(text)) == text)
    }
}
