// Writes the benchmark corpus to a directory, with a manifest of sizes and signatures.
//
//     swift run -c release GenerateCorpus [OUTPUT-DIRECTORY]   (default: ./corpus)

import Foundation
import WebhookCorpus

let corpus = WebhookCorpus()
let problems = corpus.problems()
guard problems.isEmpty else {
    for problem in problems {
        FileHandle.standardError.write(Data("corpus problem: \(problem)\n".utf8))
    }
    exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 1, arguments.first?.hasPrefix("-") != true else {
    FileHandle.standardError.write(Data("usage: GenerateCorpus [OUTPUT-DIRECTORY]\n".utf8))
    exit(64)
}
let directory = URL(fileURLWithPath: arguments.first ?? "corpus", isDirectory: true)

do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var files: [[String: Any]] = []
    for body in corpus.bodies {
        try Data(body.bytes).write(to: directory.appendingPathComponent(body.fileName))
        files.append([
            "name": body.fileName,
            "bytes": body.bytes.count,
            "events": body.eventCount,
            "eventTypes": body.eventTypes,
            "signature": corpus.signature(of: body),
        ])
        print("\(body.fileName)\t\(body.bytes.count) bytes\t\(body.eventCount) events\t\(corpus.signature(of: body))")
    }
    let manifest: [String: Any] = [
        "generator": "Benchmarks/Sources/WebhookCorpus (seed \(WebhookCorpus.seed))",
        "channelSecret": corpus.channelSecret,
        "signatureHeader": "x-line-signature",
        "files": files,
    ]
    let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
    try (json + Data("\n".utf8)).write(to: directory.appendingPathComponent("manifest.json"))
    print("channel secret: \(corpus.channelSecret) (made up for this corpus)")
    print("wrote \(corpus.bodies.count) bodies and manifest.json to \(directory.path)")
} catch {
    FileHandle.standardError.write(Data("GenerateCorpus: \(error)\n".utf8))
    exit(1)
}
