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
    ],
    targets: [
        // The protocol-agnostic explicit-state engine. Knows nothing of BFT.
        .target(
            name: "ModelChecking",
            dependencies: [.product(name: "Atomics", package: "swift-atomics")]
        ),
        // Small models with exactly known state spaces: engine fixtures, benchmarks, examples.
        .target(name: "FixtureModels", dependencies: ["ModelChecking"]),
        // >>> targets added by other work go below this line (keep one block per target)
        // libz3 through its C API (Debian/Ubuntu: libz3-dev ships z3.pc). Only `Lemmas` imports it.
        .systemLibrary(name: "CZ3", pkgConfig: "z3", providers: [.apt(["libz3-dev"])]),
        // A safe Swift layer over Z3 and the suite of parametric and exact lemmas from the tutorial.
        .target(name: "Lemmas", dependencies: ["CZ3"]),
        .testTarget(name: "LemmasTests", dependencies: ["Lemmas", "BFTCheckCLI"]),
        // <<<
        // The `bftcheck` commands, as a library so tests can call them.
        .target(
            name: "BFTCheckCLI",
            dependencies: [
                "ModelChecking",
                "FixtureModels",
                "Lemmas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "bftcheck", dependencies: ["BFTCheckCLI"]),
        .testTarget(name: "ModelCheckingTests", dependencies: ["ModelChecking", "FixtureModels"]),
        .testTarget(name: "BFTCheckCLITests", dependencies: ["BFTCheckCLI", "ModelChecking", "FixtureModels"]),
    ],
    swiftLanguageModes: [.v6]
)
