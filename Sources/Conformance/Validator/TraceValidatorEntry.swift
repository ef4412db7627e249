/// One protocol the version-2 validator can judge: its codec, type-erased so that the registry is
/// a plain list (`TraceValidatorRegistry`).
public struct TraceValidatorEntry: Sendable {
    /// The header's `protocol` that selects this entry.
    public let protocolName: String
    /// The variants a header or `--variant` may name, the protocol as specified first.
    public let variantNames: [String]
    private let judge: @Sendable ([String], ValidationOptions) throws -> ValidationReport

    /// The entry of `codec`'s protocol.
    public init<Codec: TraceCodec>(codec: Codec) {
        protocolName = Codec.protocolName
        variantNames = Codec.variantNames
        judge = { paths, options in try TraceValidator(codec: codec).validate(paths: paths, options: options) }
    }

    /// Judges the run made of the files at `paths`.
    ///
    /// - Throws: `MalformedTrace`.
    public func validate(paths: [String], options: ValidationOptions) throws -> ValidationReport { try judge(paths, options) }
}
