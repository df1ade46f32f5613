import Foundation
import Testing
import WebhookSignature

/// `--secret`, `--secret-file` and `--secret-env` for every command that takes a secret, and no secret ever
/// printed back, whatever it looks like.
@Suite("external-talk: secrets from the command line, files and the environment")
struct SecretSourcesCLITests {
    private let body = Array(#"{"destination":"U1","events":[{"type":"unfollow","timestamp":1}]}"#.utf8)

    private func signature(_ secret: String) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).signature(for: body)
    }

    /// Everything the command printed must be free of every secret-like value it was given.
    private func expectNoEcho(
        _ result: CLIResult,
        of secrets: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for secret in secrets {
            #expect(
                !(result.stdout + result.stderr).contains(secret),
                "printed \(secret.count) characters of a secret",
                sourceLocation: sourceLocation
            )
        }
    }

    @Test func w1_verifyTakesTheSecretFromAFileWithOrWithoutAFinalLineBreak() throws {
        let secret = "file-secret-0123456789"
        let file = try CLI.temporaryFile(body)
        for content in [secret, secret + "\n", secret + "\r\n"] {
            let secretFile = try CLI.temporaryFile(Array(content.utf8), name: "secret")
            let result = try CLI.run(["verify", "--secret-file", secretFile, "--signature", signature(secret), file])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "valid\n")
            expectNoEcho(result, of: [secret])
        }
    }

    @Test func w1_verifyTakesTheSecretFromAnEnvironmentVariable() throws {
        let secret = "env-secret-0123456789"
        let file = try CLI.temporaryFile(body)
        let result = try CLI.run(
            ["verify", "--secret-env", "EXTERNAL_TALK_TEST_SECRET", "--signature", signature(secret), file],
            environment: ["EXTERNAL_TALK_TEST_SECRET": secret]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "valid\n")
        expectNoEcho(result, of: [secret])
    }

    @Test func w1_sourcesMixForRotation() throws {
        let old = "old-secret-0123456789"
        let new = "new-secret-0123456789"
        let file = try CLI.temporaryFile(body)
        let secretFile = try CLI.temporaryFile(Array(new.utf8), name: "secret")
        for signed in [old, new] {
            let result = try CLI.run(
                [
                    "verify", "--secret", "unrelated", "--secret-file", secretFile, "--secret-env", "ET_OLD",
                    "--signature", signature(signed), file,
                ],
                environment: ["ET_OLD": old]
            )
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    @Test func w1_parseVerifiesWithAFileOrAVariableSecret() throws {
        let secret = "parse-secret-0123456789"
        let file = try CLI.temporaryFile(body)
        let secretFile = try CLI.temporaryFile(Array((secret + "\n").utf8), name: "secret")
        let fromFile = try CLI.run(["parse", "--secret-file", secretFile, "--signature", signature(secret), file])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(try fromFile.jsonLines().first?["type"] as? String == "unfollow")
        let fromEnvironment = try CLI.run(
            ["parse", "--secret-env", "ET_PARSE", "--signature", signature(secret), file],
            environment: ["ET_PARSE": secret]
        )
        #expect(fromEnvironment.status == 0)
        #expect(fromEnvironment.stdout == fromFile.stdout)
        let wrong = try CLI.run(
            ["parse", "--secret-env", "ET_PARSE", "--signature", signature(secret), file],
            environment: ["ET_PARSE": "another"]
        )
        #expect(wrong.status == 1)
        #expect(wrong.stdout.isEmpty)
        expectNoEcho(fromFile, of: [secret])
        expectNoEcho(fromEnvironment, of: [secret])
    }

    @Test func benchTakesItsSecretFromAFileOrAVariable() throws {
        let file = try CLI.temporaryFile(body)
        let secretFile = try CLI.temporaryFile(Array("bench-file-secret\n".utf8), name: "secret")
        let fromFile = try CLI.run(["bench", "--secret-file", secretFile, "--seconds", "0.02", file])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(try fromFile.jsonLines().first?["events"] as? Int == 1)
        let fromEnvironment = try CLI.run(
            ["bench", "--secret-env", "ET_BENCH", "--seconds", "0.02", file],
            environment: ["ET_BENCH": "bench-env-secret"]
        )
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        expectNoEcho(fromFile, of: ["bench-file-secret"])
        expectNoEcho(fromEnvironment, of: ["bench-env-secret"])
        let two = try CLI.run(["bench", "--secret", "a", "--secret-env", "ET_BENCH", file])
        #expect(two.status == 64)
    }

    @Test(arguments: ["-dash-secret-01", "--looks-like-an-option", "-h", "--help", "-", "--secret", "'quoted' \"x\""])
    func w1_aSecretBeginningWithADashIsTakenAsTheValue(secret: String) throws {
        let file = try CLI.temporaryFile(body)
        let attached = try CLI.run(["verify", "--secret=\(secret)", "--signature", signature(secret), file])
        #expect(attached.status == 0, "\(attached.stderr)")
        let verified = try CLI.run(["verify", "--secret", secret, "--signature", signature(secret), file])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == "valid\n")
        let parsed = try CLI.run(["parse", "--secret", secret, "--signature", signature(secret), file])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let benched = try CLI.run(["bench", "--secret", secret, "--seconds", "0.02", file])
        #expect(benched.status == 0, "\(benched.stderr)")
        if secret.count >= 4 { expectNoEcho(verified, of: [secret]) }
    }

    @Test func malformedInvocationsNeverEchoTheSecret() throws {
        let secret = "-Leak-Me-Secret-7f3a"
        let file = try CLI.temporaryFile(body)
        let invocations: [[String]] = [
            ["verify", "--secret", secret],
            ["verify", "--secret", secret, "--bogus", file],
            ["verify", "--secret=\(secret)", "--signature", "x", file, "extra", "more"],
            ["verify", "--secret", secret, "--signature"],
            ["verify", "--secret", secret, "--works=\(secret)", file],
            ["parse", "--secret", secret, file],
            ["parse", "--secret", secret, "--signature", "x", "--no-such", file],
            ["bench", "--secret", secret, "--secret", secret, file],
            ["bench", "--secret", secret, "--seconds", "fast", file],
            ["bench", "--secret", secret],
            ["verify", "--secret-file", secret, "--signature", "x", file],
            ["verify", "--secret-env", secret, "--signature", "x", file],
            ["verify", "--secret-file=\(secret)", "--signature", "x", file],
            ["parse", "--secret-env=\(secret)", "--signature", "x", file],
            ["bench", "--secret-file", secret, "--seconds", "0.02", file],
            ["encode", "--secret", secret],
            ["doctor", "--secret", secret],
            ["no-such-command", "--secret", secret],
        ]
        for arguments in invocations {
            let result = try CLI.run(arguments)
            #expect(result.status != 0, "\(arguments.first ?? "")")
            #expect(!result.stderr.isEmpty)
            expectNoEcho(result, of: [secret, String(secret.dropFirst())])
        }
    }

    @Test func unreadableOrEmptySecretSourcesHaveTheirOwnExitCodes() throws {
        let file = try CLI.temporaryFile(body)
        let missing = try CLI.run(["verify", "--secret-file", "/nonexistent/secret", "--signature", "x", file])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("--secret-file #1"))
        #expect(!missing.stderr.contains("nonexistent"))
        let emptyFile = try CLI.temporaryFile([0x0A], name: "secret")
        #expect(try CLI.run(["verify", "--secret-file", emptyFile, "--signature", "x", file]).status == 64)
        let unset = try CLI.run(["verify", "--secret-env", "ET_SURELY_UNSET_VARIABLE", "--signature", "x", file])
        #expect(unset.status == 64)
        #expect(unset.stderr.contains("--secret-env #1"))
        #expect(!unset.stderr.contains("ET_SURELY_UNSET_VARIABLE"))
        #expect(try CLI.run(["verify", "--secret", "", "--signature", "x", file]).status == 64)
    }
}
