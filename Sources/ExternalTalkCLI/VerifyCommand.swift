import ArgumentParser
import WebhookSignature

/// `external-talk verify`: checks a webhook signature on the raw body.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a webhook body's signature.",
        discussion: """
            Prints 'valid' and exits 0 when the signature matches one of the secrets; prints
            'invalid: <reason>' on standard error and exits 1 when it does not. Secrets come from --secret,
            --secret-file and --secret-env, in any mix; a secret file that cannot be read exits 66, an unset
            variable 64.
            """
    )

    @OptionGroup var secrets: SecretOptions
    @OptionGroup var dialect: DialectOptions
    @OptionGroup var input: InputOptions

    func validate() throws {
        guard !secrets.sources.isEmpty else {
            throw ValidationError("Give at least one --secret, --secret-file or --secret-env.")
        }
        guard secrets.signature != nil else { throw ValidationError("Give the header's value with --signature.") }
    }

    func run() throws {
        let verifier = try secrets.verifier()
        let body = try input.readBody()
        switch verifier.verify(body, signature: secrets.signature) {
        case .valid:
            print("valid")
        case .invalid(let reason):
            printError("invalid: \(reason)")
            throw ExitStatus.invalidSignature
        }
    }
}
