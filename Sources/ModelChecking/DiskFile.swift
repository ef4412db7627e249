import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a breadth-first run could not write or read its files on disk (checkpoints, spilled levels), or
/// why a checkpoint cannot be resumed: one line, naming the file or the field that differs.
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in one line.
    public var description: String

    /// An error that says `description`.
    public init(_ description: String) { self.description = description }

    /// The failed system call on `path`, with the C library's reason.
    static func system(_ call: String, _ path: String) -> StorageError {
        StorageError("\(call) \(path): \(String(cString: strerror(errno)))")
    }
}

/// Runs `body`, which throws only `StorageError`s through an untyped `rethrows` API (such as
/// `withUnsafeBytes`), and throws them typed again.
func storageErrors<R>(_ body: () throws -> R) throws(StorageError) -> R {
    do {
        return try body()
    } catch let error as StorageError {
        throw error
    } catch {
        throw StorageError("\(error)")
    }
}

/// A file of a run's on-disk state: appended through a buffer, read back at offsets with `pread`
/// (safe from many threads once flushed). A scratch file is unlinked when the last reference goes.
final class DiskFile: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let removesWhenReleased: Bool
    private var pending: [UInt8] = []
    /// Bytes appended so far, flushed or not.
    private(set) var size = 0
    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) `path` for writing; `removesWhenReleased` makes it a scratch file.
    init(creating path: String, removesWhenReleased: Bool) throws(StorageError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw .system("cannot create", path) }
        self.path = path
        self.descriptor = descriptor
        self.removesWhenReleased = removesWhenReleased
        pending.reserveCapacity(Self.flushThreshold)
    }

    /// Opens `path` for reading.
    init(reading path: String) throws(StorageError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .system("cannot open", path) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw .system("cannot stat", path)
        }
        self.path = path
        self.descriptor = descriptor
        self.removesWhenReleased = false
        size = Int(status.st_size)
    }

    deinit {
        close(descriptor)
        if removesWhenReleased { unlink(path) }
    }

    /// Appends raw bytes.
    func append(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        size += bytes.count
        if pending.count + bytes.count <= Self.flushThreshold {
            pending.append(contentsOf: bytes)
            return
        }
        try flush()
        try writeFully(bytes)
    }

    /// Appends the bytes of `writer`.
    func append(_ writer: ByteWriter) throws(StorageError) {
        try append(writer.bytes)
    }

    /// Appends a byte array.
    func append(_ bytes: [UInt8]) throws(StorageError) {
        try storageErrors { try bytes.withUnsafeBytes { raw in try append(raw) } }
    }

    /// Appends `count` values from `base` as raw memory.
    func append<T: BitwiseCopyable>(_ base: UnsafePointer<T>, count: Int) throws(StorageError) {
        try append(UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<T>.stride))
    }

    /// Writes what is buffered.
    func flush() throws(StorageError) {
        guard !pending.isEmpty else { return }
        try storageErrors { try pending.withUnsafeBytes { raw in try writeFully(raw) } }
        pending.removeAll(keepingCapacity: true)
    }

    /// Flushes, then forces the data to the device.
    func synchronize() throws(StorageError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw .system("cannot fsync", path) }
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .system("cannot write", path) }
            done += written
        }
    }

    /// Reads `count` bytes at `offset` into `destination` (flushed data only).
    func read(into destination: UnsafeMutableRawPointer, offset: Int, count: Int) throws(StorageError) {
        var done = 0
        while done < count {
            let got = pread(descriptor, destination + done, count - done, off_t(offset + done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                throw got == 0 ? StorageError("\(path): truncated at byte \(offset + done)") : .system("cannot read", path)
            }
            done += got
        }
    }

    /// `count` bytes at `offset`.
    func bytes(offset: Int, count: Int) throws(StorageError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        try storageErrors {
            try result.withUnsafeMutableBytes { raw in
                if count > 0 { try read(into: raw.baseAddress!, offset: offset, count: count) }
            }
        }
        return result
    }
}

/// Little-endian encoding of integers and raw arrays into bytes.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value))) }
    mutating func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append<T: BitwiseCopyable>(raw values: [T]) {
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Sequential reading of what `ByteWriter` wrote; every read is bounds-checked and throws on
/// truncation, naming `source`.
struct ByteReader {
    let bytes: [UInt8]
    let source: String
    var position = 0

    init(_ bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws(StorageError) -> Range<Int> {
        guard count >= 0, count <= bytes.count - position else { throw StorageError("\(source): truncated at byte \(position)") }
        defer { position += count }
        return position..<position + count
    }

    mutating func uint64() throws(StorageError) -> UInt64 {
        let range = try take(8)
        var value: UInt64 = 0
        for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    mutating func int() throws(StorageError) -> Int { Int(Int64(bitPattern: try uint64())) }

    /// A non-negative count of at most `limit`.
    mutating func count(atMost limit: Int) throws(StorageError) -> Int {
        let value = try int()
        guard value >= 0, value <= limit else { throw StorageError("\(source): bad count \(value) at byte \(position - 8)") }
        return value
    }

    mutating func uint32() throws(StorageError) -> UInt32 {
        let range = try take(4)
        var value: UInt32 = 0
        for index in range.reversed() { value = value << 8 | UInt32(bytes[index]) }
        return value
    }

    mutating func raw<T: BitwiseCopyable>(_ type: T.Type, count: Int) throws(StorageError) -> [T] {
        let range = try take(count * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[range]))
            }
            initialized = count
        }
    }

    mutating func slice(_ count: Int) throws(StorageError) -> ArraySlice<UInt8> { bytes[try take(count)] }
}

/// A directory the run creates and removes, with everything in it, when released (on success, on a
/// limit and on error alike).
final class ScratchDirectory: @unchecked Sendable {
    let path: String
    private var nextFile = 0

    /// A fresh directory inside `parent` (default: the system's temporary directory).
    init(inside parent: String?) throws(StorageError) {
        let base = parent ?? NSTemporaryDirectory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StorageError("scratch directory \(base) does not exist")
        }
        let name = "bftcheck-scratch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        path = (base as NSString).appendingPathComponent(name)
        guard mkdir(path, 0o700) == 0 else { throw .system("cannot create", path) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A new scratch file whose name starts with `prefix`; unlinked when released.
    func makeFile(_ prefix: String) throws(StorageError) -> DiskFile {
        nextFile += 1
        return try DiskFile(
            creating: (path as NSString).appendingPathComponent("\(prefix)-\(nextFile).seg"), removesWhenReleased: true)
    }
}
