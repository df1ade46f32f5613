import ArgumentParser
import WebhookSignature

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes every command shares, from `sysexits.h` where one fits.
enum ExitStatus {
    /// The signature did not verify.
    static let invalidSignature = ExitCode(1)
    /// The body is not a well-formed webhook (EX_DATAERR).
    static let malformedBody = ExitCode(65)
    /// The input file could not be read (EX_NOINPUT).
    static let unreadableInput = ExitCode(66)
}

/// The options that choose which webhook dialect a command reads.
struct DialectOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: "Read a LINE WORKS bot callback (X-WORKS-Signature, bot secret) instead of a LINE webhook."
    )
    var works = false
}

/// Where a command reads its body from: a file, or standard input for `-` or no argument.
struct InputOptions: ParsableArguments {
    @Argument(help: "The body to read, exactly as received; '-' or nothing reads standard input.")
    var file: String?

    /// Reads the whole input as raw bytes, or prints a one-line error and exits 66.
    func readBody() throws -> [UInt8] {
        do {
            return try RawInput.read(path: file == "-" ? nil : file)
        } catch {
            printError("cannot read \(file ?? "standard input"): \(error)")
            throw ExitStatus.unreadableInput
        }
    }
}

/// Reads files and standard input as bytes, with no text decoding that could alter them.
enum RawInput {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(path: String?) throws -> [UInt8] {
        #if canImport(Darwin)
        let readBytes = Darwin.read
        #elseif canImport(Musl)
        let readBytes = Musl.read
        #else
        let readBytes = Glibc.read
        #endif
        let descriptor: Int32
        if let path {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw ReadError(description: String(cString: strerror(errno))) }
        } else {
            descriptor = STDIN_FILENO
        }
        defer { if path != nil { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    var text = line
    text.append("\n")
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}

/// Writes bytes followed by a newline to standard output, unbuffered so that lines interleave predictably.
func printLine(_ bytes: [UInt8]) {
    var line = bytes
    line.append(UInt8(ascii: "\n"))
    line.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}

/// The secrets a command verifies with.
struct SecretOptions: ParsableArguments {
    @Option(
        name: .customLong("secret"),
        help: ArgumentHelp(
            "A channel secret (LINE) or bot secret (LINE WORKS); repeat it to accept an old and a new one.",
            valueName: "secret"
        )
    )
    var secrets: [String] = []

    @Option(help: ArgumentHelp("The signature header's value.", valueName: "signature"))
    var signature: String?

    /// A verifier for the given secrets.
    var verifier: WebhookSignatureVerifier {
        WebhookSignatureVerifier(secrets: secrets.map { WebhookSecret($0) })
    }
}
