import ArgumentParser

// Stand-in root command of the `encoding` branch; the real root registers `EncodeCommand` among its subcommands.
struct ExternalTalk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "external-talk",
        subcommands: [EncodeCommand.self]
    )
}

ExternalTalk.main()
