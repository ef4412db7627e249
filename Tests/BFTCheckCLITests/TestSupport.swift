import BFTCheckTestSupport

/// Paths, scratch directories and the real binary for the CLI tests.
typealias TestPaths = TestRepository
