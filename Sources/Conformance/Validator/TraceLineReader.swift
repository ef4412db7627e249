import Foundation

/// Reads an NDJSON file one line at a time through a fixed buffer, so that memory stays constant
/// in the length of the trace (lines longer than the buffer grow it to the longest line).
///
/// Not thread-safe: one reader per source, used by one validator.
final class TraceLineReader {
    /// The path, as errors name it.
    let path: String
    private let file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The 1-based number of the last line returned.
    private(set) var lineNumber = 0

    /// A reader of the file at `path`.
    ///
    /// - Throws: `MalformedTrace` when the file cannot be opened.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw MalformedTrace(path, 0, "no such file") }
        guard !isDirectory.boolValue else { throw MalformedTrace(path, 0, "is a directory") }
        guard let file = fopen(path, "rb") else { throw MalformedTrace(path, 0, "cannot read the file") }
        self.path = path
        self.file = file
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    /// A reader of in-memory text (tests, and traces built by a synthesizer).
    init(name: String, text: String) {
        path = name
        file = nil
        buffer = Array(text.utf8)
        end = buffer.count
        atEnd = true
    }

    deinit { if let file { fclose(file) } }

    /// Calls `body` with the next non-blank line (without its `\n`, `\r` or leading blanks) and its
    /// number; returns `false` at the end of the file.
    func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> R) throws -> R? {
        while true {
            guard let (first, last) = try nextRange() else { return nil }
            var from = first
            var to = last
            if to > from && buffer[to - 1] == 0x0D { to -= 1 }
            while from < to && (buffer[from] == 0x20 || buffer[from] == 0x09) { from += 1 }
            if from == to { continue }
            return try buffer.withUnsafeBufferPointer { all in try body(UnsafeBufferPointer(rebasing: all[from..<to]), lineNumber) }
        }
    }

    /// The next line's byte range in `buffer`, reading more as needed.
    private func nextRange() throws -> (Int, Int)? {
        var scan = start
        while true {
            let found = buffer.withUnsafeBufferPointer { bytes in
                scan < end
                    ? memchr(bytes.baseAddress! + scan, 0x0A, end - scan).map {
                        UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress!
                    } : nil
            }
            if let newline = found {
                let range = (start, newline)
                start = newline + 1
                lineNumber += 1
                return range
            }
            if atEnd {
                guard start < end else { return nil }
                let range = (start, end)
                start = end
                lineNumber += 1
                return range
            }
            // Move the partial line to the front, grow if it fills the buffer, and read more.
            let partial = end - start
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, partial)
                }
                start = 0
                end = partial
            }
            if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            scan = end
            let count = buffer.withUnsafeMutableBufferPointer { bytes in fread(bytes.baseAddress! + end, 1, bytes.count - end, file) }
            if count == 0 {
                if let file, ferror(file) != 0 { throw MalformedTrace(path, lineNumber + 1, "cannot read the file") }
                atEnd = true
            }
            end += count
        }
    }
}
