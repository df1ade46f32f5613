import ArgumentParser
import TalkWire
import WebhookSignature

/// `external-talk parse`: verifies (when secrets are given) and decodes a webhook into JSON Lines.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Decode a webhook body into one JSON object per event (JSON Lines).",
        discussion: """
            With --secret and --signature the body is verified first; an invalid signature prints
            nothing on standard output and exits 1. A malformed body exits 65 with a one-line error
            naming where it broke. With --works the input is one LINE WORKS callback.
            """
    )

    @OptionGroup var secrets: SecretOptions
    @OptionGroup var dialect: DialectOptions
    @OptionGroup var input: InputOptions

    func validate() throws {
        if secrets.signature != nil, secrets.secrets.isEmpty {
            throw ValidationError("--signature needs at least one --secret.")
        }
        if !secrets.secrets.isEmpty, secrets.signature == nil {
            throw ValidationError("--secret needs the header's value with --signature.")
        }
    }

    func run() throws {
        let body = try input.readBody()
        if !secrets.secrets.isEmpty {
            if case .invalid(let reason) = secrets.verifier.verify(body, signature: secrets.signature) {
                printError("invalid: \(reason)")
                throw ExitStatus.invalidSignature
            }
        }
        do {
            if dialect.works {
                let callback = try LineWorksCallbackDecoder().decode(body)
                printLine(EventJSON.render(callback))
            } else {
                let batch = try LineWebhookDecoder().decode(body)
                // Render every line before printing any, so a failure never leaves partial output.
                let lines = batch.events.map(EventJSON.render)
                for line in lines { printLine(line) }
            }
        } catch {
            printError("malformed body: \(error)")
            throw ExitStatus.malformedBody
        }
    }
}
