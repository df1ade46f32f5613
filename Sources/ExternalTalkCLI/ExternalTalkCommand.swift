import ArgumentParser

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
        ]
    )
}
