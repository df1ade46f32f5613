import Foundation
import Testing

/// The outcome of one run of the `external-talk` executable.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard output split into lines, without the final newline.
    var lines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Each line of standard output parsed as a JSON object.
    func jsonLines(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not an object: \(line)", sourceLocation: sourceLocation)
        }
    }
}

/// Runs the `external-talk` executable that SwiftPM built next to this test bundle.
enum CLI {
    static let executable: URL? = {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        #if canImport(Darwin)
        directory = Bundle.main.bundleURL.deletingLastPathComponent()
        #endif
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("external-talk")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Runs the command with `arguments`, feeding `stdin` to its standard input; `environment` adds variables
    /// to the test's own.
    static func run(
        _ arguments: [String],
        stdin: [UInt8] = [],
        environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws
        -> CLIResult
    {
        let executable = try #require(executable, "external-talk was not built", sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes concurrently with writing, so a large output cannot block the child.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = error.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], name: String = "body.json") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "external-talk-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
