import Foundation

/// A file of checksummed `ReplicaInput` records (`LogRecordCodec`): the host appends each input and
/// calls `sync()` (fsync) before it performs the input's actions, so nothing the replica sent can be
/// forgotten by a crash; on restart, `open` returns the inputs to replay and cuts a torn tail off
/// (Castro & Liskov, TOCS 2002 §4.6).
public final class WriteAheadLog {
    /// The file's path.
    public let path: String
    private let handle: FileHandle
    private var unsynced = false

    /// Opens (or creates) the log at `path`.
    ///
    /// - Returns: the log, and the inputs it holds, to be replayed in order.
    /// - Throws: the file system's error, or `CodecError` when a checksummed record does not decode.
    public static func open(path: String) throws -> (log: WriteAheadLog, inputs: [ReplicaInput]) {
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
        return (WriteAheadLog(path: path, handle: handle), inputs)
    }

    private init(path: String, handle: FileHandle) {
        self.path = path
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Appends `input`'s record (not yet durable: see `sync()`).
    ///
    /// - Throws: the file system's error.
    public func append(_ input: ReplicaInput) throws {
        try handle.write(contentsOf: LogRecordCodec.encode(input))
        unsynced = true
    }

    /// Makes every appended record durable (fsync), if any is not yet.
    ///
    /// - Throws: the file system's error.
    public func sync() throws {
        guard unsynced else { return }
        try handle.synchronize()
        unsynced = false
    }
}
