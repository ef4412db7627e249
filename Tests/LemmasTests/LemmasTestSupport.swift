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
enum LemmasTestPaths {
    /// The package root (three levels above this file).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A fresh, empty scratch directory.
    static func scratch(_ name: String) -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("bftcheck-lemmas-\(name)-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The built `bftcheck` executable beside the test bundle, if `swift build` made one.
    static var executable: String? {
        var url = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = url.appendingPathComponent("bftcheck").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// Runs the real executable; returns status, stdout and stderr.
    static func run(_ arguments: [String], in directory: String) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

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
