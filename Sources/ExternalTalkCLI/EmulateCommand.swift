import ArgumentParser
import FakeLineAPIServer
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import TalkModel
import UnixSignals

struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Emulate LINE on loopback for a LINE bot in any language: the Messaging API and a control API.",
        discussion: """
            Serves LINE's Messaging API paths at the root of http://127.0.0.1:PORT (point the bot's official SDK \
            there) and a control API under /emulator/v1 that adds users, makes them follow, write and unfollow \
            (posting signed webhooks to --webhook-url), redelivers events, shows what the bot sent each user, moves \
            the clock and injects faults (see openapi/line-emulator-v1.json). GET /emulator/v1/channel gives the \
            channel secret and access token when they were not given. Prints `emulating LINE on \
            http://127.0.0.1:PORT` when ready; SIGINT and SIGTERM stop it. With --state it keeps users, followers \
            and sent messages in that file across restarts.
            """
    )

    @Option(name: .long, help: "The port to listen on on 127.0.0.1 (default 8090; 0 picks a free one).")
    var port: Int = 8090

    @Option(name: .long, help: "The Official Account channel ID the emulator plays.")
    var channel: String

    @Option(name: .long, help: "The channel secret that signs webhooks (default: a fixed generated one).")
    var secret: String?

    @Option(name: .long, help: "The access token the bot must send (default: a fixed generated one).")
    var token: String?

    @Option(name: .long, help: "The message plan: free, light or standard (default free).")
    var plan: String = "free"

    @Option(name: .long, help: "Where webhooks are posted, such as http://127.0.0.1:3000/callback.")
    var webhookURL: String?

    @Option(name: .long, help: "A JSON file that keeps users, followers and sent messages across restarts.")
    var state: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (try? LineChannelID(channel)) != nil else {
            throw ValidationError("--channel must be a LINE channel ID (digits)")
        }
        guard Self.plans[plan] != nil else { throw ValidationError("--plan must be free, light or standard") }
        if let secret, secret.isEmpty { throw ValidationError("--secret must not be empty") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty") }
    }

    static let plans: [String: MessagePlan] = ["free": .free, "light": .light, "standard": .standard]

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        let configuration = LineEmulator.Configuration(
            port: port,
            channel: try LineChannelID(channel),
            channelSecret: secret,
            accessToken: token,
            plan: Self.plans[plan] ?? .free,
            webhookURL: webhookURL,
            stateFile: state
        )
        let emulator: LineEmulator
        do {
            emulator = try await LineEmulator.start(configuration)
        } catch let error as LineEmulatorError {
            printError("emulate: \(error.message)")
            throw error.code == .unreadableState ? ExitStatus.unreadableInput : ExitStatus.usage
        } catch {
            if ServeCommand.isAddressInUse(error) {
                printError("emulate: cannot listen on 127.0.0.1:\(port): the address is in use")
            } else {
                printError("emulate: cannot start: \(error)")
            }
            throw ExitStatus.usage
        }
        print("emulating LINE on \(emulator.baseURL)")
        fflush(nil)
        let logger = Logger(label: "external-talk.emulate")
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [EmulatorService(emulator: emulator)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// Keeps the emulator running until a graceful shutdown, then stops it.
private struct EmulatorService: Service {
    let emulator: LineEmulator

    func run() async throws {
        try? await gracefulShutdown()
        try await emulator.shutdown()
    }
}
