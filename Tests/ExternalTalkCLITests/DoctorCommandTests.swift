import FakeLineAPIServer
import Foundation
import TalkModel
import TalkTesting
import Testing

@Suite("external-talk doctor")
struct DoctorCommandTests {
    /// Runs `doctor` against a loopback fake LINE API whose channel the body has configured.
    private func runDoctor(
        extraArguments: [String] = [],
        revokeToken: Bool = false,
        configure: (InMemoryTransport, LineChannelID) -> Void = { _, _ in }
    ) async throws -> (CLIResult, token: String) {
        let platform = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        let credentials = platform.addChannel(channel)
        configure(platform, channel)
        if revokeToken { platform.revokeAccessToken(channel: channel) }
        // A variable name of our own, so parallel tests do not see each other's tokens.
        let variable = "EXTERNAL_TALK_DOCTOR_TEST_TOKEN_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        setenv(variable, credentials.accessToken, 1)
        defer { unsetenv(variable) }
        let result = try await FakeLineAPIServer.withServer(platform: platform) { server in
            try CLI.run(
                [
                    "doctor", "--channel", channel.rawValue, "--token-env", variable, "--api-base-url",
                    server.apiBaseURL,
                    "--timeout", "5",
                ] + extraArguments
            )
        }
        return (result, credentials.accessToken)
    }

    @Test func r33_accountSetUpForExternalTalkExitsZero() async throws {
        let (result, token) = try await runDoctor(extraArguments: [
            "--expect-endpoint", "https://chat.example.com/line/webhook",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ok: the webhook is on"))
        #expect(result.stdout.contains("ok: the account's built-in chat is off"))
        #expect(result.stdout.contains("ok: LINE's test webhook reached the endpoint"))
        #expect(result.stdout.contains("check by hand: greeting message and auto-response are off"))
        #expect(!result.stdout.contains("change:"))
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
    }

    @Test func r33_saysWhatToChangeAndExitsOne() async throws {
        let (result, token) = try await runDoctor(
            extraArguments: ["--expect-endpoint", "https://chat.example.com/line/webhook"]
        ) { platform, channel in
            platform.configureWebhook(
                endpoint: "https://old-crm.example.com/hook",
                active: false,
                reachable: false,
                chatEnabled: true,
                channel: channel
            )
        }
        #expect(result.status == 1)
        let changes = result.lines.filter { $0.hasPrefix("change:") }
        #expect(changes.count == 4)
        #expect(result.stdout.contains("turn on \"Use webhook\""))
        #expect(result.stdout.contains("set it to https://chat.example.com/line/webhook"))
        #expect(result.stdout.contains("turn off Chat"))
        #expect(result.stdout.contains("COULD_NOT_CONNECT"))
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
    }

    @Test func r33_missingWebhookURLMustBeSet() async throws {
        let (result, _) = try await runDoctor { platform, channel in
            platform.configureWebhook(endpoint: nil, active: true, channel: channel)
        }
        #expect(result.status == 1)
        #expect(result.stdout.contains("change: set the webhook URL"))
    }

    @Test func refusedTokenIsReportedWithoutPrintingIt() async throws {
        let (result, token) = try await runDoctor(revokeToken: true)
        #expect(result.status == 1)
        #expect(result.stdout.contains("LINE refused the access token"))
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
    }

    @Test func missingTokenVariableIsAUsageError() throws {
        let result = try CLI.run([
            "doctor", "--channel", "1650000001", "--token-env", "EXTERNAL_TALK_SURELY_UNSET_VARIABLE",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("EXTERNAL_TALK_SURELY_UNSET_VARIABLE"))
    }

    @Test func badChannelIsAUsageError() throws {
        let result = try CLI.run(["doctor", "--channel", "abc"])
        #expect(result.status == 64)
    }
}
