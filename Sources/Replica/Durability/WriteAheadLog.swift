import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of checksummed `ReplicaInput` records (`LogRecordCodec`): the host appends each input and
/// calls `sync()` (fsync) before it performs the input's actions, so nothing the replica sent can be
/// forgotten by a crash; on restart, `open` returns the inputs to replay and cuts a torn tail off
/// (Castro & Liskov, TOCS 2002 §4.6). At each stable checkpoint the host compacts it (`compact(_:)`,
/// OSDI '99 §4.3), so it holds what lies above the checkpoint, not the whole run.
public final class WriteAheadLog {
    /// The file's path.
    public let path: String
    var handle: FileHandle
    var unsynced = false
    /// The records the file holds.
    public internal(set) var recordCount: Int
    /// The file's size in bytes.
    public internal(set) var byteCount: Int

    /// The compacted log being written, renamed over `path` once it is durable.
    static func compactingPath(of path: String) -> String { path + ".compacting" }

    /// Opens (or creates) the log at `path`. A compacted log a crash left unrenamed is removed: the log
    /// at `path` is still whole.
    ///
    /// - Returns: the log, and the inputs it holds, to be replayed in order.
    /// - Throws: the file system's error, or `CodecError` when a checksummed record does not decode.
    public static func open(path: String) throws -> (log: WriteAheadLog, inputs: [ReplicaInput]) {
        let leftover = compactingPath(of: path)
        if FileManager.default.fileExists(atPath: leftover) { try FileManager.default.removeItem(atPath: leftover) }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let (inputs, valid) = try LogRecordCodec.decode(bytes)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        if valid < bytes.count {
            // The torn tail of a crash: cut it off so that new records follow the last good one.
            try handle.truncate(atOffset: UInt64(valid))
            try handle.synchronize()
        }
        try handle.seekToEnd()
        return (WriteAheadLog(path: path, handle: handle, records: inputs.count, bytes: valid), inputs)
    }

    private init(path: String, handle: FileHandle, records: Int, bytes: Int) {
        self.path = path
        self.handle = handle
        recordCount = records
        byteCount = bytes
    }

    deinit { try? handle.close() }

    /// Appends `input`'s record (not yet durable: see `sync()`).
    ///
    /// - Throws: the file system's error.
    public func append(_ input: ReplicaInput) throws {
        let record = LogRecordCodec.encode(input)
        try handle.write(contentsOf: record)
        unsynced = true
        recordCount += 1
        byteCount += record.count
    }

    /// Makes every appended record durable (fsync), if any is not yet.
    ///
    /// - Throws: the file system's error.
    public func sync() throws {
        guard unsynced else { return }
        try handle.synchronize()
        unsynced = false
    }

    /// Replaces the log with `plan`'s compaction of its inputs, crash-safely (OSDI '99 §4.3): the
    /// compacted records go to a new file, which is synced, renamed over the log and its directory
    /// synced; a crash at any point leaves the old log or the new one, each whole.
    ///
    /// - Parameter plan: given the log's inputs in order, the inputs to keep (typically
    ///   `PBFTStateMachine.compactedLog(_:)`), or `nil` to keep the log as it is.
    /// - Returns: whether the log was replaced.
    /// - Throws: the file system's error (the log is then the old one, or the new one once renamed).
    @discardableResult
    public func compact(_ plan: ([ReplicaInput]) -> [ReplicaInput]?) throws -> Bool {
        try compact(plan, stoppingAfter: nil)
    }

    /// The steps of a compaction, after which a test stops it as a crash would.
    enum CompactionStep {
        /// The compacted file is written and synced, not renamed.
        case written
        /// It is renamed over the log; the directory is not synced.
        case renamed
    }

    /// `compact(_:)`, abandoned after `step` when one is given (the log object is then unusable, as after a
    /// crash: reopen the file).
    func compact(_ plan: ([ReplicaInput]) -> [ReplicaInput]?, stoppingAfter step: CompactionStep?) throws -> Bool {
        try sync()
        let (inputs, _) = try LogRecordCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        guard let kept = plan(inputs) else { return false }
        var bytes: [UInt8] = []
        for input in kept { bytes += LogRecordCodec.encode(input) }
        let temporary = Self.compactingPath(of: path)
        // Written in place (not Foundation's atomic write, whose own temporary file a crash would leave behind).
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        let written = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
        do {
            try written.write(contentsOf: bytes)
            try written.synchronize()
        } catch {
            try? written.close()
            throw error
        }
        if step == .written {
            try written.close()
            return false
        }
        guard rename(temporary, path) == 0 else {
            try? written.close()
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        try written.seekToEnd()
        try? handle.close()
        handle = written
        recordCount = kept.count
        byteCount = bytes.count
        if step == .renamed { return true }
        try Self.syncDirectory(of: path)
        return true
    }

    /// Makes a rename in `path`'s directory durable (fsync of the directory).
    static func syncDirectory(of path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = openForReading(directory)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}

/// `open(2)` read-only (the class's static `open(path:)` hides the C function inside it).
private func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY) }
