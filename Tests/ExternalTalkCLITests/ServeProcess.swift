import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `external-talk serve` (or `emulate`) process, started the way an operator starts it, with its standard output
/// and error collected, and the port it printed in its ready line.
final class ServeProcess: Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let output = TextBuffer()
    private let errors = TextBuffer()
    let port: Int

    var stdout: String { output.text }
    var stderr: String { errors.text }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var isRunning: Bool { process.isRunning }

    /// Starts `external-talk COMMAND ARGUMENTS` and waits (up to a minute) for its ready line, which ends in the port.
    init(
        _ arguments: [String],
        command: String = "serve",
        readyLine: String = "listening on http://",
        environment: [String: String] = [:],
        directory: String? = nil
    ) async throws {
        guard let executable = CLI.executable else { throw StartFailure(description: "external-talk was not built") }
        let process = Process()
        process.executableURL = executable
        process.arguments = [command] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = self.output
        let errors = self.errors
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.append(data)
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            errors.append(data)
        }
        try process.run()
        self.process = process
        var port: Int?
        for _ in 0..<600 {
            if let line = output.text.split(separator: "\n").first(where: { $0.hasPrefix(readyLine) }),
                let colon = line.lastIndex(of: ":")
            {
                port = Int(line[line.index(after: colon)...])
                break
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let port else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw StartFailure(description: "\(command) did not start: \(errors.text.suffix(400))")
        }
        self.port = port
    }

    /// Sends a signal and waits (up to 30 s) for the process to end; returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw StartFailure(description: "serve did not stop within 30 s of signal \(signal)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var terminationReason: Process.TerminationReason { process.terminationReason }

    // MARK: HTTP

    struct Answer {
        var status: Int
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request with URLSession's synchronous-style API, on loopback.
    func request(
        _ method: String,
        _ path: String,
        headers: [String: String] = [:],
        body: [UInt8]? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

/// Text a pipe's reader appends to while the test reads it.
final class TextBuffer: Sendable {
    private let content = Mutex("")

    var text: String { content.withLock { $0 } }

    func append(_ data: Data) { content.withLock { $0 += String(decoding: data, as: UTF8.self) } }
}

/// The PostgreSQL server the tests use, from `EXTERNAL_TALK_TEST_POSTGRES_URL` (scripts/with-postgres.sh sets it).
enum TestPostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "EXTERNAL_TALK_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh"
        }
    }

    /// The URL with a fresh schema of its own.
    static func freshURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["EXTERNAL_TALK_TEST_POSTGRES_URL"] else { throw Missing() }
        let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
