// swift-tools-version:6.2

import PackageDescription

// An adopter's package, built by CI against this checkout: it proves that code written the way the "Public
// types that grow" documentation shows compiles outside the SDK's own package, where LINE's wire enums are
// nonexhaustive (SE-0487) and a `switch` needs `@unknown default`.
let package = Package(
    name: "adopter-example",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    dependencies: [
        .package(name: "external-talk", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "AdopterExample",
            dependencies: [
                .product(name: "TalkWire", package: "external-talk"),
                .product(name: "TalkModel", package: "external-talk"),
            ]
        )
    ]
)
