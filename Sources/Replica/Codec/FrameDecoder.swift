/// Splits a byte stream into frames: it buffers what arrives, and yields each complete frame (after its
/// 4-byte length). A length above the limit is an error as soon as the 4 bytes are in, before the body
/// is awaited or buffered.
public struct FrameDecoder: Sendable {
    /// The largest frame accepted.
    public let maximumFrameBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0

    /// A decoder accepting frames of up to `maximumFrameBytes`.
    public init(maximumFrameBytes: Int) { self.maximumFrameBytes = maximumFrameBytes }

    /// Bytes received and not yet returned as frames.
    public var bufferedBytes: Int { buffer.count - start }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next complete frame, or `nil` until more bytes arrive.
    ///
    /// - Throws: `CodecError.tooLarge` for a length above the limit (the stream is then unusable).
    public mutating func nextFrame() throws(CodecError) -> [UInt8]? {
        guard bufferedBytes >= 4 else { return nil }
        let length = buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumFrameBytes else { throw .tooLarge(field: "frame", size: length, limit: maximumFrameBytes) }
        guard bufferedBytes >= 4 + length else { return nil }
        let frame = Array(buffer[start + 4..<start + 4 + length])
        start += 4 + length
        if start > 65_536 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return frame
    }
}
