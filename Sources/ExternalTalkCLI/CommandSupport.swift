import ArgumentParser
import Foundation
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
    /// The command line is wrong, such as a secret variable that is not set (EX_USAGE).
    static let usage = ExitCode(64)
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

/// Where a command takes webhook secrets from: the command line, files or environment variables.
///
/// `--secret-file` and `--secret-env` keep a secret out of the process list and the shell history. No error
/// names a secret, a secret file's path or a variable's name (any of them may be a secret passed by mistake);
/// errors say which option and which occurrence instead, such as `--secret-file #2`.
struct SecretSourceOptions: ParsableArguments {
    @Option(
        name: .customLong("secret"),
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A channel secret (LINE) or bot secret (LINE WORKS); repeat it to accept an old and a new one. "
                + "Prefer --secret-file or --secret-env: other users can see command lines.",
            valueName: "secret"
        )
    )
    var secrets: [String] = []

    @Option(
        name: .customLong("secret-file"),
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "A file holding one secret (a final line break is ignored); repeatable.",
            valueName: "path"
        )
    )
    var secretFiles: [String] = []

    @Option(
        name: .customLong("secret-env"),
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp("An environment variable holding one secret; repeatable.", valueName: "name")
    )
    var secretEnvironmentVariables: [String] = []

    /// Whether any secret source was given.
    var isEmpty: Bool { secrets.isEmpty && secretFiles.isEmpty && secretEnvironmentVariables.isEmpty }

    /// How many secrets were given, from all sources.
    var count: Int { secrets.count + secretFiles.count + secretEnvironmentVariables.count }

    /// Reads every secret: `--secret` values, then files, then environment variables.
    ///
    /// Prints a one-line error and exits 66 when a file cannot be read, 64 when a file or variable holds no
    /// secret or a variable is not set.
    func resolve() throws -> [WebhookSecret] {
        var resolved: [WebhookSecret] = []
        for (position, secret) in secrets.enumerated() {
            guard !secret.isEmpty else { throw Self.usage("--secret #\(position + 1) is empty") }
            resolved.append(WebhookSecret(secret))
        }
        for (position, path) in secretFiles.enumerated() {
            var bytes: [UInt8]
            do {
                bytes = try RawInput.read(path: path)
            } catch {
                printError("cannot read --secret-file #\(position + 1): \(error)")
                throw ExitStatus.unreadableInput
            }
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            guard !bytes.isEmpty else { throw Self.usage("--secret-file #\(position + 1) holds no secret") }
            resolved.append(WebhookSecret(bytes: bytes))
        }
        for (position, name) in secretEnvironmentVariables.enumerated() {
            guard let value = getenv(name), value.pointee != 0 else {
                throw Self.usage("the variable named by --secret-env #\(position + 1) is not set or empty")
            }
            resolved.append(WebhookSecret(String(cString: value)))
        }
        return resolved
    }

    private static func usage(_ reason: String) -> ExitCode {
        printError("error: \(reason)")
        return ExitStatus.usage
    }
}

/// The secrets and signature a command verifies with.
struct SecretOptions: ParsableArguments {
    @OptionGroup var sources: SecretSourceOptions

    @Option(help: ArgumentHelp("The signature header's value.", valueName: "signature"))
    var signature: String?

    /// A verifier for the given secrets; see ``SecretSourceOptions/resolve()`` for how it fails.
    func verifier() throws -> WebhookSignatureVerifier {
        WebhookSignatureVerifier(secrets: try sources.resolve())
    }
}

/// Removes secrets given on the command line from text about to be printed, such as a usage error that quotes
/// an argument.
enum SecretRedaction {
    /// The values given to the secret options in `arguments`, as `--secret VALUE` or `--secret=VALUE`.
    static func secrets(in arguments: [String]) -> [String] {
        let options = ["--secret", "--secret-file", "--secret-env", "--token"]
        var found: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if options.contains(argument), index + 1 < arguments.endIndex {
                found.append(arguments[index + 1])
                index += 2
                continue
            }
            for option in options where argument.hasPrefix(option + "=") {
                found.append(String(argument.dropFirst(option.count + 1)))
            }
            index += 1
        }
        // `--line-channel ID=SECRET` holds a secret after its `=`, and a PostgreSQL URL may hold a password.
        var index2 = arguments.startIndex
        while index2 < arguments.endIndex, arguments[index2] != "--" {
            let argument = arguments[index2]
            var value: String?
            for option in ["--line-channel", "--postgres"] {
                if argument == option, index2 + 1 < arguments.endIndex { value = arguments[index2 + 1] }
                if argument.hasPrefix(option + "=") { value = String(argument.dropFirst(option.count + 1)) }
            }
            if let value {
                if let equals = value.firstIndex(of: "="), !value.hasPrefix("postgres") {
                    found.append(String(value[value.index(after: equals)...]))
                } else if let password = URLComponents(string: value)?.password {
                    found.append(password)
                }
            }
            index2 += 1
        }
        return found.filter { !$0.isEmpty }
    }

    /// `text` with each secret replaced by `<redacted>`.
    ///
    /// Secrets of four or more characters are removed wherever they appear; shorter ones only where quoted,
    /// as argument values are in usage errors, so that a one-letter value does not blank out every word.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) {
            if secret.count >= 4 {
                result = result.replacingOccurrences(of: secret, with: "<redacted>")
            } else {
                result = result.replacingOccurrences(of: "'\(secret)'", with: "'<redacted>'")
            }
        }
        return result
    }
}
