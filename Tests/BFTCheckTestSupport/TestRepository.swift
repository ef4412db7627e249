import Foundation

/// The repository, scratch directories and the real `bftcheck` binary, for every test target.
public enum TestRepository {
    /// The package root (three levels above this file).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A path under the package root.
    public static func repo(_ relative: String) -> String {
        (packageRoot as NSString).appendingPathComponent(relative)
    }

    /// A fresh, empty scratch directory named after the calling test module, `name` and the process.
    public static func scratch(_ name: String, fileID: String = #fileID) -> String {
        let module = fileID.split(separator: "/").first.map(String.init) ?? "tests"
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("bftcheck-\(module)-\(name)-\(getpid())")
        try? FileManager.default.removeItem(atPath: path)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to a file in `directory` and returns its path.
    public static func write(_ text: String, named name: String, in directory: String) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The built `bftcheck` executable beside the test bundle, if `swift build` made one.
    public static var executable: String? {
        var url = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = url.appendingPathComponent("bftcheck").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// Runs the real executable in `directory`; returns its status, stdout and stderr.
    public static func run(
        _ arguments: [String], in directory: String
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        return try run(executable, arguments, in: directory)
    }

    /// Runs `executable` with `arguments` in `directory`, with these variables added to the
    /// environment; returns its status, stdout and stderr.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment extra: [String: String] = [:]
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 } }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
