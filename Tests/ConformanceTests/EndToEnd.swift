import BFTCheckTestSupport

/// The built `bftcheck` executable, run as a user runs it.
typealias EndToEnd = TestRepository
