import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `external-talk` command: verify, decode and measure LINE and LINE WORKS webhooks from the shell.
@main
struct ExternalTalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external-talk",
        abstract: "Verify, decode and measure LINE and LINE WORKS webhook bodies; check an Official Account's setup.",
        discussion: """
            Exit status: 0 success, 1 invalid signature (doctor: a setting must change), 64 usage error, 65 malformed
            body, 66 unreadable input.
            No command prints a secret or a signature.
            """,
        subcommands: [
            VerifyCommand.self, ParseCommand.self, EncodeCommand.self, BenchCommand.self, DoctorCommand.self,
            DemoCommand.self, ExportCommand.self, ServeCommand.self, EmulateCommand.self,
        ]
    )

    /// Runs the command as ArgumentParser's `main` does, but removes any secret given on the command line from
    /// the messages it prints (a usage error quotes the arguments it could not place).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            let text = SecretRedaction.redact(fullMessage(for: error), secrets: SecretRedaction.secrets(in: arguments))
            if !text.isEmpty {
                if status == .success { print(text) } else { printError(text) }
            }
            terminate(status.rawValue)
        }
    }
}

/// Ends the process; outside the command type, where `exit` names ArgumentParser's method.
private func terminate(_ status: Int32) -> Never {
    exit(status)
}
