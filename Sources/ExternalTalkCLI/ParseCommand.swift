import ArgumentParser
import TalkWire
import WebhookSignature

/// `external-talk parse`: verifies (when secrets are given) and decodes a webhook into JSON Lines.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Decode a webhook body into one JSON object per event (JSON Lines).",
        discussion: """
            With a secret (--secret, --secret-file or --secret-env) and --signature the body is verified first; an invalid signature prints
            nothing on standard output and exits 1. A malformed body exits 65 with a one-line error
            naming where it broke. With --works the input is one LINE WORKS callback.
            """
    )

    @OptionGroup var secrets: SecretOptions
    @OptionGroup var dialect: DialectOptions
    @OptionGroup var input: InputOptions

    func validate() throws {
        if secrets.signature != nil, secrets.sources.isEmpty {
            throw ValidationError("--signature needs at least one --secret, --secret-file or --secret-env.")
        }
        if !secrets.sources.isEmpty, secrets.signature == nil {
            throw ValidationError("A secret needs the header's value with --signature.")
        }
    }

    func run() throws {
        let verifier = secrets.sources.isEmpty ? nil : try secrets.verifier()
        let body = try input.readBody()
        if let verifier {
            if case .invalid(let reason) = verifier.verify(body, signature: secrets.signature) {
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
