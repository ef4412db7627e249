import BFTCheckTestSupport
import Foundation

@testable import Lemmas

/// The standard suite, run once and shared by the tests that read its reports.
let standardSuiteRun: SuiteRun = LemmaSuite.standard().run()

/// The report of `name` in the shared standard run.
func standardReport(_ name: String) -> LemmaReport {
    guard let report = standardSuiteRun.reports.first(where: { $0.name == name }) else {
        preconditionFailure("no lemma named \(name)")
    }
    return report
}

/// Paths, scratch directories and the real binary.
typealias LemmasTestPaths = TestRepository

/// Concrete sets parsed back from the text of a report or counterexample file, e.g.
/// `n = 3, f = 1: Q1 = {r0, r2}  Q2 = {r1, r2}  F = {r2}`, so tests check them without Z3.
struct ParsedSets {
    var n: Int
    var f: Int
    var sets: [String: Set<Int>]

    init?(_ text: String) {
        guard let nRange = text.range(of: "n = "), let fRange = text.range(of: ", f = ") else { return nil }
        n = Int(text[nRange.upperBound...].prefix { $0.isNumber })!
        f = Int(text[fRange.upperBound...].prefix { $0.isNumber })!
        sets = [:]
        var rest = text[fRange.upperBound...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[..<open].split(separator: " ").dropLast().last.map(String.init) ?? ""
            let members = rest[rest.index(after: open)..<close].split(separator: ",").map {
                Int($0.trimmingCharacters(in: .whitespaces).dropFirst())!
            }
            sets[name] = Set(members)
            rest = rest[rest.index(after: close)...]
        }
    }
}

/// All k-element subsets of 0 ..< n, as sets.
func subsets(of n: Int, size k: Int) -> [Set<Int>] {
    guard k > 0 else { return [[]] }
    guard k <= n else { return [] }
    return subsets(of: n - 1, size: k) + subsets(of: n - 1, size: k - 1).map { $0.union([n - 1]) }
}
