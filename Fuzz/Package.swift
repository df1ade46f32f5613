// swift-tools-version:6.2

import PackageDescription

// libFuzzer targets for the webhook decoders and the signature verifier.
// Build and run with `Fuzz/run` (see Fuzz/README.md); the package is separate so the SDK build never sees
// sanitizer flags or a second `main`.
let package = Package(
    name: "external-talk-fuzz",
    dependencies: [
        .package(name: "external-talk", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "TalkFuzz",
            dependencies: [
                .product(name: "TalkWire", package: "external-talk"),
                .product(name: "WebhookSignature", package: "external-talk"),
            ]
        )
    ]
)
