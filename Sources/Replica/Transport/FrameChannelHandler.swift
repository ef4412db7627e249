import NIOCore

/// The thin NIO handler under a node: splits the byte stream into frames, decodes them (`WireCodec`) and
/// passes each envelope up, with the bytes its authenticator covers as they arrived and the connection's
/// `ConnectionPeers`, which the node updates on a greeting; a frame that does not decode closes the
/// connection and is counted, never a crash. Lives on its channel's event loop.
///
/// Frames are cut straight from the `ByteBuffer`s NIO reads (what `FrameDecoder` does for arrays): each
/// frame's bytes are copied once, into the array its decoding reads, and only a partial frame at the end
/// of a read is kept for the next. A length above the limit is an error as soon as its 4 bytes are in.
final class FrameChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// The bytes of a frame not yet complete, kept from earlier reads.
    private var partial: ByteBuffer?
    /// Set once a frame did not decode: the connection is closing and nothing more is read from it.
    private var failed = false
    private let codec: WireCodec
    /// Who may send on the connection: those who greeted on it (or the replica it was opened to).
    private var peers: ConnectionPeers
    private let deliver: (Envelope, ArraySlice<UInt8>, Channel, inout ConnectionPeers) -> Void
    private let malformed: (CodecError) -> Void

    /// A handler decoding with `codec`; `deliver` gets each envelope, its covered bytes and the
    /// connection's peers, which it may update; `malformed` is told of a frame that did not decode.
    init(
        codec: WireCodec, peers: ConnectionPeers, deliver: @escaping (Envelope, ArraySlice<UInt8>, Channel, inout ConnectionPeers) -> Void,
        malformed: @escaping (CodecError) -> Void
    ) {
        self.codec = codec
        self.peers = peers
        self.deliver = deliver
        self.malformed = malformed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var buffer = unwrapInboundIn(data)
        if var kept = partial {
            partial = nil
            kept.writeBuffer(&buffer)
            buffer = kept
        }
        do {
            while let frame = try Self.nextFrame(from: &buffer, limit: codec.limits.maximumFrameBytes) {
                let (envelope, signed) = try codec.decodeFrame(frame)
                deliver(envelope, signed, context.channel, &peers)
            }
        } catch {
            failed = true
            malformed(error)
            context.close(promise: nil)
            return
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            partial = buffer
        }
    }

    /// The next complete frame's bytes (after its 4-byte length), read from `buffer`, or `nil` until more
    /// bytes arrive.
    ///
    /// - Throws: `CodecError.tooLarge` for a length above `limit` (the stream is then unusable).
    static func nextFrame(from buffer: inout ByteBuffer, limit: Int) throws(CodecError) -> [UInt8]? {
        guard let prefix = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        let length = Int(prefix)
        guard length <= limit else { throw .tooLarge(field: "frame", size: length, limit: limit) }
        guard buffer.readableBytes >= 4 + length else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readBytes(length: length)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
