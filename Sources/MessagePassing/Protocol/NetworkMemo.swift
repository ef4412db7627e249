/// Values a protocol derives from the network of one state, computed once while that state's steps
/// are listed rather than once per receiver and stimulus (`Inbox.memoized(_:_:)`): e.g. the NEWVIEWs
/// PBFT's VIEWCHANGEs on the network allow, which every Byzantine NEWVIEW in the vocabulary and every
/// receiver's acceptance ask about.
///
/// A reference shared by the inboxes of one state's step listing and dropped with it; never shared
/// between threads.
@usableFromInline
final class NetworkMemo {
    @usableFromInline var values: [Int: Any] = [:]

    @usableFromInline
    init() {}
}
