/// A file a lemma run produced: an SMT-LIB2 query or a counterexample listing.
///
/// Lemma runs never touch the file system; the command line writes these where the user asks.
public struct GeneratedFile: Sendable, Hashable, Codable {
    /// The path relative to the output directory, e.g. `cluster-sending/n15-n05-f07-f02-below-sigma.smt2`.
    public var relativePath: String
    /// The full text; byte-identical across runs for the same inputs.
    public var contents: String

    /// A file at `relativePath` with `contents`.
    public init(relativePath: String, contents: String) {
        self.relativePath = relativePath
        self.contents = contents
    }
}
