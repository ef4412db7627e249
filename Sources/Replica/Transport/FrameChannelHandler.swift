import NIOCore

/// The thin NIO handler under a node: splits the byte stream into frames (`FrameDecoder`), decodes them
/// (`WireCodec`) and passes each envelope up with the connection's authenticated peer; a frame that does
/// not decode closes the connection and is counted, never a crash. Lives on its channel's event loop.
final class FrameChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var decoder: FrameDecoder
    private let codec: WireCodec
    /// The peer the connection belongs to, once its hello verified (or the replica it was opened to).
    private var peer: PeerIdentity?
    private let deliver: (Envelope, Channel, PeerIdentity?) -> PeerIdentity?
    private let malformed: (CodecError) -> Void

    /// A handler decoding with `codec`; `deliver` gets each envelope and returns the connection's peer
    /// from then on; `malformed` is told of a frame that did not decode.
    init(
        codec: WireCodec, peer: PeerIdentity?, deliver: @escaping (Envelope, Channel, PeerIdentity?) -> PeerIdentity?,
        malformed: @escaping (CodecError) -> Void
    ) {
        self.codec = codec
        self.decoder = FrameDecoder(maximumFrameBytes: codec.limits.maximumFrameBytes)
        self.peer = peer
        self.deliver = deliver
        self.malformed = malformed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        do {
            while let frame = try decoder.nextFrame() {
                peer = deliver(try codec.decode(frame: frame), context.channel, peer)
            }
        } catch {
            malformed(error)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
