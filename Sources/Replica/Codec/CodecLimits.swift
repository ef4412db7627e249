/// The largest sizes the codec accepts, checked before anything is allocated: a frame over the limit, or
/// a count or length inside it over its limit, is a `CodecError`, and the transport closes the
/// connection.
public struct CodecLimits: Hashable, Sendable {
    /// The largest frame, length prefix excluded.
    public var maximumFrameBytes: Int
    /// The most requests in one batch.
    public var maximumBatchRequests: Int
    /// The longest operation or result.
    public var maximumOperationBytes: Int
    /// The most prepared certificates in one VIEW-CHANGE, or O entries in one NEW-VIEW.
    public var maximumCertificates: Int
    /// The most VIEW-CHANGEs in one NEW-VIEW, and clients in one snapshot's reply table.
    public var maximumMembers: Int
    /// The longest service snapshot.
    public var maximumSnapshotBytes: Int

    /// Limits; the defaults suit a cluster of up to 1,024 replicas with windows of up to 4,096.
    public init(
        maximumFrameBytes: Int = 64 << 20, maximumBatchRequests: Int = 4_096, maximumOperationBytes: Int = 64 << 10,
        maximumCertificates: Int = 4_096, maximumMembers: Int = 1 << 16, maximumSnapshotBytes: Int = 32 << 20
    ) {
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumBatchRequests = maximumBatchRequests
        self.maximumOperationBytes = maximumOperationBytes
        self.maximumCertificates = maximumCertificates
        self.maximumMembers = maximumMembers
        self.maximumSnapshotBytes = maximumSnapshotBytes
    }
}
