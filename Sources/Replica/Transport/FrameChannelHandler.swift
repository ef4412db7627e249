import NIOCore

/// The thin NIO handler under a node: splits the byte stream into frames (`FrameDecoder`), decodes them
/// (`WireCodec`) and passes each envelope up, with the bytes its authenticator covers as they arrived and
/// the connection's `ConnectionPeers`, which the node
/// updates on a greeting; a frame that does not decode closes the connection and is counted, never a
/// crash. Lives on its channel's event loop.
final class FrameChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var decoder: FrameDecoder
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
        self.decoder = FrameDecoder(maximumFrameBytes: codec.limits.maximumFrameBytes)
        self.peers = peers
        self.deliver = deliver
        self.malformed = malformed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        decoder.append(buffer.readableBytesView)
        do {
            while let frame = try decoder.nextFrame() {
                let (envelope, signed) = try codec.decodeFrame(frame)
                deliver(envelope, signed, context.channel, &peers)
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
