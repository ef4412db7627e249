import Foundation

/// Writes the files the commands produce (counterexamples, traces, ITF, SMT-LIB2 queries, plots) with
/// the command-line contract's errors: a path that cannot be written is one `InputError` line naming
/// the path, the flag that gave it and the operating system's reason — never a Foundation error dump,
/// and never a trap on an empty path or a directory.
///
/// It uses POSIX calls rather than `FileManager`/`URL`, whose path handling traps on some inputs
/// (an empty path) and whose errors print as multi-line `NSError` descriptions.
public enum OutputFile {
    /// Writes `data` to the file at `path`, creating missing parent directories; replaces an existing
    /// file.
    ///
    /// - Parameters:
    ///   - data: the bytes.
    ///   - path: the file to write.
    ///   - key: the flag or option that named `path` (e.g. `--itf-out`), for the error line.
    ///   - what: what the file is, for the error line (e.g. `the ITF file`).
    /// - Throws: `InputError` when `path` is empty, names a directory, or cannot be written.
    public static func write(_ data: Data, to path: String, key: String? = nil, what: String = "the file") throws {
        let descriptor = try openForWriting(path, key: key, what: what)
        var problem = data.withUnsafeBytes { writeAll($0, to: descriptor) }
        if close(descriptor) != 0, problem == nil { problem = errno }
        if let problem { throw failure(path, key, "cannot write \(what): \(reason(problem))") }
    }

    /// Creates (or truncates) the file at `path` for writing, creating missing parent directories;
    /// its descriptor.
    ///
    /// - Throws: `InputError` when `path` is empty, names a directory, or cannot be opened.
    static func openForWriting(_ path: String, key: String?, what: String) throws -> Int32 {
        try requireFilePath(path, key: key, what: what)
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try createDirectory(parent, key: key) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, key, "cannot write \(what): \(reason(errno))") }
        return descriptor
    }

    /// Writes all of `bytes` to `descriptor`, again after an interruption; the `errno` of a failed
    /// write, or `nil`.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Writes `text` as UTF-8; see `write(_:to:key:what:)`.
    public static func write(_ text: String, to path: String, key: String? = nil, what: String = "the file") throws {
        try write(Data(text.utf8), to: path, key: key, what: what)
    }

    /// Creates the directory `path` and its missing parents; an existing directory is fine.
    ///
    /// - Throws: `InputError` when `path` is empty, a component is a file, or a directory cannot be
    ///   created.
    public static func createDirectory(_ path: String, key: String? = nil) throws {
        guard !path.isEmpty else { throw failure(nil, key, "the directory path is empty") }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") where !component.isEmpty {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if isDirectory(prefix) { continue }
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            if code == EEXIST {
                if isDirectory(prefix) { continue }
                throw failure(prefix, key, prefix == path ? "is a file, not a directory" : "is a file, so \(path) cannot be created")
            }
            throw failure(prefix, key, "cannot create the directory: \(reason(code))")
        }
    }

    /// Checks that `path` can name a file to write: not empty, not an existing directory, not ending
    /// in `/`.
    ///
    /// - Throws: `InputError` otherwise.
    public static func requireFilePath(_ path: String, key: String?, what: String = "the file") throws {
        guard !path.isEmpty else { throw failure(nil, key, "the path of \(what) is empty") }
        guard !path.hasSuffix("/"), !isDirectory(path) else {
            throw failure(path, key, "is a directory; give the path of \(what) to write")
        }
    }

    /// Whether `path` names an existing directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The operating system's one-line reason for `code`, e.g. `Permission denied`.
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func failure(_ path: String?, _ key: String?, _ problem: String) -> InputError {
        InputError(path, nil, key: key, problem)
    }
}
