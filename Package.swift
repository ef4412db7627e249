// swift-tools-version: 6.1
// bftcheck: model checking, lemmas and conformance for Byzantine fault-tolerant protocols.
import PackageDescription

/// Compile with `-DBFT_INTERNAL_CHECKS` (e.g. `swift build -Xswiftc -DBFT_INTERNAL_CHECKS`) to turn on
/// the engine's and the specs' internal invariant checks.
let package = Package(
    name: "bftcheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bftcheck", targets: ["bftcheck"]),
        .library(name: "ModelChecking", targets: ["ModelChecking"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Processor hints (cache prefetch) the engine's hash tables use; C because Swift has no intrinsic.
        .target(name: "CBFTSupport"),
        // The protocol-agnostic explicit-state engine. Knows nothing of BFT.
        .target(
            name: "ModelChecking",
            dependencies: ["CBFTSupport", .product(name: "Atomics", package: "swift-atomics")]
        ),
        // Small models with exactly known state spaces: engine fixtures, benchmarks, examples.
        .target(name: "FixtureModels", dependencies: ["ModelChecking"]),
        // >>> targets added by other work go below this line (keep one block per target)
        // libz3 through its C API (Debian/Ubuntu: libz3-dev ships z3.pc). Only `Lemmas` imports it.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        // A safe Swift layer over Z3 and the suite of parametric and exact lemmas from the tutorial.
        .target(name: "Lemmas", dependencies: ["CZ3"]),
        .testTarget(name: "LemmasTests", dependencies: ["Lemmas", "BFTCheckCLI", "BFTCheckTestSupport"]),
        // Nodes, a network of sent messages, and fault models with the Byzantine vocabulary: the
        // protocol-agnostic layer that specs build on.
        .target(name: "MessagePassing", dependencies: ["ModelChecking"]),
        // The protocol rules as pure transition systems: PBFT, … (no I/O).
        .target(name: "ProtocolSpecs", dependencies: ["ModelChecking", "MessagePassing"]),
        .testTarget(
            name: "ProtocolSpecsTests",
            dependencies: ["ProtocolSpecs", "MessagePassing", "ModelChecking", "Verification", "BFTCheckTestSupport"]),
        // The conformance oracle: reads implementation traces (Docs/trace-format.md), merges them causally
        // and replays them through the PBFT spec's rules. Depends on the spec, never on an implementation.
        .target(name: "Conformance", dependencies: ["ModelChecking", "MessagePassing", "ProtocolSpecs"]),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "Conformance", "ProtocolSpecs", "MessagePassing", "ModelChecking", "BFTCheckCLI", "Verification", "BFTCheckTestSupport",
            ]),
        // The production PBFT replica (Castro & Liskov): a pure state machine, a deterministic cluster simulator, the
        // trace writer, a binary codec with MACs and signatures, a SwiftNIO transport and a write-ahead log.
        // An independent implementation: imports neither ProtocolSpecs nor Conformance (its tests run the oracle).
        .target(
            name: "Replica",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The spec drives the replica: schedules walked from the PBFT spec replayed as the inputs of in-process
        // replicas, each run judged by agreement and by the trace validator (model-based testing).
        .target(
            name: "ReplicaTesting",
            dependencies: ["Replica", "Conformance", "MessagePassing", "ProtocolSpecs", "ModelChecking", "Verification"]),
        .testTarget(
            name: "ReplicaTests",
            dependencies: [
                "Replica", "Conformance", "ReplicaTesting", "ModelChecking", "MessagePassing", "ProtocolSpecs",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), "BFTCheckTestSupport",
            ],
            // Shrunk spec schedules kept as regression tests (`SpecScheduleTests` replays them).
            exclude: ["Regressions"]),
        // The message-passing protocol layer (ReplicaProtocol, MessagePassingSystem, derived packing) and the
        // specs written on it: Bracha's reliable broadcast.
        .testTarget(name: "MessagePassingTests", dependencies: ["MessagePassing", "ProtocolSpecs", "ModelChecking"]),
        // Services any Swift caller can use: configs, the model catalogue, checks and [expect], counterexample files, replay.
        .target(name: "Verification", dependencies: ["ModelChecking", "MessagePassing", "ProtocolSpecs", "FixtureModels", "Conformance"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "ModelChecking", "FixtureModels", "BFTCheckTestSupport"]),
        // Open MPI through its C API (Debian/Ubuntu: libopenmpi-dev ships ompi-c.pc). Only `DistributedChecking` imports it.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // The engine's distributed breadth-first search over MPI: an MPI communicator for `SearchCluster`.
        .target(name: "DistributedChecking", dependencies: ["ModelChecking", "CMPI"]),
        // <<<
        // The `bftcheck` commands, as a library so tests can call them.
        .target(
            name: "BFTCheckCLI",
            dependencies: [
                "ModelChecking",
                "FixtureModels",
                "Verification",
                "Lemmas",
                "ProtocolSpecs",
                "Conformance",
                "Replica",
                "ReplicaTesting",
                "DistributedChecking",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "bftcheck", dependencies: ["BFTCheckCLI"]),
        .testTarget(name: "ModelCheckingTests", dependencies: ["ModelChecking", "FixtureModels"]),
        .testTarget(
            name: "BFTCheckCLITests",
            dependencies: ["BFTCheckCLI", "Verification", "ModelChecking", "FixtureModels", "Replica", "BFTCheckTestSupport"]),
        // Repository paths, scratch directories and the real binary, shared by the test targets.
        .target(name: "BFTCheckTestSupport", path: "Tests/BFTCheckTestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
