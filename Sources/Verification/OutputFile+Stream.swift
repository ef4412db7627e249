import Foundation

extension OutputFile {
    /// A file written line by line through a 1 MiB buffer, for output too long to hold in memory
    /// (e.g. `bftcheck simulate --events` runs of millions of events). Errors carry the contract's
    /// one line naming the path and the flag, as `OutputFile.write(_:to:key:what:)`'s do; a failed
    /// write is reported by `close()`.
    public final class Stream {
        /// The file.
        public let path: String
        let key: String?
        let what: String
        var descriptor: Int32
        var buffer: [UInt8] = []
        var problem: Int32? = nil

        /// Creates (or truncates) the file at `path`, creating missing parent directories.
        ///
        /// - Throws: `InputError` when `path` is empty, names a directory, or cannot be written.
        public init(path: String, key: String? = nil, what: String = "the file") throws {
            descriptor = try OutputFile.openForWriting(path, key: key, what: what)
            self.path = path
            self.key = key
            self.what = what
            buffer.reserveCapacity(Self.bufferSize + 4_096)
        }

        /// The buffer's size: it is written out when it holds this much.
        static let bufferSize = 1 << 20

        /// Appends `line` and a newline.
        public func append(line: String) {
            buffer.append(contentsOf: line.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= Self.bufferSize { flush() }
        }

        /// Writes the buffer out (after a failure, drops it: `close()` reports the failure).
        func flush() {
            guard problem == nil else {
                buffer.removeAll(keepingCapacity: true)
                return
            }
            problem = buffer.withUnsafeBytes { OutputFile.writeAll($0, to: descriptor) }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is buffered and closes the file.
        ///
        /// - Throws: `InputError` when a write or the close failed.
        public func close() throws {
            flush()
            if descriptor >= 0 {
                if Foundation.close(descriptor) != 0, problem == nil { problem = errno }
                descriptor = -1
            }
            if let problem { throw OutputFile.failure(path, key, "cannot write \(what): \(OutputFile.reason(problem))") }
        }

        deinit { if descriptor >= 0 { _ = Foundation.close(descriptor) } }
    }
}
