import Testing
import WebhookSignature

@Suite("external-talk verify: exit codes and output")
struct VerifyCommandTests {
    // The public vector from LINE's Python SDK tests.
    private let secret = "channel_secret"
    private let body = Array("bodybodybodybody".utf8)
    private let signature = "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="

    @Test func w1_validSignaturePrintsValidAndExitsZero() throws {
        let file = try CLI.temporaryFile(body)
        let result = try CLI.run(["verify", "--secret", secret, "--signature", signature, file])
        #expect(result.status == 0)
        #expect(result.stdout == "valid\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func w1_invalidSignaturePrintsTheReasonOnStandardErrorAndExitsOne() throws {
        let file = try CLI.temporaryFile(body + [0x0A])
        let result = try CLI.run(["verify", "--secret", secret, "--signature", signature, file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "invalid: mismatch\n")
    }

    @Test func malformedHeadersAreInvalidWithTheirReason() throws {
        let file = try CLI.temporaryFile(body)
        let cases = [
            ("", "empty"),
            ("not base64 at all!!", "not-base64"),
            ("AAAA", "wrong-length"),
            ("/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k", "bad-padding"),
            ("/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k==", "bad-padding"),
            ("/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k=AAAA", "bad-padding"),
        ]
        for (header, reason) in cases {
            let result = try CLI.run(["verify", "--secret", secret, "--signature", header, file])
            #expect(result.status == 1, "\(header)")
            #expect(result.stderr == "invalid: \(reason)\n", "\(header)")
        }
    }

    @Test func readsStandardInputForDashOrNoFile() throws {
        for arguments in [["-"], []] {
            let result = try CLI.run(["verify", "--secret", secret, "--signature", signature] + arguments, stdin: body)
            #expect(result.status == 0)
            #expect(result.stdout == "valid\n")
        }
    }

    @Test func rotationAcceptsTheOldAndTheNewSecret() throws {
        let file = try CLI.temporaryFile(body)
        let result = try CLI.run([
            "verify", "--secret", "new-secret", "--secret", secret, "--signature", signature, file,
        ])
        #expect(result.status == 0)
        #expect(result.stdout == "valid\n")
        let neither = try CLI.run([
            "verify", "--secret", "new-secret", "--secret", "other", "--signature", signature, file,
        ])
        #expect(neither.status == 1)
    }

    @Test func worksSignaturesVerifyTheSameWay() throws {
        let botSecret = "works-bot-secret"
        let callback = Array(#"{"type":"begin","source":{"userId":"u"},"issuedTime":"2022-01-04T05:16:05Z"}"#.utf8)
        let header = WebhookSignatureVerifier(secrets: [WebhookSecret(botSecret)]).signature(for: callback)
        let result = try CLI.run(["verify", "--works", "--secret", botSecret, "--signature", header], stdin: callback)
        #expect(result.status == 0)
        #expect(result.stdout == "valid\n")
    }

    @Test func usageErrorsExit64() throws {
        let file = try CLI.temporaryFile(body)
        for arguments in [
            ["verify", "--signature", signature, file],
            ["verify", "--secret", secret, file],
            ["verify", "--secret", secret, "--signature", signature, "--no-such-flag", file],
            ["frobnicate"],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test func unreadableFileExits66() throws {
        let result = try CLI.run(["verify", "--secret", secret, "--signature", signature, "/nonexistent/body.json"])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
    }

    @Test func neverPrintsTheSecretOrTheSignature() throws {
        let file = try CLI.temporaryFile(body)
        let longSecret = "s3cr3t-value-that-must-not-leak"
        for arguments in [
            ["verify", "--secret", longSecret, "--signature", signature, file],
            ["verify", "--secret", secret, "--signature", signature, file],
            ["verify", "--secret", longSecret, "--signature", "Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMTI=", file],
        ] {
            let result = try CLI.run(arguments)
            let output = result.stdout + result.stderr
            #expect(!output.contains(longSecret))
            #expect(!output.contains(signature))
            #expect(!output.contains("Zm9vYmFy"))
        }
    }
}
