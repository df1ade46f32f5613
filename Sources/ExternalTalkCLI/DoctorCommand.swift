import ArgumentParser
import LineHTTPTransport
import TalkModel
import TalkTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `external-talk doctor`: checks that an existing Official Account is set up as R33 requires.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that a LINE Official Account is set up for ExternalTalk (R33).",
        discussion: """
            Reads the channel's webhook settings and bot info, asks LINE to send a test webhook, and says what to
            change: the webhook must be on and point at ExternalTalk, and the account's built-in chat must be off.
            Exits 0 when everything is in order and 1 when something must change or cannot be read. The access
            token is read from an environment variable and never printed.
            """
    )

    @Option(help: ArgumentHelp("The Messaging API channel ID.", valueName: "id"))
    var channel: String

    @Option(
        name: .customLong("token-env"),
        help: ArgumentHelp("The environment variable holding the channel access token.", valueName: "name")
    )
    var tokenEnvironmentVariable = "LINE_CHANNEL_ACCESS_TOKEN"

    @Option(
        name: .customLong("expect-endpoint"),
        help: ArgumentHelp("The webhook URL the channel should use, such as your ExternalTalk route.", valueName: "url")
    )
    var expectedEndpoint: String?

    @Option(
        name: .customLong("api-base-url"),
        help: ArgumentHelp("The Messaging API base URL (for tests and proxies).", valueName: "url")
    )
    var apiBaseURL = "https://api.line.me"

    @Option(help: ArgumentHelp("Seconds to wait for each answer.", valueName: "seconds"))
    var timeout = 10

    func validate() throws {
        guard (try? LineChannelID(channel)) != nil else {
            throw ValidationError("--channel must be a channel ID: 1 to 20 decimal digits.")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive.") }
    }

    func run() async throws {
        let channelID = try LineChannelID(channel)
        guard let token = getenv(tokenEnvironmentVariable).map({ String(cString: $0) }), !token.isEmpty else {
            printError("the environment variable \(tokenEnvironmentVariable) holds no channel access token")
            throw ExitCode.validationFailure
        }
        let configuration = HTTPTalkTransport.Configuration(
            apiBaseURL: apiBaseURL,
            requestTimeout: .seconds(timeout),
            retryPolicy: RetryPolicy(
                maximumAttempts: 2,
                initialDelay: .milliseconds(500),
                maximumDelay: .seconds(1),
                maximumTotalTime: .seconds(5)
            ),
            // `http://` is accepted only for a loopback host, such as a local fake server.
            allowsInsecureLoopback: true
        )
        let transport: HTTPTalkTransport
        do {
            transport = try HTTPTalkTransport(configuration: configuration, accessTokens: .fixed(token))
        } catch {
            printError(error.message)
            throw ExitCode.validationFailure
        }
        var report = DoctorReport()
        await report.check(transport, channel: channelID, expectedEndpoint: expectedEndpoint)
        for line in report.lines { print(line) }
        if report.mustChange {
            print("result: change the settings above, then run doctor again")
            throw ExitCode.failure
        }
        print("result: the Official Account is set up for ExternalTalk")
    }
}

/// The findings of one `doctor` run, in the order they are printed.
struct DoctorReport {
    private(set) var lines: [String] = []
    private(set) var mustChange = false

    private mutating func ok(_ text: String) { lines.append("ok: \(text)") }

    private mutating func change(_ text: String) {
        lines.append("change: \(text)")
        mustChange = true
    }

    private mutating func note(_ text: String) { lines.append("check by hand: \(text)") }

    mutating func check(
        _ transport: some LineMessagingTransport,
        channel: LineChannelID,
        expectedEndpoint: String?
    ) async {
        let endpoint: LineWebhookEndpoint
        do {
            endpoint = try await transport.webhookEndpoint(channel: channel)
        } catch {
            change("cannot read the webhook settings of channel \(channel): \(Self.explain(error))")
            return
        }
        if endpoint.isActive {
            ok("the webhook is on")
        } else {
            change(
                "turn on \"Use webhook\" in the LINE Developers console (Messaging API tab) for channel \(channel) (R33)"
            )
        }
        switch (endpoint.endpoint, expectedEndpoint) {
        case (nil, _), ("", _):
            change("set the webhook URL to \(expectedEndpoint ?? "your ExternalTalk webhook route") (R33)")
        case (let actual?, let expected?) where actual != expected:
            change("the webhook URL is \(actual); set it to \(expected) (R33)")
        case (let actual?, _) where !actual.hasPrefix("https://"):
            change("the webhook URL \(actual) is not https; LINE only calls https endpoints")
        case (let actual?, _):
            ok("the webhook URL is \(actual)")
        }
        do {
            let info = try await transport.botInfo(channel: channel)
            if info.chatMode == .bot {
                ok("the account's built-in chat is off")
            } else {
                change(
                    "turn off Chat in LINE Official Account Manager (Settings > Response settings); ExternalTalk "
                        + "answers through the webhook (R33)"
                )
            }
        } catch {
            change("cannot read the account's chat setting: \(Self.explain(error))")
        }
        if endpoint.endpoint?.isEmpty == false {
            do {
                let test = try await transport.testWebhookEndpoint(channel: channel)
                if test.isSuccess {
                    ok("LINE's test webhook reached the endpoint (HTTP \(test.statusCode.map(String.init) ?? "200"))")
                } else {
                    let status = test.statusCode.map { "HTTP \($0)" } ?? "no answer"
                    change(
                        "LINE's test webhook failed (\(test.reason ?? "unknown reason"), \(status)); make the endpoint "
                            + "reachable over https and answer 200 to a signed empty-events body"
                    )
                }
            } catch {
                change("cannot run LINE's webhook test: \(Self.explain(error))")
            }
        }
        note("greeting message and auto-response are off in Response settings (R33; not readable through the API)")
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? TalkTransportError else { return "\(type(of: error))" }
        switch error.code {
        case .unauthorized: return "LINE refused the access token; issue a new channel access token (\(error.message))"
        case .forbidden: return "this channel may not use the endpoint (\(error.message))"
        default: return error.description
        }
    }
}
