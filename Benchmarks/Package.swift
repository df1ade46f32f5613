// swift-tools-version:6.2

// Benchmarks for ExternalTalk, kept in their own package so that package-benchmark, its
// malloc interposer and the baselines (swift-crypto, the system OpenSSL) never become
// dependencies of the SDK itself.
//
// Run from this directory:
//
//     swift package --disable-sandbox benchmark
//
// On Linux the SDK and the OpenSSL baselines link the system libcrypto (Debian/Ubuntu: `apt-get install libssl-dev`).

import PackageDescription

// The SDK is named explicitly: SwiftPM would otherwise name the path dependency after the folder the
// repository was cloned into.
let sdk = "external-talk"

let package = Package(
    name: "external-talk-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: sdk, path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // The raw-insert baseline of the engine benchmark writes through GRDB directly.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // MARK: Corpus

        // The deterministic webhook corpus the benchmarks run on.
        .target(
            name: "WebhookCorpus",
            dependencies: [.product(name: "WebhookSignature", package: sdk)]
        ),
        // `swift run GenerateCorpus DIR` writes the corpus and a manifest with signatures.
        .executableTarget(
            name: "GenerateCorpus",
            dependencies: ["WebhookCorpus"]
        ),

        // MARK: Baselines

        // Foundation `JSONDecoder` into `Codable` structs covering every event and message type.
        .target(name: "FoundationWebhookModel"),
        // HMAC-SHA256 verification on the system OpenSSL (Linux: `apt-get install libssl-dev`).
        // macOS ships no libcrypto to link against, so there the OpenSSL rows are left out.
        .target(
            name: "COpenSSLHMAC",
            linkerSettings: [.linkedLibrary("crypto")]
        ),

        // MARK: Benchmarks

        .executableTarget(
            name: "SignatureVerification",
            dependencies: [
                "WebhookCorpus",
                .target(name: "COpenSSLHMAC", condition: .when(platforms: [.linux])),
                .product(name: "WebhookSignature", package: sdk),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SignatureVerification",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "FoundationDecoding",
            dependencies: [
                "WebhookCorpus",
                "FoundationWebhookModel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FoundationDecoding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Verify + decode with TalkWire's `LineWebhookDecoder`, and the decode step alone.
        .executableTarget(
            name: "TalkWireDecoding",
            dependencies: [
                "WebhookCorpus",
                .product(name: "WebhookSignature", package: sdk),
                .product(name: "TalkWire", package: sdk),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TalkWireDecoding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Outbound encoding: a 5,000-unit text with 20 LINE emoji into a push request.
        .executableTarget(
            name: "TalkWireEncoding",
            dependencies: [
                .product(name: "TalkWire", package: sdk),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TalkWireEncoding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Webhook bytes through the whole engine, on memory and on SQLite, beside verify+decode alone and raw
        // GRDB inserts of the same rows.
        .executableTarget(
            name: "EngineIngest",
            dependencies: [
                .product(name: "ExternalTalk", package: sdk),
                .product(name: "SQLiteStorage", package: sdk),
                .product(name: "TalkStorage", package: sdk),
                .product(name: "TalkModel", package: sdk),
                .product(name: "TalkTransport", package: sdk),
                .product(name: "TalkWire", package: sdk),
                .product(name: "WebhookSignature", package: sdk),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineIngest",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
