import ArgumentParser

/// The `external-talk` command: verify, decode and measure LINE and LINE WORKS webhooks from the shell.
@main
struct ExternalTalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external-talk",
        abstract: "Verify, decode and measure LINE and LINE WORKS webhook bodies.",
        discussion: """
            Exit status: 0 success, 1 invalid signature, 64 usage error, 65 malformed body, 66 unreadable input.
            No command prints a secret or a signature.
            """,
        subcommands: [VerifyCommand.self, ParseCommand.self, EncodeCommand.self, BenchCommand.self]
    )
}
