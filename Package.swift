// swift-tools-version:6.2

import PackageDescription

let package = Package(
    name: "external-talk",
    // Synchronization's `Mutex` (the fakes, the emoji catalog) needs macOS 15 / iOS 18 and their siblings; `Duration`
    // in public API needs macOS 13, which these include.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "TalkModel", targets: ["TalkModel"]),
        .library(name: "WebhookSignature", targets: ["WebhookSignature"]),
        .library(name: "TalkWire", targets: ["TalkWire"]),
        .library(name: "TalkTransport", targets: ["TalkTransport"]),
        .library(name: "TalkTesting", targets: ["TalkTesting"]),
        .library(name: "TalkTransportConformance", targets: ["TalkTransportConformance"]),
        .library(name: "LineHTTPTransport", targets: ["LineHTTPTransport"]),
        .library(name: "FakeLineAPIServer", targets: ["FakeLineAPIServer"]),
        .library(name: "TalkStorage", targets: ["TalkStorage"]),
        .library(name: "ExternalTalk", targets: ["ExternalTalk"]),
        .library(name: "TalkQRCode", targets: ["TalkQRCode"]),
        .library(name: "TalkStorageConformance", targets: ["TalkStorageConformance"]),
        .library(name: "SQLiteStorage", targets: ["SQLiteStorage"]),
        .library(name: "PostgresStorage", targets: ["PostgresStorage"]),
        .library(name: "ExternalTalkHummingbird", targets: ["ExternalTalkHummingbird"]),
        .executable(name: "external-talk", targets: ["ExternalTalkCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Test-only: an independent HMAC-SHA256 to check ours against on random inputs.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // The server's HTTP layer; its default traits (swift-configuration, full Foundation) are not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // `swift package generate-documentation` (see the README); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Core modules

        .target(
            name: "TalkModel"
        ),
        // OpenSSL's libcrypto, the SHA-256 that HMAC verification uses on Linux.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // HMAC-SHA256 on the platform's SHA-256 (OpenSSL on Linux, CommonCrypto on Apple platforms).
        .target(
            name: "CTalkHMAC",
            dependencies: [.target(name: "CLibCrypto", condition: .when(platforms: [.linux]))]
        ),
        .target(
            name: "WebhookSignature",
            dependencies: ["CTalkHMAC"]
        ),
        .target(
            name: "TalkWire",
            dependencies: ["TalkModel"]
        ),
        .target(
            name: "TalkTransport",
            dependencies: ["TalkModel", "TalkWire", "WebhookSignature"]
        ),
        .target(
            name: "TalkTesting",
            dependencies: ["TalkTransport", "TalkModel", "TalkWire", "WebhookSignature"]
        ),
        // The transport contract as a library: runs its checks against any transport in front of TalkTesting's
        // fake platform and reports typed failures, with no test framework.
        .target(
            name: "TalkTransportConformance",
            dependencies: ["TalkTransport", "TalkTesting", "TalkModel", "TalkWire", "WebhookSignature"]
        ),
        // Where the engine keeps its state: the storage protocol and its in-memory implementation.
        .target(
            name: "TalkStorage",
            dependencies: ["TalkModel"]
        ),
        // The engine: webhooks and federation requests in, stored changes and host events out, sends exactly once.
        .target(
            name: "ExternalTalk",
            dependencies: [
                "TalkModel",
                "TalkWire",
                "TalkTransport",
                "TalkStorage",
                "WebhookSignature",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The engine over HTTP: webhook, callback and federation routes with group commit, health and metrics, an
        // admin API, and a lifecycle-managed server, on Hummingbird.
        .target(
            name: "ExternalTalkHummingbird",
            dependencies: [
                "ExternalTalk",
                "TalkModel",
                "TalkStorage",
                "TalkTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The storage contract as a library: runs its checks against any storage, each on a fresh empty store,
        // and reports typed failures, with no test framework.
        .target(
            name: "TalkStorageConformance",
            dependencies: ["TalkStorage", "TalkModel"]
        ),
        // The embedded default storage: one SQLite file in WAL mode, through GRDB (SQLite itself from the system,
        // libsqlite3-dev on Linux).
        .target(
            name: "SQLiteStorage",
            dependencies: [
                "TalkStorage",
                "TalkModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // Storage for several instances: one PostgreSQL database, through postgres-nio.
        .target(
            name: "PostgresStorage",
            dependencies: [
                "TalkStorage",
                "TalkModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LineHTTPTransport",
            dependencies: [
                "TalkTransport",
                "TalkModel",
                "TalkWire",
                "WebhookSignature",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The fake LINE platform over loopback HTTP: LINE's Messaging API paths for a bot in any language, and a
        // control API for its tests (`external-talk emulate`); also the HTTP transport's test server.
        .target(
            name: "FakeLineAPIServer",
            dependencies: [
                "TalkTesting",
                "WebhookSignature",
                "TalkTransport",
                "TalkModel",
                "TalkWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: QR codes

        // Friend-add and invite QR codes (R06, R08, R31), in their own module so that only adopters who render
        // them need libqrencode and zlib.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        // zlib's deflate and CRC-32, for the PNG chunks.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "TalkQRCode",
            dependencies: ["CQRencode", "CZlib"]
        ),

        .executableTarget(
            name: "ExternalTalkCLI",
            dependencies: [
                "WebhookSignature",
                "TalkWire",
                "TalkModel",
                "TalkTransport",
                "LineHTTPTransport",
                "ExternalTalk",
                "TalkStorage",
                "SQLiteStorage",
                "PostgresStorage",
                "ExternalTalkHummingbird",
                "TalkTesting",
                "TalkQRCode",
                "FakeLineAPIServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Documentation

        // The articles' catalog. It depends on the library modules so that, in the combined documentation
        // build, the articles' ``symbol`` links resolve against their API.
        .target(
            name: "ExternalTalkDocumentation",
            dependencies: [
                "TalkModel", "WebhookSignature", "TalkWire", "TalkTransport", "TalkTesting",
                "TalkTransportConformance", "LineHTTPTransport", "TalkQRCode", "TalkStorage",
                "TalkStorageConformance", "SQLiteStorage", "ExternalTalk", "PostgresStorage",
                "ExternalTalkHummingbird", "FakeLineAPIServer",
            ],
            path: "Documentation"
        ),

        // MARK: Tests

        .testTarget(
            name: "TalkModelTests",
            dependencies: [
                "TalkModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "WebhookSignatureTests",
            dependencies: [
                "WebhookSignature",
                "CTalkHMAC",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TalkWireTests",
            dependencies: [
                "TalkWire",
                "TalkModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ExternalTalkCLITests",
            dependencies: [
                "ExternalTalkCLI",
                "WebhookSignature",
                "TalkModel",
                "TalkWire",
                "TalkTesting",
                "FakeLineAPIServer",
            ]
        ),
        .testTarget(
            name: "TalkTransportTests",
            dependencies: [
                "TalkTransport",
                "TalkTransportConformance",
                "TalkModel",
                "TalkWire",
                "TalkTesting",
                "LineHTTPTransport",
                "FakeLineAPIServer",
                "WebhookSignature",
            ]
        ),
        .testTarget(
            name: "TalkStorageTests",
            dependencies: ["TalkStorage", "TalkStorageConformance", "TalkModel"]
        ),
        .testTarget(
            name: "TalkTestingTests",
            dependencies: [
                "TalkTesting",
                "TalkTransport",
                "TalkModel",
                "TalkWire",
                "WebhookSignature",
            ]
        ),
        .testTarget(
            name: "SQLiteStorageTests",
            dependencies: [
                "SQLiteStorage",
                "TalkStorage",
                "TalkStorageConformance",
                "TalkModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ExternalTalkTests",
            dependencies: [
                "ExternalTalk",
                "TalkStorage",
                "TalkModel",
                "TalkWire",
                "TalkTransport",
                "TalkTesting",
                "WebhookSignature",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LineHTTPTransportTests",
            dependencies: [
                "LineHTTPTransport",
                "TalkTransport",
                "TalkModel",
                "TalkWire",
                "TalkTesting",
                "FakeLineAPIServer",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ExternalTalkHummingbirdTests",
            dependencies: [
                "ExternalTalkHummingbird",
                "FakeLineAPIServer",
                "ExternalTalk",
                "TalkStorage",
                "TalkModel",
                "TalkTesting",
                "TalkTransport",
                "TalkWire",
                "WebhookSignature",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PostgresStorageTests",
            dependencies: [
                "PostgresStorage",
                "TalkStorage",
                "TalkStorageConformance",
                "TalkModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TalkQRCodeTests",
            dependencies: ["TalkQRCode", "CZlib"]
        ),

        // MARK: Test support

        // The process the exactly-once tests kill with SIGKILL in the middle of a stream of webhooks.
        .executableTarget(
            name: "ExternalTalkCrashWorker",
            dependencies: [
                "ExternalTalk", "SQLiteStorage", "TalkModel", "TalkStorage", "TalkTransport", "TalkWire",
                "WebhookSignature", "LineHTTPTransport",
            ],
            path: "Tests/CrashWorker"
        ),
        .testTarget(
            name: "ExactlyOnceTests",
            dependencies: [
                "ExternalTalk", "SQLiteStorage", "TalkModel", "TalkStorage", "TalkTesting", "FakeLineAPIServer",
                "ExternalTalkCrashWorker",
            ]
        ),

        // The bare Hummingbird route that the server's load figures are measured against (scripts/load.sh).
        .executableTarget(
            name: "ExternalTalkBareRoute",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/LoadTools/BareRoute"
        ),

    ]
)

for target in package.targets
where [.executable, .test, .regular].contains(
    target.type
) {
    var settings = target.swiftSettings ?? []

    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    // Require `any` for existential types.
    settings.append(.enableUpcomingFeature("ExistentialAny"))

    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))

    // Ensure all public types are explicitly annotated as Sendable or not Sendable.
    settings.append(.unsafeFlags(["-Xfrontend", "-require-explicit-sendable"]))

    target.swiftSettings = settings
}
